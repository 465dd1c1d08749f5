// Mastodon API entities (Account, Status...) from the node's records: the one place that decides
// their JSON shape.
#include "api/entities.hpp"

#include "config/config.hpp"
#include "media/media_service.hpp"
#include "media/profile_images.hpp"
#include "model/local_urls.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/interactions_repo.hpp"
#include "store/media_repo.hpp"
#include "store/pins_repo.hpp"
#include "store/polls_repo.hpp"
#include "store/profiles_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/time.hpp"

namespace agora::api {

namespace {
using nlohmann::json;

json nullable(const std::optional<std::string>& v) {
    return v ? json(*v) : json(nullptr);
}
json nullable_id(const std::optional<std::int64_t>& v) {
    return v ? json(std::to_string(*v)) : json(nullptr);
}

} // namespace

std::optional<Account> EntityWriter::account_by_id(std::int64_t id) {
    return store::find_account(conn_, id);
}

json EntityWriter::account(const Account& a) {
    // A page often shows the same author many times: render each account once per writer.
    if (auto it = account_cache_.find(a.id); it != account_cache_.end()) return it->second;
    LocalUrls urls(config_);
    auto profile = store::find_profile(conn_, a.id);
    json fields = json::array();
    for (const auto& f : profile.fields)
        fields.push_back({{"name", f.name}, {"value", f.value_html}, {"verified_at", nullptr}});
    std::string acct = a.local() ? a.username : a.username + "@" + *a.domain;
    auto stats = store::account_stats(conn_, a.id);
    return account_cache_[a.id] = {
               {"id", std::to_string(a.id)},
               {"username", a.username},
               {"acct", acct},
               {"display_name", a.display_name},
               {"locked", a.locked},
               {"bot", a.kind == AccountKind::bot},
               {"discoverable", a.discoverable},
               {"indexable", profile.indexable},
               {"group", a.kind == AccountKind::group},
               {"created_at", iso8601_day(a.created_at)},
               {"note", a.note},
               {"url", urls.profile(a.username)},
               {"uri", urls.actor(a.username)},
               {"avatar", profile_image_url(config_, profile, ProfileImageKind::avatar, false)},
               {"avatar_static",
                profile_image_url(config_, profile, ProfileImageKind::avatar, true)},
               {"header", profile_image_url(config_, profile, ProfileImageKind::header, false)},
               {"header_static",
                profile_image_url(config_, profile, ProfileImageKind::header, true)},
               {"followers_count", stats.followers},
               {"following_count", stats.following},
               {"statuses_count", stats.statuses},
               {"last_status_at", stats.last_status_at
                                      ? json(iso8601(*stats.last_status_at).substr(0, 10))
                                      : json(nullptr)},
               {"hide_collections", profile.hide_collections},
               {"noindex", true},
               {"emojis", json::array()},
               {"roles", json::array()},
               {"fields", fields},
               {"agora", {{"kind", to_string(a.kind)}}},
           };
}

json EntityWriter::credential_account(const Account& a, const User& user) {
    json out = account(a);
    auto profile = store::find_profile(conn_, a.id);
    auto defaults = store::find_posting_defaults(conn_, a.id);
    json fields = json::array();
    for (const auto& f : profile.fields)
        fields.push_back({{"name", f.name}, {"value", f.value}, {"verified_at", nullptr}});
    out["source"] = {{"privacy", to_string(defaults.visibility)},
                     {"sensitive", defaults.sensitive},
                     {"language", nullable(defaults.language)},
                     {"note", profile.note_source},
                     {"fields", fields},
                     {"follow_requests_count", 0},
                     {"hide_collections", profile.hide_collections},
                     {"discoverable", a.discoverable},
                     {"indexable", profile.indexable},
                     {"attribution_domains", json::array()}};
    std::string role = std::string(to_string(user.role));
    // Mastodon's permission bits: 1 administrator; moderators get report and user management.
    std::string permissions = user.role == Role::admin       ? "1"
                              : user.role == Role::moderator ? "1308"
                                                             : "0";
    out["role"] = {{"id", user.role == Role::admin       ? "3"
                          : user.role == Role::moderator ? "2"
                                                         : "-99"},
                   {"name", user.role == Role::member ? "" : role},
                   {"permissions", permissions},
                   {"color", ""},
                   {"highlighted", user.role != Role::member}};
    return out;
}

json EntityWriter::status(const Status& s) {
    auto author = account_by_id(s.account_id);
    if (!author) return nullptr;
    if (s.reblog_of_id) return boost(s, *author);
    LocalUrls urls(config_);
    json mentions = json::array();
    for (auto id : store::mentioned_account_ids(conn_, s.id)) {
        if (auto m = account_by_id(id)) {
            mentions.push_back(
                {{"id", std::to_string(m->id)},
                 {"username", m->username},
                 {"url", urls.profile(m->username)},
                 {"acct", m->local() ? m->username : m->username + "@" + *m->domain}});
        }
    }
    json tags = json::array();
    for (const auto& name : store::status_tag_names(conn_, s.id))
        tags.push_back({{"name", name}, {"url", urls.base + "/tags/" + name}});
    auto counts = store::status_counts(conn_, s.id);
    json media = json::array();
    for (const auto& m : store::list_status_media(conn_, s.id))
        media.push_back(media_attachment(m));
    auto poll = store::find_poll_of_status(conn_, s.id);
    std::string uri = s.uri.value_or(urls.status(author->username, s.id));
    std::string url = s.url.value_or(urls.profile(author->username) + "/" + std::to_string(s.id));
    json out = {
        {"id", std::to_string(s.id)},
        {"uri", uri},
        {"url", url},
        {"created_at", iso8601(s.created_at)},
        {"account", account(*author)},
        {"content", s.content},
        {"visibility", to_string(s.visibility)},
        {"sensitive", s.sensitive},
        {"spoiler_text", s.spoiler_text},
        {"media_attachments", media},
        {"mentions", mentions},
        {"tags", tags},
        {"emojis", json::array()},
        {"reblogs_count", counts.reblogs},
        {"favourites_count", counts.favourites},
        {"replies_count", counts.replies},
        {"edited_at", s.edited_at ? json(iso8601(*s.edited_at)) : json(nullptr)},
        {"in_reply_to_id", nullable_id(s.in_reply_to_id)},
        {"in_reply_to_account_id", nullable_id(s.in_reply_to_account_id)},
        {"reblog", nullptr},
        {"poll", poll ? this->poll(*poll, s.account_id) : json(nullptr)},
        {"card", nullptr},
        {"language", nullable(s.language)},
    };
    if (viewer_) {
        auto state = store::viewer_state(conn_, *viewer_, s.id);
        out["favourited"] = state.favourited;
        out["reblogged"] = state.reblogged;
        out["muted"] = false;
        out["bookmarked"] = state.bookmarked;
        // As Mastodon: only the author sees `pinned`, on the statuses they could pin.
        if (*viewer_ == s.account_id && s.visibility != Visibility::direct)
            out["pinned"] = store::is_status_pinned(conn_, s.account_id, s.id);
        out["filtered"] = json::array();
    }
    if (s.application_id && viewer_ == s.account_id) {
        auto st =
            conn_.query("SELECT name, website FROM oauth_apps WHERE id = ?", *s.application_id);
        if (st.step())
            out["application"] = {{"name", st.text(0)}, {"website", nullable(st.optional_text(1))}};
    }
    return out;
}

// A boost: Mastodon's wrapper status, with the booster as account and the original inside.
json EntityWriter::boost(const Status& s, const Account& booster) {
    auto original = store::find_status(conn_, *s.reblog_of_id);
    if (!original) return nullptr;
    json inner = status(*original);
    if (inner.is_null()) return nullptr;
    LocalUrls urls(config_);
    std::string uri = s.uri.value_or(urls.status(booster.username, s.id) + "/activity");
    json out = {{"id", std::to_string(s.id)},
                {"uri", uri},
                {"url", uri},
                {"created_at", iso8601(s.created_at)},
                {"account", account(booster)},
                {"content", ""},
                {"visibility", to_string(s.visibility)},
                {"sensitive", false},
                {"spoiler_text", ""},
                {"media_attachments", json::array()},
                {"mentions", json::array()},
                {"tags", json::array()},
                {"emojis", json::array()},
                {"reblogs_count", 0},
                {"favourites_count", 0},
                {"replies_count", 0},
                {"edited_at", nullptr},
                {"in_reply_to_id", nullptr},
                {"in_reply_to_account_id", nullptr},
                {"reblog", inner},
                {"poll", nullptr},
                {"card", nullptr},
                {"language", nullptr}};
    for (const char* key : {"favourited", "reblogged", "muted", "bookmarked"})
        if (inner.contains(key)) out[key] = inner[key];
    return out;
}

json EntityWriter::feed_status(const FeedEntry& entry) {

    json out = status(entry.status);
    json reason = {{"type", to_string(entry.reason)}};
    json accounts = json::array();
    if (entry.reason_account_id)
        if (auto a = account_by_id(*entry.reason_account_id)) accounts.push_back(account(*a));
    reason["accounts"] = accounts;
    reason["tag"] = nullable(entry.reason_tag);
    out["agora"] = {{"reason", reason}};
    return out;
}

json EntityWriter::media_attachment(const MediaAttachment& m) {
    auto size = [](int width, int height) {
        return json{{"width", width},
                    {"height", height},
                    {"size", std::to_string(width) + "x" + std::to_string(height)},
                    {"aspect", height > 0 ? double(width) / height : 0.0}};
    };
    return {{"id", std::to_string(m.id)},
            {"type", m.type},
            {"url", media_url(config_, m, false)},
            {"preview_url", media_url(config_, m, true)},
            {"remote_url", nullable(m.remote_url)},
            {"preview_remote_url", nullptr},
            {"text_url", nullptr},
            {"meta",
             {{"original", size(m.width, m.height)},
              {"small", size(m.preview_width, m.preview_height)},
              {"focus", {{"x", m.focus_x}, {"y", m.focus_y}}}}},
            {"description", nullable(m.description)},
            {"blurhash", nullable(m.blurhash)}};
}

json EntityWriter::relationship(const Relationship& r) {
    return {{"id", std::to_string(r.target_id)},
            {"following", r.following},
            {"showing_reblogs", r.following},
            {"notifying", false},
            {"languages", nullptr},
            {"followed_by", r.followed_by},
            {"blocking", r.blocking},
            {"blocked_by", r.blocked_by},
            {"muting", r.muting},
            {"muting_notifications", r.muting_notifications},
            {"requested", r.requested},
            {"requested_by", r.requested_by},
            {"domain_blocking", false},
            {"endorsed", r.endorsed},
            {"note", ""}};
}

json EntityWriter::notification(std::int64_t id, const std::string& type, std::int64_t created_at,
                                std::int64_t from_account_id,
                                std::optional<std::int64_t> status_id) {
    auto from = account_by_id(from_account_id);
    if (!from) return nullptr;
    json out = {{"id", std::to_string(id)},
                {"type", type},
                {"created_at", iso8601(created_at)},
                {"group_key", "ungrouped-" + std::to_string(id)},
                {"account", account(*from)}};
    if (status_id) {
        auto s = store::find_status(conn_, *status_id);
        if (!s) return nullptr;
        out["status"] = status(*s);
    }
    return out;
}

} // namespace agora::api

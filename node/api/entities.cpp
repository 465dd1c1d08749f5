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

#include <algorithm>
#include <unordered_set>

namespace agora::api {

namespace {
using nlohmann::json;

json nullable(const std::optional<std::string>& v) {
    return v ? json(*v) : json(nullptr);
}
std::string acct_of(const Account& a) {
    return a.local() ? a.username : a.username + "@" + *a.domain;
}

// Mastodon's Mention: the short form of an account.
json mention(const LocalUrls& urls, const Account& a) {
    return {{"id", std::to_string(a.id)},
            {"username", a.username},
            {"url", urls.profile(a.username)},
            {"acct", acct_of(a)}};
}

json nullable_id(const std::optional<std::int64_t>& v) {
    return v ? json(std::to_string(*v)) : json(nullptr);
}

} // namespace

std::optional<Account> EntityWriter::account_by_id(std::int64_t id) {
    auto it = accounts_.find(id);
    if (it == accounts_.end()) {
        prefetch_accounts({id});
        it = accounts_.find(id);
    }
    return it->second;
}

void EntityWriter::prefetch_accounts(std::vector<std::int64_t> ids) {
    std::erase_if(ids, [&](std::int64_t id) { return accounts_.contains(id); });
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.empty()) return;
    for (auto& a : store::find_accounts(conn_, ids))
        accounts_.emplace(a.id, std::move(a));
    auto stats = store::account_stats(conn_, ids);
    auto profiles = store::find_profiles(conn_, ids);
    for (auto id : ids) {
        accounts_.try_emplace(id, std::nullopt); // gone: remembered as such
        auto s = stats.find(id);
        account_stats_.emplace(id, s == stats.end() ? store::AccountStats{} : s->second);
        auto p = profiles.find(id);
        profiles_.emplace(id, p == profiles.end() ? AccountProfile{.account_id = id} : p->second);
    }
}

bool EntityWriter::prefetched(const Status& s) const {
    if (!s.reblog_of_id) return details_.contains(s.id);
    auto original = boosted_.find(*s.reblog_of_id);
    return original != boosted_.end() && details_.contains(original->first);
}

void EntityWriter::prefetch(const std::vector<FeedEntry>& entries) {
    std::vector<Status> statuses;
    std::vector<std::int64_t> reason_accounts;
    for (const auto& e : entries) {
        statuses.push_back(e.status);
        if (e.reason_account_id) reason_accounts.push_back(*e.reason_account_id);
    }
    prefetch(statuses, std::move(reason_accounts));
}

void EntityWriter::prefetch(const std::vector<Status>& statuses,
                            std::vector<std::int64_t> account_ids) {
    std::vector<std::int64_t> boosted;
    for (const auto& s : statuses)
        if (s.reblog_of_id && !boosted_.contains(*s.reblog_of_id))
            boosted.push_back(*s.reblog_of_id);
    for (auto& original : store::find_statuses(conn_, boosted))
        boosted_.emplace(original.id, std::move(original));
    // The statuses whose details are shown: the originals of boosts, the others themselves.
    std::vector<std::int64_t> ids;
    auto shown = [&](const Status& s) {
        account_ids.push_back(s.account_id);
        if (!details_.contains(s.id)) ids.push_back(s.id);
    };
    for (const auto& s : statuses) {
        account_ids.push_back(s.account_id);
        if (!s.reblog_of_id)
            shown(s);
        else if (auto it = boosted_.find(*s.reblog_of_id); it != boosted_.end())
            shown(it->second);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (!ids.empty()) {
        auto mentions = store::mentioned_account_ids(conn_, ids);
        auto tags = store::status_tag_names(conn_, ids);
        auto media = store::list_status_media(conn_, ids);
        auto polls = store::find_polls_of_statuses(conn_, ids);
        auto counts = store::status_counts(conn_, ids);
        std::unordered_map<std::int64_t, store::ViewerState> states;
        std::unordered_set<std::int64_t> pinned;
        if (viewer_) {
            states = store::viewer_states(conn_, *viewer_, ids);
            pinned = store::pinned_among(conn_, *viewer_, ids);
        }
        std::vector<const Poll*> page_polls;
        for (const auto& [status_id, poll] : polls)
            page_polls.push_back(&poll);
        poll_tallies_.merge(store::poll_tallies(conn_, page_polls, viewer_));
        for (auto id : ids) {
            Details d;
            if (auto it = mentions.find(id); it != mentions.end())
                d.mention_ids = std::move(it->second);
            if (auto it = tags.find(id); it != tags.end()) d.tags = std::move(it->second);
            if (auto it = media.find(id); it != media.end()) d.media = std::move(it->second);
            if (auto it = polls.find(id); it != polls.end()) d.poll = std::move(it->second);
            if (auto it = counts.find(id); it != counts.end()) d.counts = it->second;
            if (auto it = states.find(id); it != states.end()) d.viewer = it->second;
            d.pinned = pinned.contains(id);
            account_ids.insert(account_ids.end(), d.mention_ids.begin(), d.mention_ids.end());
            details_.emplace(id, std::move(d));
        }
    }
    prefetch_accounts(std::move(account_ids));
}

json EntityWriter::application(std::int64_t id) {
    if (auto it = applications_.find(id); it != applications_.end()) return it->second;
    json out = nullptr;
    auto st = conn_.query("SELECT name, website FROM oauth_apps WHERE id = ?", id);
    if (st.step()) out = {{"name", st.text(0)}, {"website", nullable(st.optional_text(1))}};
    return applications_[id] = out;
}

json EntityWriter::account(const Account& a) {
    // A page often shows the same author many times: render each account once per writer.
    if (auto it = account_cache_.find(a.id); it != account_cache_.end()) return it->second;
    LocalUrls urls(config_);
    auto cached = profiles_.find(a.id);
    auto profile = cached != profiles_.end() ? cached->second : store::find_profile(conn_, a.id);
    json fields = json::array();
    for (const auto& f : profile.fields)
        fields.push_back({{"name", f.name}, {"value", f.value_html}, {"verified_at", nullptr}});
    std::string acct = acct_of(a);
    auto found = account_stats_.find(a.id);
    auto stats = found != account_stats_.end() ? found->second : store::account_stats(conn_, a.id);
    // Field by field: nlohmann's initializer lists cost several allocations per field.
    json out = json::object();
    auto& o = out.get_ref<json::object_t&>();
    o.emplace("id", std::to_string(a.id));
    o.emplace("username", a.username);
    o.emplace("acct", acct);
    o.emplace("display_name", a.display_name);
    o.emplace("locked", a.locked);
    o.emplace("bot", a.kind == AccountKind::bot);
    o.emplace("discoverable", a.discoverable);
    o.emplace("indexable", profile.indexable);
    o.emplace("group", a.kind == AccountKind::group);
    o.emplace("created_at", iso8601_day(a.created_at));
    o.emplace("note", a.note);
    o.emplace("url", urls.profile(a.username));
    o.emplace("uri", urls.actor(a.username));
    o.emplace("avatar", profile_image_url(config_, profile, ProfileImageKind::avatar, false));
    o.emplace("avatar_static", profile_image_url(config_, profile, ProfileImageKind::avatar, true));
    o.emplace("header", profile_image_url(config_, profile, ProfileImageKind::header, false));
    o.emplace("header_static", profile_image_url(config_, profile, ProfileImageKind::header, true));
    o.emplace("followers_count", stats.followers);
    o.emplace("following_count", stats.following);
    o.emplace("statuses_count", stats.statuses);
    o.emplace("last_status_at", stats.last_status_at
                                    ? json(iso8601(*stats.last_status_at).substr(0, 10))
                                    : json(nullptr));
    o.emplace("hide_collections", profile.hide_collections);
    o.emplace("noindex", true);
    o.emplace("emojis", json::array());
    o.emplace("roles", json::array());
    o.emplace("fields", fields);
    o.emplace("agora", json{{"kind", to_string(a.kind)}});
    return account_cache_[a.id] = std::move(out);
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
    if (!prefetched(s)) prefetch({s});
    auto author = account_by_id(s.account_id);
    if (!author) return nullptr;
    if (s.reblog_of_id) return boost(s, *author);
    const Details& details = details_.at(s.id);
    LocalUrls urls(config_);
    json mentions = json::array();
    for (auto id : details.mention_ids) {
        if (auto m = account_by_id(id)) mentions.push_back(mention(urls, *m));
    }
    json tags = json::array();
    for (const auto& name : details.tags)
        tags.push_back({{"name", name}, {"url", urls.base + "/tags/" + name}});
    const auto& counts = details.counts;
    json media = json::array();
    for (const auto& m : details.media)
        media.push_back(media_attachment(m));
    const auto& poll = details.poll;
    std::string uri = s.uri.value_or(urls.status(author->username, s.id));
    std::string url = s.url.value_or(urls.profile(author->username) + "/" + std::to_string(s.id));
    json out = json::object();
    auto& o = out.get_ref<json::object_t&>();
    o.emplace("id", std::to_string(s.id));
    o.emplace("uri", std::move(uri));
    o.emplace("url", std::move(url));
    o.emplace("created_at", iso8601(s.created_at));
    o.emplace("account", account(*author));
    o.emplace("content", s.content);
    o.emplace("visibility", to_string(s.visibility));
    o.emplace("sensitive", s.sensitive);
    o.emplace("spoiler_text", s.spoiler_text);
    o.emplace("media_attachments", std::move(media));
    o.emplace("mentions", std::move(mentions));
    o.emplace("tags", std::move(tags));
    o.emplace("emojis", json::array());
    o.emplace("reblogs_count", counts.reblogs);
    o.emplace("favourites_count", counts.favourites);
    o.emplace("replies_count", counts.replies);
    o.emplace("edited_at", s.edited_at ? json(iso8601(*s.edited_at)) : json(nullptr));
    o.emplace("in_reply_to_id", nullable_id(s.in_reply_to_id));
    o.emplace("in_reply_to_account_id", nullable_id(s.in_reply_to_account_id));
    o.emplace("reblog", nullptr);
    o.emplace("poll", poll ? this->poll(*poll, s.account_id) : json(nullptr));
    o.emplace("card", nullptr);
    o.emplace("language", nullable(s.language));
    if (viewer_) {
        const auto& state = details.viewer;
        o.emplace("favourited", state.favourited);
        o.emplace("reblogged", state.reblogged);
        o.emplace("muted", false);
        o.emplace("bookmarked", state.bookmarked);
        // As Mastodon: only the author sees `pinned`, on the statuses they could pin.
        if (*viewer_ == s.account_id && s.visibility != Visibility::direct)
            out["pinned"] = details.pinned;
        out["filtered"] = filter_results(s, out);
    }
    if (s.application_id && viewer_ == s.account_id)
        if (auto app = application(*s.application_id); !app.is_null()) out["application"] = app;
    return out;
}

// A boost: Mastodon's wrapper status, with the booster as account and the original inside.
json EntityWriter::boost(const Status& s, const Account& booster) {
    auto original = boosted_.find(*s.reblog_of_id);
    if (original == boosted_.end()) return nullptr;
    json inner = status(original->second);
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
    for (const char* key : {"favourited", "reblogged", "muted", "bookmarked", "filtered"})
        if (inner.contains(key)) out[key] = inner[key];
    return out;
}

json EntityWriter::feed_status(const FeedEntry& entry) {

    json out = status(entry.status);
    if (out.is_null()) return out; // its author, or a boosted status, is gone
    json reason = {{"type", to_string(entry.reason)}};
    // Who brought it, in the short form of a mention: the full account is already in the status.
    json accounts = json::array();
    if (entry.reason_account_id)
        if (auto a = account_by_id(*entry.reason_account_id)) {
            accounts.push_back(mention(LocalUrls(config_), *a));
            accounts.back()["display_name"] = a->display_name;
        }
    reason["accounts"] = accounts;
    reason["tag"] = nullable(entry.reason_tag);
    if (entry.reason_list)
        reason["list"] = {{"id", std::to_string(entry.reason_list->id)},
                          {"title", entry.reason_list->title}};
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
            {"showing_reblogs", r.showing_reblogs},
            {"notifying", r.notifying},
            {"languages", r.languages ? json(*r.languages) : json(nullptr)},
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

// Mastodon API entities (Account, Status...) from the node's records: the one place that decides
// their JSON shape.
#include "api/entities.hpp"

#include "api/account_text_cache.hpp"
#include "api/entities_statements.hpp"
#include "config/config.hpp"
#include "media/media_service.hpp"
#include "media/profile_images.hpp"
#include "model/local_urls.hpp"
#include "store/account_moderation_repo.hpp"
#include "store/accounts_repo.hpp"
#include "store/actor_lifecycle_repo.hpp"
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

// An account's profile page and actor id: derived for local accounts, as their server gave them
// for remote ones (Mastodon falls back to the actor id when an actor has no page).
std::string account_url(const LocalUrls& urls, const Account& a) {
    return a.local() ? urls.profile(a.username) : a.remote_page();
}
std::string account_uri(const LocalUrls& urls, const Account& a) {
    return a.local() ? urls.actor(a.username) : a.uri.value_or("");
}

// Set while an account's `moved` is written: as Mastodon, the account moved to is written without
// its own `moved` (which also stops a cycle of moves).
thread_local bool writing_moved = false;
struct WritingMoved {
    WritingMoved() { writing_moved = true; }
    ~WritingMoved() { writing_moved = false; }
};

// Mastodon's Mention: the short form of an account (with its display name in `agora.reason`).
void write_mention(JsonWriter& w, const LocalUrls& urls, const Account& a,
                   bool with_display_name = false) {
    w.begin_object()
        .member("id", std::to_string(a.id))
        .member("username", a.username)
        .member("url", account_url(urls, a))
        .member("acct", acct_of(a));
    if (with_display_name) w.member("display_name", a.display_name);
    w.end_object();
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
    auto moderations = store::find_account_moderations(conn_, ids);
    for (auto id : ids) {
        auto m = moderations.find(id);
        moderations_.emplace(id, m == moderations.end() ? store::AccountModeration{.account_id = id}
                                                        : m->second);
        accounts_.try_emplace(id, std::nullopt); // gone: remembered as such
        auto s = stats.find(id);
        account_stats_.emplace(id, s == stats.end() ? store::AccountStats{} : s->second);
        auto p = profiles.find(id);
        profiles_.emplace(id, p == profiles.end() ? AccountProfile{.account_id = id} : p->second);
    }
}

store::AccountModeration EntityWriter::moderation_of(std::int64_t account_id) {
    if (auto it = moderations_.find(account_id); it != moderations_.end()) return it->second;
    return store::find_account_moderation(conn_, account_id);
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

void EntityWriter::write_application(JsonWriter& w, std::int64_t id) {
    auto it = applications_.find(id);
    if (it == applications_.end()) {
        std::optional<std::string> text;
        auto st = conn_.query("SELECT name, website FROM oauth_apps WHERE id = ?", id);
        if (st.step()) {
            text.emplace();
            JsonWriter(*text)
                .begin_object()
                .member("name", st.text(0))
                .member("website", st.optional_text(1))
                .end_object();
        }
        it = applications_.emplace(id, std::move(text)).first;
    }
    if (it->second) w.member_raw("application", *it->second);
}

const std::string& EntityWriter::account_text(const Account& a) {
    // A page often shows the same author many times: each account is written once per writer,
    // and its text is kept between requests while nothing it is written from changes.
    if (auto it = account_texts_.find(a.id); it != account_texts_.end()) return it->second;
    auto profile = profile_of(a.id);
    auto moderation = moderation_of(a.id);
    auto stats = stats_of(a.id);
    // A remote account that moved shows its new account inside: written afresh each time.
    auto moved_to = a.local() ? std::nullopt : store::moved_to_account_id(conn_, a.id);
    AccountInputs inputs{a, profile, moderation, stats, config_.base_url()};
    std::uint64_t fingerprint = 0;
    if (!moved_to) {
        fingerprint = account_fingerprint(inputs);
        if (const auto* kept = find_account_text(a.id, fingerprint))
            return account_texts_[a.id] = *kept;
    }
    std::string text;
    text.reserve(1024);
    JsonWriter w(text);
    write_account(w, inputs, moved_to);
    if (!moved_to) keep_account_text(a.id, fingerprint, text);
    return account_texts_[a.id] = std::move(text);
}

AccountProfile EntityWriter::profile_of(std::int64_t account_id) {
    if (auto it = profiles_.find(account_id); it != profiles_.end()) return it->second;
    return store::find_profile(conn_, account_id);
}

store::AccountStats EntityWriter::stats_of(std::int64_t account_id) {
    if (auto it = account_stats_.find(account_id); it != account_stats_.end()) return it->second;
    return store::account_stats(conn_, account_id);
}

void EntityWriter::write_account(JsonWriter& w, const Account& a) {
    auto profile = profile_of(a.id);
    auto moderation = moderation_of(a.id);
    auto stats = stats_of(a.id);
    auto moved_to =
        a.local() || writing_moved ? std::nullopt : store::moved_to_account_id(conn_, a.id);
    write_account(w, {a, profile, moderation, stats, config_.base_url()}, moved_to);
}

void EntityWriter::write_account(JsonWriter& w, const AccountInputs& in,
                                 std::optional<std::int64_t> moved_to) {
    LocalUrls urls(config_);
    const Account& a = in.account;
    const auto& moderation = in.moderation;
    const auto& stats = in.stats;
    // As Mastodon: a suspended account shows no name, bio, fields or pictures to anyone.
    const AccountProfile no_profile{};
    const AccountProfile& profile = moderation.suspended() ? no_profile : in.profile;
    w.begin_object()
        .member("id", std::to_string(a.id))
        .member("username", a.username)
        .member("acct", acct_of(a))
        .member("display_name", moderation.suspended() ? std::string() : a.display_name)
        .member("locked", a.locked)
        .member("bot", a.kind == AccountKind::bot)
        .member("discoverable", a.discoverable)
        .member("indexable", profile.indexable)
        .member("group", a.kind == AccountKind::group)
        .member("created_at", iso8601_day(a.created_at))
        .member("note", moderation.suspended() ? std::string() : a.note)
        .member("url", account_url(urls, a))
        .member("uri", account_uri(urls, a))
        .member("avatar", profile_image_url(config_, profile, ProfileImageKind::avatar, false))
        .member("avatar_static",
                profile_image_url(config_, profile, ProfileImageKind::avatar, true))
        .member("header", profile_image_url(config_, profile, ProfileImageKind::header, false))
        .member("header_static",
                profile_image_url(config_, profile, ProfileImageKind::header, true))
        .member("followers_count", stats.followers)
        .member("following_count", stats.following)
        .member("statuses_count", stats.statuses);
    w.key("last_status_at");
    if (stats.last_status_at)
        w.string(iso8601(*stats.last_status_at).substr(0, 10));
    else
        w.null();
    w.member("hide_collections", profile.hide_collections)
        .member("noindex", true)
        .empty_array_member("emojis")
        .empty_array_member("roles");
    w.key("fields").begin_array();
    for (const auto& f : profile.fields)
        w.begin_object()
            .member("name", f.name)
            .member("value", f.value_html)
            .member("verified_at", nullptr)
            .end_object();
    w.end_array();
    if (moved_to && !writing_moved) {
        if (auto target = store::find_account(conn_, *moved_to)) {
            WritingMoved guard;
            w.key("moved");
            write_account(w, *target);
        }
    }
    if (moderation.suspended()) w.member("suspended", true);
    if (moderation.silenced()) w.member("limited", true);
    w.key("agora").begin_object().member("kind", to_string(a.kind)).end_object();
    w.end_object();
}

json EntityWriter::account(const Account& a) {
    return json::parse(account_text(a));
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

std::optional<EntityWriter::Shown> EntityWriter::shown(const Status& s) {
    if (!prefetched(s)) prefetch({s});
    const Status* original = &s;
    if (s.reblog_of_id) {
        auto it = boosted_.find(*s.reblog_of_id);
        if (it == boosted_.end()) return std::nullopt;
        original = &it->second;
    }
    auto author = accounts_.find(original->account_id);
    if (author == accounts_.end() || !author->second) return std::nullopt;
    auto details = details_.find(original->id);
    if (details == details_.end()) return std::nullopt;
    Shown out{original, &*author->second, &details->second, {}};
    if (viewer_) out.matches = filter_matches(*original, details->second);
    return out;
}

bool EntityWriter::hidden(const Shown& shown, std::int64_t author_id,
                          std::string_view context) const {
    // One's own statuses (and boosts) are never hidden.
    if (context.empty() || !viewer_ || *viewer_ == author_id) return false;
    for (const auto& match : shown.matches)
        if (match.filter->action == "hide" && match.filter->applies_in(context)) return true;
    return false;
}

bool EntityWriter::append_status(std::string& out, const Status& s, std::string_view hide_context) {
    auto original = shown(s);
    if (!original) return false;
    const Account* booster = nullptr;
    if (s.reblog_of_id) {
        auto it = accounts_.find(s.account_id);
        if (it == accounts_.end() || !it->second) return false;
        booster = &*it->second;
    }
    if (hidden(*original, s.account_id, hide_context)) return false;
    JsonWriter w(out);
    if (booster)
        write_boost(w, s, *booster, *original);
    else
        write_status(w, s, *original);
    return true;
}

std::optional<std::string> EntityWriter::status_text(const Status& s,
                                                     std::string_view hide_context) {
    std::string text;
    text.reserve(4096);
    if (!append_status(text, s, hide_context)) return std::nullopt;
    return text;
}

json EntityWriter::status(const Status& s) {
    auto text = status_text(s);
    return text ? json::parse(*text) : json(nullptr);
}

void EntityWriter::write_status(JsonWriter& w, const Status& s, const Shown& shown) {
    const Account& author = *shown.author;
    const Details& details = *shown.details;
    LocalUrls urls(config_);
    const auto& counts = details.counts;
    w.begin_object()
        .member("id", std::to_string(s.id))
        .member("uri", s.uri.value_or(urls.status(author.username, s.id)))
        // A remote status without a web page: its id, as Mastodon shows it.
        .member("url", s.url
                           ? *s.url
                           : (s.local || !s.uri ? urls.status_page(author.username, s.id) : *s.uri))
        .member("created_at", iso8601(s.created_at))
        .member_raw("account", account_text(author))
        .member("content", s.content)
        .member("visibility", to_string(s.visibility))
        // Others see the media of an account moderators marked sensitive as sensitive.
        .member("sensitive", s.sensitive || (!details.media.empty() && viewer_ != author.id &&
                                             moderation_of(author.id).sensitized()))
        .member("spoiler_text", s.spoiler_text);
    w.key("media_attachments").begin_array();
    for (const auto& m : details.media)
        write_media(w, m);
    w.end_array();
    w.key("mentions").begin_array();
    for (auto id : details.mention_ids)
        if (auto m = account_by_id(id)) write_mention(w, urls, *m);
    w.end_array();
    w.key("tags").begin_array();
    for (const auto& name : details.tags)
        w.begin_object().member("name", name).member("url", urls.tag_page(name)).end_object();
    w.end_array();
    w.empty_array_member("emojis")
        .member("reblogs_count", counts.reblogs)
        .member("favourites_count", counts.favourites)
        .member("replies_count", counts.replies);
    w.key("edited_at");
    if (s.edited_at)
        w.string(iso8601(*s.edited_at));
    else
        w.null();
    w.key("in_reply_to_id").optional_id(s.in_reply_to_id);
    w.key("in_reply_to_account_id").optional_id(s.in_reply_to_account_id);
    w.member("reblog", nullptr);
    w.key("poll");
    if (details.poll)
        write_poll(w, *details.poll, s.account_id);
    else
        w.null();
    w.member("card", nullptr).member("language", s.language);
    if (viewer_) {
        write_viewer_state(w, shown);
        // As Mastodon: only the author sees `pinned`, on the statuses they could pin.
        if (*viewer_ == s.account_id && s.visibility != Visibility::direct)
            w.member("pinned", details.pinned);
    }
    if (s.application_id && viewer_ == s.account_id) write_application(w, *s.application_id);
    w.end_object();
}

void EntityWriter::write_viewer_state(JsonWriter& w, const Shown& shown) {
    const auto& state = shown.details->viewer;
    w.member("favourited", state.favourited)
        .member("reblogged", state.reblogged)
        .member("muted", false)
        .member("bookmarked", state.bookmarked);
    w.key("filtered").begin_array();
    for (const auto& match : shown.matches) {
        w.begin_object().key("filter").document(filter(*match.filter, false));
        w.key("keyword_matches");
        if (match.keyword_match)
            w.begin_array().string(*match.keyword_match).end_array();
        else
            w.null();
        w.key("status_matches");
        if (match.status_matches.empty())
            w.null();
        else {
            w.begin_array();
            for (auto id : match.status_matches)
                w.id(id);
            w.end_array();
        }
        w.end_object();
    }
    w.end_array();
}

void EntityWriter::write_boost(JsonWriter& w, const Status& s, const Account& booster,
                               const Shown& original) {
    LocalUrls urls(config_);
    std::string uri = s.uri.value_or(urls.status(booster.username, s.id) + "/activity");
    w.begin_object()
        .member("id", std::to_string(s.id))
        .member("uri", uri)
        .member("url", uri)
        .member("created_at", iso8601(s.created_at))
        .member_raw("account", account_text(booster))
        .member("content", "")
        .member("visibility", to_string(s.visibility))
        .member("sensitive", false)
        .member("spoiler_text", "")
        .empty_array_member("media_attachments")
        .empty_array_member("mentions")
        .empty_array_member("tags")
        .empty_array_member("emojis")
        .member("reblogs_count", 0)
        .member("favourites_count", 0)
        .member("replies_count", 0)
        .member("edited_at", nullptr)
        .member("in_reply_to_id", nullptr)
        .member("in_reply_to_account_id", nullptr);
    w.key("reblog");
    write_status(w, *original.status, original);
    w.member("poll", nullptr).member("card", nullptr).member("language", nullptr);
    if (viewer_) write_viewer_state(w, original);
    w.end_object();
}

std::optional<std::string> EntityWriter::feed_status_text(const FeedEntry& entry,
                                                          std::string_view hide_context) {
    std::string text;
    text.reserve(4096);
    if (!append_feed_status(text, entry, hide_context)) return std::nullopt;
    return text;
}

bool EntityWriter::append_feed_status(std::string& out, const FeedEntry& entry,
                                      std::string_view hide_context) {
    if (!append_status(out, entry.status, hide_context)) return false;
    // `agora.reason`, added as the last member: who brought it, in the short form of a mention
    // (the full account is already in the status).
    out.back() = ',';
    JsonWriter w(out);
    w.key("agora").begin_object().key("reason").begin_object();
    w.member("type", to_string(entry.reason));
    w.key("accounts").begin_array();
    if (entry.reason_account_id)
        if (auto a = account_by_id(*entry.reason_account_id))
            write_mention(w, LocalUrls(config_), *a, true);
    w.end_array();
    w.member("tag", entry.reason_tag);
    if (entry.reason_list) // in a list timeline or stream: the list
        w.key("list")
            .begin_object()
            .member("id", std::to_string(entry.reason_list->id))
            .member("title", entry.reason_list->title)
            .end_object();
    w.end_object().end_object();
    out += '}';
    return true;
}

void EntityWriter::write_media(JsonWriter& w, const MediaAttachment& m) {
    auto size = [&](const char* name, int width, int height) {
        w.key(name)
            .begin_object()
            .member("width", width)
            .member("height", height)
            .member("size", std::to_string(width) + "x" + std::to_string(height))
            .member("aspect", height > 0 ? double(width) / height : 0.0)
            .end_object();
    };
    // Remote media are not downloaded yet: clients load them from their server.
    bool remote_only = m.remote_url && m.file_path.empty();
    w.begin_object()
        .member("id", std::to_string(m.id))
        .member("type", m.type)
        .member("url", remote_only ? *m.remote_url : media_url(config_, m, false));
    if (remote_only && m.type != "image")
        w.member("preview_url", nullptr);
    else
        w.member("preview_url", remote_only ? *m.remote_url : media_url(config_, m, true));
    w.member("remote_url", m.remote_url)
        .member("preview_remote_url", nullptr)
        .member("text_url", nullptr);
    w.key("meta").begin_object();
    size("original", m.width, m.height);
    size("small", m.preview_width, m.preview_height);
    w.key("focus").begin_object().member("x", m.focus_x).member("y", m.focus_y).end_object();
    w.end_object();
    w.member("description", m.description).member("blurhash", m.blurhash).end_object();
}

json EntityWriter::media_attachment(const MediaAttachment& m) {
    std::string text;
    JsonWriter w(text);
    write_media(w, m);
    return json::parse(text);
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

std::optional<std::string> EntityWriter::notification_text(std::int64_t id, const std::string& type,
                                                           std::int64_t created_at,
                                                           std::int64_t from_account_id,
                                                           std::optional<std::int64_t> status_id,
                                                           std::string_view hide_context) {
    auto from = account_by_id(from_account_id);
    if (!from) return std::nullopt;
    // What a suspended account did is not shown (its own moderation notices are).
    bool about_moderation = type == "moderation_warning" || type == "agora.appeal_decided";
    if (!about_moderation && store::is_account_suspended(conn_, from_account_id))
        return std::nullopt;
    std::optional<std::string> status;
    if (status_id) {
        auto s = store::find_status(conn_, *status_id);
        if (!s) return std::nullopt;
        status = status_text(*s, hide_context);
        if (!status) return std::nullopt;
    }
    std::string text;
    JsonWriter w(text);
    w.begin_object()
        .member("id", std::to_string(id))
        .member("type", type)
        .member("created_at", iso8601(created_at))
        .member("group_key", "ungrouped-" + std::to_string(id))
        .member_raw("account", account_text(*from));
    if (status) w.member_raw("status", *status);
    if (type == "admin.report")
        if (auto report_id = store::notification_report_id(conn_, id))
            if (auto report_row = store::find_report(conn_, *report_id))
                w.member_raw("report", report(*report_row).dump());
    if (type == "moderation_warning" || type == "agora.appeal_decided")
        if (auto statement_id = store::notification_statement_id(conn_, id))
            if (auto statement = store::find_statement(conn_, *statement_id))
                w.member_raw("moderation_warning",
                             account_warning(*this, config_, *statement, false).dump());
    w.end_object();
    return text;
}

json EntityWriter::notification(std::int64_t id, const std::string& type, std::int64_t created_at,
                                std::int64_t from_account_id,
                                std::optional<std::int64_t> status_id) {
    auto text = notification_text(id, type, created_at, from_account_id, status_id);
    return text ? json::parse(*text) : json(nullptr);
}

} // namespace agora::api

// From the node's events to deliveries: one activity per local action, one row per inbox.
#include "federation/delivery_queue.hpp"

#include "federation/actor.hpp"
#include "federation/ap_activities.hpp"
#include "federation/ap_recipients.hpp"
#include "federation/ap_status.hpp"
#include "federation/instance_actor.hpp"
#include "federation/remote_url.hpp"
#include "model/local_urls.hpp"
#include "moderation/domain_policy.hpp"
#include "store/account_deletion_repo.hpp"
#include "store/accounts_repo.hpp"
#include "store/deliveries_repo.hpp"
#include "store/events_repo.hpp"
#include "store/polls_repo.hpp"
#include "store/profiles_repo.hpp"
#include "store/remote_accounts_repo.hpp"
#include "store/reports_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/log.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>

namespace agora::federation {

namespace {
using nlohmann::json;

// What an event handler needs: the connection, the configuration, the event's payload.
struct Context {
    store::Connection& conn;
    const Config& config;
    const store::Event& event;
    const json& payload;
    std::int64_t now;

    std::int64_t id(const char* key) const {
        auto it = payload.find(key);
        return it != payload.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
    }
    std::optional<std::string> text(const char* key) const {
        auto it = payload.find(key);
        if (it == payload.end() || !it->is_string()) return std::nullopt;
        return it->get<std::string>();
    }
};

// The account `id` when it is local; the only accounts whose actions are delivered.
std::optional<Account> local_account(store::Connection& conn, std::int64_t id) {
    auto account = id ? store::find_account(conn, id) : std::nullopt;
    if (!account || !account->local()) return std::nullopt;
    return account;
}

// The actor id of remote account `id`; nullopt when it is local, unknown or has none stored.
std::optional<std::string> remote_actor(const Context& c, std::int64_t id) {
    auto refs = load_actor_refs(c.conn, c.config, {id});
    if (refs.empty() || refs.front().local) return std::nullopt;
    return refs.front().uri;
}

std::optional<std::string> actor_of(const Context& c, std::int64_t id) {
    auto refs = load_actor_refs(c.conn, c.config, {id});
    if (refs.empty()) return std::nullopt;
    return refs.front().uri;
}

// One row per inbox, each signed by `signer`. Inboxes on this instance are skipped: local
// accounts never get anything over HTTP.
void queue(const Context& c, const json& activity, const std::vector<std::string>& inboxes,
           std::int64_t signer) {
    if (inboxes.empty()) return;
    auto own = parse_remote_url(c.config.base_url());
    auto text = activity.dump();
    for (const auto& inbox : inboxes) {
        auto url = parse_remote_url(inbox);
        if (!url) {
            log::warn("delivery: not queued to an unusable inbox URL: " + inbox.substr(0, 200));
            continue;
        }
        if (own && url->authority() == own->authority()) continue;
        // Suspended domains, and in allow-list mode those not allowed, get nothing.
        if (!moderation::policy_for(c.conn, c.config, url->authority()).federates()) continue;
        store::insert_delivery(c.conn, inbox, url->authority(), text, signer, c.now);
    }
}

// An activity for one remote account: its own inbox.
void queue_to(const Context& c, const json& activity, std::int64_t recipient, std::int64_t signer) {
    if (auto inbox = inbox_of(c.conn, recipient)) queue(c, activity, {*inbox}, signer);
}

void status_created(const Context& c) {
    auto r = load_status_records(c.conn, c.config, c.id("status_id"), c.now);
    if (!r) return; // gone already, or a remote status
    json activity = r->reblog_uri ? announce_activity(r->author_uri, r->uri, r->status.created_at,
                                                      *r->reblog_uri, status_records_audience(*r))
                                  : create_activity(status_object(*r, c.config));
    queue(c, activity, inbox_urls(c.conn, status_reach(c.conn, r->status)), r->author.id);
}

void status_updated(const Context& c) {
    auto r = load_status_records(c.conn, c.config, c.id("status_id"), c.now);
    if (!r || r->reblog_uri) return;
    auto activity =
        update_activity(status_object(*r, c.config), r->status.edited_at.value_or(c.now));
    queue(c, activity, inbox_urls(c.conn, status_reach(c.conn, r->status)), r->author.id);
}

// The boost's Undo{Announce}: the Announce rebuilt from what the event kept of it.
std::optional<json> undo_boost(const Context& c, const Account& author, const json& reblog_of) {
    LocalUrls urls(c.config);
    if (!reblog_of.is_object()) return std::nullopt;
    auto original_id = reblog_of.value("status_id", std::int64_t(0));
    auto original_author = reblog_of.value("account_id", json()).is_number_integer()
                               ? reblog_of["account_id"].get<std::int64_t>()
                               : 0;
    auto original_author_uri = actor_of(c, original_author);
    std::optional<std::string> original_uri;
    if (reblog_of.value("uri", json()).is_string())
        original_uri = reblog_of["uri"].get<std::string>();
    else if (auto local_author = local_account(c.conn, original_author))
        original_uri = urls.status(local_author->username, original_id);
    if (!original_uri || !original_author_uri) return std::nullopt;
    auto status_id = c.id("status_id");
    auto visibility = parse_visibility(c.text("visibility").value_or("public"));
    auto announce = announce_activity(
        urls.actor(author.username), urls.status(author.username, status_id) + "/activity",
        c.id("created_at"), *original_uri,
        boost_audience(visibility.value_or(Visibility::public_), urls.followers(author.username),
                       *original_author_uri));
    return undo_announce_activity(announce, status_id);
}

void status_deleted(const Context& c) {
    if (!c.payload.value("local", false)) return;
    auto author = local_account(c.conn, c.id("account_id"));
    auto inboxes = c.payload.find("inboxes");
    if (!author || inboxes == c.payload.end() || !inboxes->is_array() || inboxes->empty()) return;
    std::vector<std::string> urls_to;
    for (const auto& url : *inboxes)
        if (url.is_string()) urls_to.push_back(url.get<std::string>());
    LocalUrls urls(c.config);
    auto reblog_of = c.payload.value("reblog_of", json());
    std::optional<json> activity;
    if (reblog_of.is_null())
        activity = delete_status_activity(urls.actor(author->username),
                                          urls.status(author->username, c.id("status_id")));
    else
        activity = undo_boost(c, *author, reblog_of);
    if (activity) queue(c, *activity, urls_to, author->id);
}

void account_updated(const Context& c) {
    auto account = local_account(c.conn, c.id("account_id"));
    if (!account) return;
    auto document = actor_document(*account, store::find_profile(c.conn, account->id), c.config);
    queue(c, update_actor_activity(document, account->updated_at),
          inbox_urls(c.conn, profile_reach(account->id)), account->id);
}

// A member deleted: a Delete of the actor, signed with its key (kept for that), to every inbox
// this instance knows, as Mastodon sends it (its followers' and everyone else's).
void account_deleted(const Context& c) {
    auto account = local_account(c.conn, c.id("account_id"));
    if (!account) return;
    queue(c, delete_actor_activity(LocalUrls(c.config).actor(account->username)),
          store::all_known_inboxes(c.conn), account->id);
}

// Moderators suspended or unsuspended a member: an Update of the actor as it is then served
// (suspended: flagged, profile blanked), to the account's reach as Mastodon's AccountReachFinder
// works it out: its followers and the remote accounts it mentioned in the last two days.
void account_suspension(const Context& c, bool suspended) {
    auto account = local_account(c.conn, c.id("account_id"));
    if (!account) return;
    constexpr std::int64_t two_days_ms = 2LL * 24 * 3600 * 1000;
    auto document =
        actor_document(*account, store::find_profile(c.conn, account->id), c.config, suspended);
    auto activity = update_actor_activity(document, c.now);
    activity["id"] = LocalUrls(c.config).actor(account->username) + "#updates/moderation/" +
                     std::to_string(c.event.id);
    auto reach = profile_reach(account->id);
    reach.accounts =
        store::recently_mentioned_remote_ids(c.conn, account->id, c.event.created_at - two_days_ms);
    queue(c, activity, inbox_urls(c.conn, reach), account->id);
}

// A Follow between local account `local_id` and remote account `remote_id`, with the actor ids of
// both, or nullopt when either is not what its role needs.
struct FollowSides {
    Account local;
    std::string local_uri;
    std::string remote_uri;
};
std::optional<FollowSides> follow_sides(const Context& c, std::int64_t local_id,
                                        std::int64_t remote_id) {
    auto local = local_account(c.conn, local_id);
    auto remote_uri = local ? remote_actor(c, remote_id) : std::nullopt;
    if (!remote_uri) return std::nullopt;
    return FollowSides{*local, LocalUrls(c.config).actor(local->username), *remote_uri};
}

// An embedded Follow whose id is unknown (a row written without one) is sent without it:
// receivers then find the follow by its actor and object, as Mastodon does.
json without_empty_follow_id(json activity) {
    auto object = activity.find("object");
    if (object != activity.end() && object->is_object() && object->value("id", "").empty())
        object->erase("id");
    return activity;
}

// follow.requested and follow.undone: local account_id follows remote target_account_id.
void follow_sent(const Context& c, bool undone) {
    auto target = c.id("target_account_id");
    auto sides = follow_sides(c, c.id("account_id"), target);
    if (!sides) return;
    auto row_id = c.id(undone ? "follow_id" : "request_id");
    FollowRef follow{c.text("follow_uri").value_or(local_follow_id(sides->local_uri, row_id)),
                     sides->local_uri, sides->remote_uri};
    queue_to(c, undone ? undo_follow_activity(follow, row_id) : follow_activity(follow), target,
             sides->local.id);
}

// follow.accepted and follow.rejected: local target_account_id answers remote account_id.
void follow_answered(const Context& c, bool accepted) {
    auto follower = c.id("account_id");
    auto sides = follow_sides(c, c.id("target_account_id"), follower);
    if (!sides) return;
    FollowRef follow{c.text("follow_uri").value_or(""), sides->remote_uri, sides->local_uri};
    auto row_id = c.id("follow_id") ? c.id("follow_id") : c.event.id;
    auto activity =
        accepted ? accept_follow_activity(follow, row_id) : reject_follow_activity(follow, row_id);
    queue_to(c, without_empty_follow_id(std::move(activity)), follower, sides->local.id);
}

void favourite(const Context& c, bool created) {
    auto me = local_account(c.conn, c.id("account_id"));
    auto status = me ? store::find_status(c.conn, c.id("status_id")) : std::nullopt;
    if (!status || status->local || !status->uri) return;
    auto actor = LocalUrls(c.config).actor(me->username);
    auto favourite_id = c.id("favourite_id");
    queue_to(c,
             created ? like_activity(actor, favourite_id, *status->uri)
                     : undo_like_activity(actor, favourite_id, *status->uri),
             status->account_id, me->id);
}

void block(const Context& c, bool created) {
    auto target = c.id("target_account_id");
    auto sides = follow_sides(c, c.id("account_id"), target);
    if (!sides) return;
    auto block_id = c.id("block_id");
    queue_to(c,
             created ? block_activity(sides->local_uri, block_id, sides->remote_uri)
                     : undo_block_activity(sides->local_uri, block_id, sides->remote_uri),
             target, sides->local.id);
}

void poll_voted(const Context& c) {
    auto voter = local_account(c.conn, c.id("account_id"));
    auto poll = voter ? store::find_poll(c.conn, c.id("poll_id")) : std::nullopt;
    auto status = poll ? store::find_status(c.conn, poll->status_id) : std::nullopt;
    if (!status || status->local) return;
    std::vector<int> choices;
    if (auto it = c.payload.find("choices"); it != c.payload.end() && it->is_array())
        for (const auto& choice : *it)
            if (choice.is_number_integer()) choices.push_back(choice.get<int>());
    for (const auto& vote : load_vote_activities(c.conn, c.config, poll->id, voter->id, choices))
        queue_to(c, vote, status->account_id, voter->id);
}

// The Update{Question} of local poll `poll_id`, to the status's reach and the remote voters (as
// Mastodon's DistributePollUpdateWorker).
void poll_update(const Context& c, std::int64_t poll_id) {
    auto poll = store::find_poll(c.conn, poll_id);
    auto r = poll ? load_status_records(c.conn, c.config, poll->status_id, c.now) : std::nullopt;
    if (!r || r->reblog_uri || !r->poll) return; // remote, gone, or no poll any more
    auto reach = status_reach(c.conn, r->status);
    for (auto voter : store::voter_ids(c.conn, poll->id))
        reach.accounts.push_back(voter);
    queue(c, poll_update_activity(status_object(*r, c.config), c.now), inbox_urls(c.conn, reach),
          r->author.id);
}

// A local member pinned or unpinned one of their posts: Add or Remove on their featured
// collection, to their followers (as Mastodon). Nothing when the post is gone by now (its Delete
// says enough) or was never the member's own.
void status_pinned(const Context& c, bool pinned) {
    auto me = local_account(c.conn, c.id("account_id"));
    auto status = me ? store::find_status(c.conn, c.id("status_id")) : std::nullopt;
    if (!status || status->account_id != me->id || status->reblog_of_id ||
        status->visibility == Visibility::direct)
        return;
    LocalUrls urls(c.config);
    auto actor = urls.actor(me->username);
    auto uri = urls.status(me->username, status->id);
    auto featured = urls.featured(me->username);
    auto activity = pinned ? add_featured_activity(actor, c.event.id, uri, featured)
                           : remove_featured_activity(actor, c.event.id, uri, featured);
    queue(c, activity, inbox_urls(c.conn, profile_reach(me->id)), me->id);
}

// A report about a remote account, forwarded: a Flag from the instance actor to the account's
// instance (its shared inbox when it has one), naming the account and the reported statuses it
// has there.
void report_forwarded(const Context& c) {
    auto report = store::find_report(c.conn, c.id("report_id"));
    auto target_uri = report ? remote_actor(c, report->target_account_id) : std::nullopt;
    if (!report || !report->forwarded || !target_uri) return;
    std::vector<std::string> objects{*target_uri};
    for (auto id : report->status_ids)
        if (auto status = store::find_status(c.conn, id);
            status && !status->local && status->uri && !status->reblog_of_id)
            objects.push_back(*status->uri);
    // Made by the consumer's preparation (federation.cpp) before this transaction.
    auto instance_actor = store::find_instance_actor(c.conn);
    if (!instance_actor) {
        log::warn("delivery: report " + std::to_string(report->id) +
                  " not forwarded: there is no instance actor");
        return;
    }
    auto activity =
        flag_activity(instance_actor_url(c.config), report->id, objects, report->comment);
    auto inboxes = inbox_urls(c.conn, Reach{.accounts = {report->target_account_id}});
    queue(c, activity, inboxes, instance_actor->id);
}

using Handler = std::function<void(const Context&)>;

const std::map<std::string, Handler, std::less<>>& handlers() {
    static const std::map<std::string, Handler, std::less<>> table = {
        {"status.created", status_created},
        {"status.updated", status_updated},
        {"status.deleted", status_deleted},
        {"account.updated", account_updated},
        {"account.deleted", account_deleted},
        {"account.suspended", [](const Context& c) { account_suspension(c, true); }},
        {"account.unsuspended", [](const Context& c) { account_suspension(c, false); }},
        {"follow.requested", [](const Context& c) { follow_sent(c, false); }},
        {"follow.undone", [](const Context& c) { follow_sent(c, true); }},
        {"follow.accepted", [](const Context& c) { follow_answered(c, true); }},
        {"follow.rejected", [](const Context& c) { follow_answered(c, false); }},
        {"favourite.created", [](const Context& c) { favourite(c, true); }},
        {"favourite.deleted", [](const Context& c) { favourite(c, false); }},
        {"block.created", [](const Context& c) { block(c, true); }},
        {"block.deleted", [](const Context& c) { block(c, false); }},
        {"poll.voted", poll_voted},
        {"poll.expired", [](const Context& c) { poll_update(c, c.id("poll_id")); }},
        {"status.pinned", [](const Context& c) { status_pinned(c, true); }},
        {"status.unpinned", [](const Context& c) { status_pinned(c, false); }},
        {"report.forwarded", report_forwarded},
    };
    return table;
}
} // namespace

void queue_poll_update(store::Connection& conn, const Config& config, std::int64_t poll_id,
                       std::int64_t now) {
    store::Event event;
    event.kind = "poll.updated";
    const json payload = json::object();
    poll_update(Context{conn, config, event, payload, now}, poll_id);
}

void queue_deliveries(store::Connection& conn, const Config& config, const store::Event& event,
                      std::int64_t now) {
    auto handler = handlers().find(event.kind);
    if (handler == handlers().end()) return;
    auto payload = json::parse(event.payload, nullptr, false);
    if (!payload.is_object()) {
        log::warn("delivery: event " + std::to_string(event.id) + " (" + event.kind +
                  ") has no readable payload");
        return;
    }
    handler->second(Context{conn, config, event, payload, now});
}

} // namespace agora::federation

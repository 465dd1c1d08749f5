// Inbox handlers of what remote accounts do with posts: Announce, Like, EmojiReact, their Undo,
// and Add and Remove on their featured collection (pins).
#include "events/event_worker.hpp"
#include "federation/actor_reader.hpp"
#include "federation/as_values.hpp"
#include "federation/inbox_status_handlers.hpp"
#include "federation/remote_interactions.hpp"
#include "federation/remote_status_reader.hpp"
#include "federation/remote_statuses.hpp"
#include "federation/remote_url.hpp"
#include "federation/status_intake.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "store/remote_statuses_repo.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

namespace agora::federation {

namespace {
using nlohmann::json;

const json& member(const json& object, std::string_view key) {
    static const json none;
    if (!object.is_object()) return none;
    auto it = object.find(key);
    return it == object.end() ? none : *it;
}

std::optional<Status> known_status(InboxContext& context, std::string_view id) {
    auto conn = context.node.database().acquire();
    return find_status_by_object_id(*conn, context.node.config(), id);
}

// The post an Announce names: stored, else the sender's own post embedded in it (a self-boost,
// taken as its Create), else fetched by id — an embedded copy of someone else's is not trusted.
std::expected<Status, IntakeProblem> boosted_post(InboxContext& context,
                                                  const RemoteAccount& sender, const json& object,
                                                  const std::string& id) {
    if (auto known = known_status(context, id)) return *known;
    if (object.is_object() && is_status_type(object) && same_origin(id, sender.uri)) {
        auto post =
            read_remote_status(object, json(), context.node.config().base_url(), now_unix_ms());
        if (post && post->uri == id && post->attributed_to == sender.uri) {
            auto taken = take_in_status(context, sender, *post, false, max_thread_fetch_depth);
            if (!taken) return std::unexpected(taken.error());
            if (!taken->status) return std::unexpected(IntakeProblem{false, id + " was deleted"});
            return *taken->status;
        }
    }
    return resolve_status(context, id);
}

InboxOutcome on_announce(InboxContext& context, const InboxActivity& in) {
    auto sender = inbox_sender(context, in);
    if (!sender) return ignored_because(in, "unknown sender");
    auto announce_id = string_at(in.activity, "id");
    if (!announce_id || !parse_remote_url(*announce_id) || !same_origin(*announce_id, sender->uri))
        return ignored_because(in, "the Announce has no id on the sender's origin");
    const json& object = member(in.activity, "object");
    auto object_id = id_of(object);
    if (!object_id) return ignored_because(in, "no object id");
    // As Mastodon: boosts matter here when someone follows the booster, or of our own posts.
    auto known = known_status(context, *object_id);
    {
        auto conn = context.node.database().acquire();
        if (!store::has_local_follower(*conn, sender->account.id) && !(known && known->local))
            return ignored_because(in, "nobody here follows the booster");
    }
    auto original = boosted_post(context, *sender, object, *object_id);
    if (!original) return outcome_of_problem(in, original.error());
    RemoteBoost boost;
    boost.booster_id = sender->account.id;
    boost.announce_uri = *announce_id;
    boost.visibility = visibility_from_audience(ids_at(in.activity, "to"),
                                                ids_at(in.activity, "cc"), sender->followers_url);
    if (auto published = string_at(in.activity, "published"))
        boost.published = parse_iso8601(*published);
    switch (record_remote_boost(context.node.database(), *original, boost)) {
    case BoostOutcome::stored:
        context.node.events().notify();
        return InboxOutcome::applied;
    case BoostOutcome::duplicate:
        return ignored_because(in, "boosted already");
    case BoostOutcome::deleted_before:
        return ignored_because(in, "undone before it arrived");
    case BoostOutcome::not_allowed:
        return ignored_because(in, "this post may not be boosted by the sender");
    }
    return InboxOutcome::ignored;
}

// Like, and EmojiReact where nothing better exists: a favourite.
InboxOutcome on_like(InboxContext& context, const InboxActivity& in) {
    auto sender = inbox_sender(context, in);
    if (!sender) return ignored_because(in, "unknown sender");
    auto object_id = id_of(member(in.activity, "object"));
    if (!object_id) return ignored_because(in, "no object id");
    auto status = known_status(context, *object_id);
    if (!status) return ignored_because(in, "a post we do not have");
    switch (add_remote_favourite(context.node.database(), sender->account.id, *status)) {
    case FavouriteOutcome::added:
        context.node.events().notify();
        return InboxOutcome::applied;
    case FavouriteOutcome::already:
        return ignored_because(in, "favourited already");
    case FavouriteOutcome::not_visible:
        return ignored_because(in, "a post the sender may not see");
    }
    return InboxOutcome::ignored;
}

InboxOutcome undo_boost(InboxContext& context, const InboxActivity& in, const RemoteAccount& sender,
                        const std::string& announce_id) {
    switch (remove_remote_boost(context.node.database(), sender.account.id, announce_id)) {
    case UndoOutcome::removed:
        context.node.events().notify();
        return InboxOutcome::applied;
    case UndoOutcome::unknown:
        return ignored_because(in, "a boost we do not have");
    case UndoOutcome::not_theirs:
        return ignored_because(in, "someone else's boost");
    }
    return InboxOutcome::ignored;
}

InboxOutcome undo_like(InboxContext& context, const InboxActivity& in, const RemoteAccount& sender,
                       const json& like) {
    auto target = id_of(member(like, "object"));
    if (!target) return ignored_because(in, "the undone like names no post");
    auto status = known_status(context, *target);
    if (!status) return ignored_because(in, "a post we do not have");
    if (!remove_remote_favourite(context.node.database(), sender.account.id, *status))
        return ignored_because(in, "no favourite to undo");
    return InboxOutcome::applied;
}

InboxOutcome on_undo(InboxContext& context, const InboxActivity& in) {
    const json& object = member(in.activity, "object");
    bool boost = has_type(object, {"Announce"});
    bool like = has_type(object, {"Like", "EmojiReact"});
    auto id = id_of(object);
    if (object.is_string()) { // named by id only: ours when it is a stored boost's
        auto conn = context.node.database().acquire();
        auto known = store::find_status_by_uri(*conn, *id);
        if (!known || !known->reblog_of_id) return InboxOutcome::not_mine;
        boost = true;
    } else if (!boost && !like) {
        return InboxOutcome::not_mine;
    }
    auto sender = inbox_sender(context, in);
    if (!sender) return ignored_because(in, "unknown sender");
    // What is undone must be the sender's own doing.
    if (auto actor = id_of(member(object, "actor")); actor && *actor != sender->uri)
        return ignored_because(in, "the undone activity is " + *actor + "'s");
    if (boost) {
        if (!id) return ignored_because(in, "the undone boost has no id");
        return undo_boost(context, in, *sender, *id);
    }
    return undo_like(context, in, *sender, object);
}

// Add and Remove on the sender's featured collection: pins of their own posts.
InboxOutcome on_featured(InboxContext& context, const InboxActivity& in, bool add) {
    auto sender = inbox_sender(context, in);
    if (!sender) return ignored_because(in, "unknown sender");
    auto target = id_of(member(in.activity, "target"));
    if (!target || !sender->featured_url || *target != *sender->featured_url)
        return ignored_because(in, "not the sender's featured collection");
    const json& object = member(in.activity, "object");
    if (has_type(object, {"Hashtag"})) return ignored_because(in, "featured hashtags are not kept");
    auto id = id_of(object);
    if (!id) return ignored_because(in, "no object id");
    std::optional<Status> status = known_status(context, *id);
    if (!status && add) {
        if (!same_origin(*id, sender->uri))
            return ignored_because(in, *id + " is not the sender's");
        auto fetched = resolve_status(context, *id);
        if (!fetched) return outcome_of_problem(in, fetched.error());
        status = *fetched;
    }
    if (!status) return ignored_because(in, "a post we do not have");
    if (status->account_id != sender->account.id) return ignored_because(in, "someone else's post");
    bool changed = add ? pin_remote_status(context.node.database(), sender->account.id, *status)
                       : unpin_remote_status(context.node.database(), sender->account.id, *status);
    return changed ? InboxOutcome::applied : ignored_because(in, "nothing changed");
}
} // namespace

void add_interaction_handlers(InboxHandlers& handlers) {
    handlers.emplace("Announce", on_announce);
    handlers.emplace("Like", on_like);
    handlers.emplace("EmojiReact", on_like);
    handlers.emplace("Undo", on_undo);
    handlers.emplace(
        "Add", [](InboxContext& c, const InboxActivity& in) { return on_featured(c, in, true); });
    handlers.emplace("Remove", [](InboxContext& c, const InboxActivity& in) {
        return on_featured(c, in, false);
    });
}

} // namespace agora::federation

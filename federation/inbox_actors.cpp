// Inbox handlers for actors. An actor may only update, delete or move itself: the inbox has
// checked that the sender signed; here the object must be the sender.
#include "federation/inbox_actors.hpp"

#include "accounts/remote_actor_lifecycle.hpp"
#include "federation/federation_client.hpp"
#include "federation/inbox_support.hpp"
#include "node.hpp"
#include "util/log.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace agora::federation {

namespace {
using nlohmann::json;

bool is_actor_type(std::string_view type) {
    static constexpr std::array<std::string_view, 5> types = {"Person", "Service", "Application",
                                                              "Group", "Organization"};
    return std::find(types.begin(), types.end(), type) != types.end();
}

const json& object_of(const InboxActivity& in) {
    static const json none;
    auto it = in.activity.find("object");
    return it != in.activity.end() ? *it : none;
}

InboxOutcome outcome_of(const ResolveError& error) {
    return error.failure == ResolveFailure::unreachable ? InboxOutcome::retry_later
                                                        : InboxOutcome::ignored;
}

// Update{Person...}: the actor is fetched again; what the activity embeds is never believed.
InboxOutcome on_update_actor(InboxContext& context, const InboxActivity& in) {
    const json& object = object_of(in);
    if (!is_actor_type(type_of(object))) return InboxOutcome::not_mine;
    if (id_of(object) != in.actor_uri) return InboxOutcome::ignored; // only the actor itself
    auto refreshed = context.client.actors().resolve_actor(in.actor_uri, true);
    if (!refreshed) return outcome_of(refreshed.error());
    return InboxOutcome::applied;
}

// Delete{the actor itself} (its id, a Tombstone or the actor): its statuses and follows go.
InboxOutcome on_delete_actor(InboxContext& context, const InboxActivity& in) {
    if (id_of(object_of(in)) != in.actor_uri) return InboxOutcome::not_mine;
    auto account = account_by_id(context.node, in.actor_id);
    if (!account || account->local()) return InboxOutcome::ignored;
    int statuses = remove_deleted_remote_account(context.node.database(), *account);
    log::info("inbox: " + in.actor_uri + " was deleted by its server (" + std::to_string(statuses) +
              " statuses removed)");
    return InboxOutcome::applied;
}

// Move{object: the actor, target: its new account}: believed only when the new account, fetched
// now, lists the old one in alsoKnownAs.
InboxOutcome on_move(InboxContext& context, const InboxActivity& in) {
    auto origin = id_at(in.activity, "object");
    auto target_uri = id_at(in.activity, "target");
    if (origin != in.actor_uri || !target_uri || *target_uri == in.actor_uri)
        return InboxOutcome::ignored;
    auto target = context.client.actors().resolve_actor(*target_uri, true);
    if (!target) return outcome_of(target.error());
    const auto& aliases = target->also_known_as;
    if (std::find(aliases.begin(), aliases.end(), in.actor_uri) == aliases.end())
        return InboxOutcome::ignored;
    auto from = account_by_id(context.node, in.actor_id);
    if (!from) return InboxOutcome::ignored;
    int moved = move_local_followers(context.node.database(), context.node.config(), *from,
                                     target->account, target->uri);
    log::info("inbox: " + in.actor_uri + " moved to " + target->uri + " (" + std::to_string(moved) +
              " followers here follow it now)");
    return InboxOutcome::applied;
}
} // namespace

void add_actor_handlers(InboxHandlers& handlers) {
    handlers.emplace("Update", on_update_actor);
    handlers.emplace("Delete", on_delete_actor);
    handlers.emplace("Move", on_move);
}

} // namespace agora::federation

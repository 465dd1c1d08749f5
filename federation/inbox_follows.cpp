// Inbox handlers for follows and blocks. Each change goes through the node's relationship code
// (node/relationships/), which writes the events delivery sends the answers from.
#include "federation/inbox_follows.hpp"

#include "federation/inbox_support.hpp"
#include "model/local_urls.hpp"
#include "node.hpp"
#include "relationships/relationship_service.hpp"
#include "relationships/remote_follows.hpp"
#include "store/database.hpp"
#include "store/relationship_uris_repo.hpp"

#include <nlohmann/json.hpp>

#include <charconv>

namespace agora::federation {

namespace {
using nlohmann::json;
using store::RelationshipRow;
using store::RelationshipTable;

const json& object_of(const InboxActivity& in) {
    static const json none;
    auto it = in.activity.find("object");
    return it != in.activity.end() ? *it : none;
}

// The follow request row of a Follow id as Agora makes them (<actor>#follows/<request id>).
std::optional<RelationshipRow> request_of_local_follow_id(Node& node, std::string_view id) {
    auto hash = id.find("#follows/");
    if (hash == std::string_view::npos) return std::nullopt;
    auto follower = local_account_of(node, id.substr(0, hash));
    if (!follower) return std::nullopt;
    auto digits = id.substr(hash + 9);
    std::int64_t request_id = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), request_id);
    if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    auto conn = node.database().acquire();
    auto row =
        store::find_relationship_by_id(*conn, RelationshipTable::follow_requests, request_id);
    if (!row || row->account_id != follower->id) return std::nullopt;
    return row;
}

struct FollowFound {
    RelationshipTable table; // follow_requests (waiting) or follows (accepted before)
    RelationshipRow row;
};

// A local account's follow of the sender that an Accept or Reject names: by the Follow's id (as
// stored, or as Agora makes them), else by the embedded Follow's actor (a local account) and
// object (the sender). Only the followed actor may answer: rows of other targets are not found.
std::optional<FollowFound> local_follow_of_sender(Node& node, const InboxActivity& in) {
    const json& follow = object_of(in);
    auto mine = [&](const RelationshipRow& row) { return row.target_account_id == in.actor_id; };
    if (auto id = id_of(follow)) {
        auto conn = node.database().acquire();
        for (auto table : {RelationshipTable::follow_requests, RelationshipTable::follows})
            if (auto row = store::find_relationship_by_uri(*conn, table, *id))
                return mine(*row) ? std::optional(FollowFound{table, *row}) : std::nullopt;
    }
    if (auto id = id_of(follow))
        if (auto row = request_of_local_follow_id(node, *id)) {
            if (!mine(*row)) return std::nullopt;
            return FollowFound{RelationshipTable::follow_requests, *row};
        }
    if (type_of(follow) != "Follow" || id_at(follow, "object") != in.actor_uri) return std::nullopt;
    auto actor = id_at(follow, "actor");
    auto follower = actor ? local_account_of(node, *actor) : std::nullopt;
    if (!follower) return std::nullopt;
    auto conn = node.database().acquire();
    for (auto table : {RelationshipTable::follow_requests, RelationshipTable::follows})
        if (auto row = store::find_relationship(*conn, table, follower->id, in.actor_id))
            return FollowFound{table, *row};
    return std::nullopt;
}

// Follow{local account}: a follow, a follow request, or a refusal (remote_follows.hpp).
InboxOutcome on_follow(InboxContext& context, const InboxActivity& in) {
    auto object = id_at(in.activity, "object");
    auto target = object ? local_account_of(context.node, *object) : std::nullopt;
    auto follower = account_by_id(context.node, in.actor_id);
    if (!target || !follower) return InboxOutcome::ignored;
    receive_follow(context.node.database(), *follower, *target,
                   in.activity.at("id").get<std::string>());
    return InboxOutcome::applied;
}

// Accept{Follow}: the local account's request becomes a follow, as when a local account
// authorises one (home feed filled, counters moved).
InboxOutcome on_accept(InboxContext& context, const InboxActivity& in) {
    auto found = local_follow_of_sender(context.node, in);
    if (!found) return InboxOutcome::ignored;
    if (found->table == RelationshipTable::follows) return InboxOutcome::ignored; // accepted before
    auto sender = account_by_id(context.node, in.actor_id);
    if (!sender) return InboxOutcome::ignored;
    // The follow keeps the id its Follow was sent with (Undo and Reject may name it).
    auto follow_uri = found->row.uri ? found->row.uri : id_of(object_of(in));
    auto authorised =
        authorize_follow_request(context.node.database(), *sender, found->row.account_id);
    if (!authorised) return InboxOutcome::ignored;
    auto conn = context.node.database().acquire();
    auto follow = store::find_relationship(*conn, RelationshipTable::follows, found->row.account_id,
                                           in.actor_id);
    if (follow && !follow->uri && follow_uri)
        store::set_relationship_uri(*conn, RelationshipTable::follows, found->row.account_id,
                                    in.actor_id, *follow_uri);
    return InboxOutcome::applied;
}

// Reject{Follow}: the local account's request is turned down, or its follow ends.
InboxOutcome on_reject(InboxContext& context, const InboxActivity& in) {
    auto found = local_follow_of_sender(context.node, in);
    if (!found) return InboxOutcome::ignored;
    if (found->table == RelationshipTable::follows) {
        end_follow_refused_by_target(context.node.database(), found->row.account_id, in.actor_id);
        return InboxOutcome::applied;
    }
    auto sender = account_by_id(context.node, in.actor_id);
    if (!sender) return InboxOutcome::ignored;
    auto rejected = reject_follow_request(context.node.database(), *sender, found->row.account_id);
    return rejected ? InboxOutcome::applied : InboxOutcome::ignored;
}

// The sender's own row of `tables` that an Undo's object names: by the activity's id, else (an
// embedded object of `type`) by its object, a local account. Rows of other actors are not found:
// only who followed or blocked may undo it.
std::optional<FollowFound> own_row_undone(Node& node, const InboxActivity& in,
                                          std::initializer_list<RelationshipTable> tables,
                                          std::string_view type) {
    const json& object = object_of(in);
    if (auto id = id_of(object)) {
        auto conn = node.database().acquire();
        for (auto table : tables)
            if (auto row = store::find_relationship_by_uri(*conn, table, *id))
                return row->account_id == in.actor_id ? std::optional(FollowFound{table, *row})
                                                      : std::nullopt;
    }
    if (type_of(object) != type || id_at(object, "actor") != in.actor_uri) return std::nullopt;
    auto target_uri = id_at(object, "object");
    auto target = target_uri ? local_account_of(node, *target_uri) : std::nullopt;
    if (!target) return std::nullopt;
    auto conn = node.database().acquire();
    for (auto table : tables)
        if (auto row = store::find_relationship(*conn, table, in.actor_id, target->id))
            return FollowFound{table, *row};
    return std::nullopt;
}

// What an Undo of `type` answers when it found nothing: ignored when the object says it is of
// that type; else not_mine, so that the Undo handlers of other types are asked.
InboxOutcome nothing_to_undo(const InboxActivity& in, std::string_view type) {
    return type_of(object_of(in)) == type ? InboxOutcome::ignored : InboxOutcome::not_mine;
}

// Undo{Follow}: the sender stops following (or withdraws its request to follow) a local account.
InboxOutcome on_undo_follow(InboxContext& context, const InboxActivity& in) {
    auto kind = type_of(object_of(in));
    if (!kind.empty() && kind != "Follow") return InboxOutcome::not_mine;
    auto found =
        own_row_undone(context.node, in,
                       {RelationshipTable::follows, RelationshipTable::follow_requests}, "Follow");
    auto sender = account_by_id(context.node, in.actor_id);
    if (!found || !sender) return nothing_to_undo(in, "Follow");
    unfollow(context.node.database(), *sender, found->row.target_account_id);
    return InboxOutcome::applied;
}

// Block{local account}: as when a local account blocks (follows end both ways), by the sender.
InboxOutcome on_block(InboxContext& context, const InboxActivity& in) {
    auto object = id_at(in.activity, "object");
    auto target = object ? local_account_of(context.node, *object) : std::nullopt;
    auto sender = account_by_id(context.node, in.actor_id);
    if (!target || !sender) return InboxOutcome::ignored;
    if (!block(context.node.database(), *sender, target->id)) return InboxOutcome::ignored;
    auto conn = context.node.database().acquire();
    store::set_relationship_uri(*conn, RelationshipTable::blocks, sender->id, target->id,
                                in.activity.at("id").get<std::string>());
    return InboxOutcome::applied;
}

// Undo{Block}: the sender's block of a local account ends.
InboxOutcome on_undo_block(InboxContext& context, const InboxActivity& in) {
    auto kind = type_of(object_of(in));
    if (!kind.empty() && kind != "Block") return InboxOutcome::not_mine;
    auto found = own_row_undone(context.node, in, {RelationshipTable::blocks}, "Block");
    auto sender = account_by_id(context.node, in.actor_id);
    if (!found || !sender) return nothing_to_undo(in, "Block");
    unblock(context.node.database(), *sender, found->row.target_account_id);
    return InboxOutcome::applied;
}
} // namespace

void add_follow_handlers(InboxHandlers& handlers) {
    handlers.emplace("Follow", on_follow);
    handlers.emplace("Accept", on_accept);
    handlers.emplace("Reject", on_reject);
    handlers.emplace("Undo", on_undo_follow);
    handlers.emplace("Block", on_block);
    handlers.emplace("Undo", on_undo_block);
}

} // namespace agora::federation

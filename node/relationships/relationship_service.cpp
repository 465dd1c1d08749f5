// Following, follow requests, blocking and muting: the rules, the home-feed and notification side
// effects, and the event each change leaves for federation, in one transaction each.
#include "relationships/relationship_service.hpp"

#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/follow_options_repo.hpp"
#include "store/notifications_repo.hpp"
#include "store/relationships_repo.hpp"
#include "util/ids.hpp"

#include <nlohmann/json.hpp>

namespace agora {

namespace {
constexpr int merged_on_follow = 40; // recent statuses a new follow brings into the home feed

// Runs `change` in a transaction after checking the target exists and is not the caller.
template <typename Change>
RelationshipResult change_relationship(store::Database& db, const Account& me,
                                       std::int64_t target_id, Change change) {
    auto conn = db.acquire();
    if (!store::find_account(*conn, target_id))
        return std::unexpected(RelationshipError{404, "Record not found"});
    if (target_id == me.id)
        return std::unexpected(RelationshipError{403, "This action is not allowed"});
    store::Transaction tx(*conn);
    if (auto refused = change(*conn)) return std::unexpected(*refused);
    tx.commit();
    return store::relationship(*conn, me.id, target_id);
}

void event(store::Connection& conn, const std::string& kind, std::int64_t account_id,
           std::int64_t target_id) {
    store::insert_event(
        conn, kind,
        nlohmann::json{{"account_id", account_id}, {"target_account_id", target_id}}.dump());
}

using Refusal = std::optional<RelationshipError>;
} // namespace

RelationshipResult follow(store::Database& db, const Account& me, std::int64_t target_id,
                          const FollowOptionsChange& change) {
    return change_relationship(db, me, target_id, [&](store::Connection& conn) -> Refusal {
        if (store::blocked_either_way(conn, me.id, target_id))
            return RelationshipError{403, "This action is not allowed"};
        // Following again changes the options asked for (what is already in the feed stays).
        for (auto row : {store::FollowRow::follow, store::FollowRow::request})
            if (auto options = store::find_follow_options(conn, row, me.id, target_id)) {
                store::save_follow_options(conn, row, me.id, target_id,
                                           change.applied_to(*options));
                return std::nullopt;
            }
        auto options = change.applied_to({});
        auto target = store::find_account(conn, target_id);
        if (target->locked) {
            store::insert_follow_request(conn, me.id, target_id);
            store::save_follow_options(conn, store::FollowRow::request, me.id, target_id, options);
            store::insert_notification(conn, target_id, "follow_request", me.id, std::nullopt);
            event(conn, "follow_request.created", me.id, target_id);
            return std::nullopt;
        }
        auto id = next_id();
        store::insert_follow(conn, id, me.id, target_id, id_time_ms(id));
        store::save_follow_options(conn, store::FollowRow::follow, me.id, target_id, options);
        store::insert_notification(conn, target_id, "follow", me.id, std::nullopt);
        store::merge_into_feed(conn, me.id, target_id, merged_on_follow);
        event(conn, "follow.created", me.id, target_id);
        return std::nullopt;
    });
}

RelationshipResult unfollow(store::Database& db, const Account& me, std::int64_t target_id) {
    return change_relationship(db, me, target_id, [&](store::Connection& conn) -> Refusal {
        bool followed = store::delete_follow(conn, me.id, target_id);
        bool requested = store::delete_follow_request(conn, me.id, target_id);
        if (followed) {
            store::remove_followed_from_feed(conn, me.id, target_id);
            event(conn, "follow.deleted", me.id, target_id);
        }
        if (requested) {
            store::delete_notifications_from(conn, target_id, me.id, "follow_request");
            event(conn, "follow_request.deleted", me.id, target_id);
        }
        return std::nullopt;
    });
}

RelationshipResult block(store::Database& db, const Account& me, std::int64_t target_id) {
    return change_relationship(db, me, target_id, [&](store::Connection& conn) -> Refusal {
        store::insert_block(conn, me.id, target_id);
        for (auto [a, b] : {std::pair{me.id, target_id}, std::pair{target_id, me.id}}) {
            if (store::delete_follow(conn, a, b)) store::remove_followed_from_feed(conn, a, b);
            store::delete_follow_request(conn, a, b);
        }
        event(conn, "block.created", me.id, target_id);
        return std::nullopt;
    });
}

RelationshipResult unblock(store::Database& db, const Account& me, std::int64_t target_id) {
    return change_relationship(db, me, target_id, [&](store::Connection& conn) -> Refusal {
        if (store::delete_block(conn, me.id, target_id))
            event(conn, "block.deleted", me.id, target_id);
        return std::nullopt;
    });
}

RelationshipResult mute(store::Database& db, const Account& me, std::int64_t target_id,
                        bool hide_notifications) {
    return change_relationship(db, me, target_id, [&](store::Connection& conn) -> Refusal {
        store::insert_mute(conn, me.id, target_id, hide_notifications);
        return std::nullopt;
    });
}

RelationshipResult unmute(store::Database& db, const Account& me, std::int64_t target_id) {
    return change_relationship(db, me, target_id, [&](store::Connection& conn) -> Refusal {
        store::delete_mute(conn, me.id, target_id);
        return std::nullopt;
    });
}

RelationshipResult authorize_follow_request(store::Database& db, const Account& me,
                                            std::int64_t requester_id) {
    return change_relationship(db, me, requester_id, [&](store::Connection& conn) -> Refusal {
        auto options =
            store::find_follow_options(conn, store::FollowRow::request, requester_id, me.id);
        if (!options || !store::delete_follow_request(conn, requester_id, me.id))
            return RelationshipError{404, "Record not found"};
        auto id = next_id();
        store::insert_follow(conn, id, requester_id, me.id, id_time_ms(id));
        store::save_follow_options(conn, store::FollowRow::follow, requester_id, me.id, *options);
        store::delete_notifications_from(conn, me.id, requester_id, "follow_request");
        store::insert_notification(conn, me.id, "follow", requester_id, std::nullopt);
        store::merge_into_feed(conn, requester_id, me.id, merged_on_follow);
        event(conn, "follow_request.authorized", requester_id, me.id);
        return std::nullopt;
    });
}

RelationshipResult reject_follow_request(store::Database& db, const Account& me,
                                         std::int64_t requester_id) {
    return change_relationship(db, me, requester_id, [&](store::Connection& conn) -> Refusal {
        if (!store::delete_follow_request(conn, requester_id, me.id))
            return RelationshipError{404, "Record not found"};
        store::delete_notifications_from(conn, me.id, requester_id, "follow_request");
        event(conn, "follow_request.rejected", requester_id, me.id);
        return std::nullopt;
    });
}

} // namespace agora

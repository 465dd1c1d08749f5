// Following, follow requests, blocking and muting: the rules, the home-feed and notification side
// effects, and the event each change leaves for federation, in one transaction each.
#include "relationships/relationship_service.hpp"

#include "model/local_urls.hpp"
#include "relationships/follow_events.hpp"
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

// Ends the follow (or request) `follower_id` → `followed_id` that a block by `blocker_id` ends:
// undone when the blocker was the follower, rejected when the blocker was followed.
void end_for_block(store::Connection& conn, std::int64_t blocker_id, std::int64_t follower_id,
                   std::int64_t followed_id) {
    auto ended = [&](const store::FollowRecord& row) {
        if (follower_id == blocker_id)
            write_follow_undone(conn, follower_id, followed_id, row);
        else
            write_follow_rejected(conn, follower_id, followed_id, row);
    };
    if (auto follow = store::find_follow(conn, follower_id, followed_id)) {
        store::delete_follow(conn, follower_id, followed_id);
        store::remove_followed_from_feed(conn, follower_id, followed_id);
        ended(*follow);
    }
    if (auto request = store::find_follow_request(conn, follower_id, followed_id)) {
        store::delete_follow_request(conn, follower_id, followed_id);
        ended(*request);
    }
}
} // namespace

RelationshipResult follow(store::Database& db, const Config& config, const Account& me,
                          std::int64_t target_id, const FollowOptionsChange& change) {
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
        // A remote account is asked with a Follow, whatever its lock: it follows once its server
        // answers Accept. The request's uri is the Follow's id.
        if (target->locked || !target->local()) {
            auto request_id = next_id();
            std::optional<std::string> uri;
            if (!target->local()) uri = LocalUrls(config).follow(me.username, request_id);
            store::insert_follow_request(conn, request_id, me.id, target_id, uri);
            store::save_follow_options(conn, store::FollowRow::request, me.id, target_id, options);
            if (target->local())
                store::insert_notification(conn, target_id, "follow_request", me.id, std::nullopt);
            write_follow_requested(conn, request_id, me.id, target_id, uri);
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
        if (auto follow = store::find_follow(conn, me.id, target_id)) {
            store::delete_follow(conn, me.id, target_id);
            store::remove_followed_from_feed(conn, me.id, target_id);
            write_follow_undone(conn, me.id, target_id, *follow);
        }
        if (auto request = store::find_follow_request(conn, me.id, target_id)) {
            store::delete_follow_request(conn, me.id, target_id);
            store::delete_notifications_from(conn, target_id, me.id, "follow_request");
            write_follow_undone(conn, me.id, target_id, *request);
        }
        return std::nullopt;
    });
}

RelationshipResult block(store::Database& db, const Account& me, std::int64_t target_id) {
    return change_relationship(db, me, target_id, [&](store::Connection& conn) -> Refusal {
        bool already = store::is_blocking(conn, me.id, target_id);
        store::insert_block(conn, me.id, target_id);
        end_for_block(conn, me.id, me.id, target_id);
        end_for_block(conn, me.id, target_id, me.id);
        if (!already)
            write_block_event(conn, "block.created", *store::find_block_id(conn, me.id, target_id),
                              me.id, target_id);
        return std::nullopt;
    });
}

RelationshipResult unblock(store::Database& db, const Account& me, std::int64_t target_id) {
    return change_relationship(db, me, target_id, [&](store::Connection& conn) -> Refusal {
        auto block_id = store::find_block_id(conn, me.id, target_id);
        if (block_id && store::delete_block(conn, me.id, target_id))
            write_block_event(conn, "block.deleted", *block_id, me.id, target_id);
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
        auto request = store::find_follow_request(conn, requester_id, me.id);
        if (!options || !request || !store::delete_follow_request(conn, requester_id, me.id))
            return RelationshipError{404, "Record not found"};
        auto id = next_id();
        store::insert_follow(conn, id, requester_id, me.id, id_time_ms(id), request->uri);
        store::save_follow_options(conn, store::FollowRow::follow, requester_id, me.id, *options);
        store::delete_notifications_from(conn, me.id, requester_id, "follow_request");
        store::insert_notification(conn, me.id, "follow", requester_id, std::nullopt);
        store::merge_into_feed(conn, requester_id, me.id, merged_on_follow);
        write_follow_accepted(conn, id, requester_id, me.id, request->uri);
        return std::nullopt;
    });
}

RelationshipResult reject_follow_request(store::Database& db, const Account& me,
                                         std::int64_t requester_id) {
    return change_relationship(db, me, requester_id, [&](store::Connection& conn) -> Refusal {
        auto request = store::find_follow_request(conn, requester_id, me.id);
        if (!request || !store::delete_follow_request(conn, requester_id, me.id))
            return RelationshipError{404, "Record not found"};
        store::delete_notifications_from(conn, me.id, requester_id, "follow_request");
        write_follow_rejected(conn, requester_id, me.id, *request);
        return std::nullopt;
    });
}

RelationshipResult remove_from_followers(store::Database& db, const Account& me,
                                         std::int64_t follower_id) {
    return change_relationship(db, me, follower_id, [&](store::Connection& conn) -> Refusal {
        if (auto follow = store::find_follow(conn, follower_id, me.id)) {
            store::delete_follow(conn, follower_id, me.id);
            store::remove_followed_from_feed(conn, follower_id, me.id);
            write_follow_rejected(conn, follower_id, me.id, *follow);
        }
        return std::nullopt;
    });
}

} // namespace agora

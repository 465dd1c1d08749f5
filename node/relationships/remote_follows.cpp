// What a remote account's Follow does here, and the end of a follow it refused.
#include "relationships/remote_follows.hpp"

#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/notifications_repo.hpp"
#include "store/relationship_uris_repo.hpp"
#include "store/relationships_repo.hpp"
#include "util/ids.hpp"

#include <nlohmann/json.hpp>

namespace agora {

namespace {
using store::RelationshipTable;

void follow_event(store::Connection& conn, const std::string& kind, nlohmann::json payload) {
    store::insert_event(conn, kind, payload.dump());
}
} // namespace

FollowReceipt receive_follow(store::Database& db, const Account& follower, const Account& target,
                             const std::string& follow_uri) {
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    FollowReceipt receipt;
    nlohmann::json pair = {{"account_id", follower.id}, {"target_account_id", target.id}};
    if (store::blocked_either_way(*conn, follower.id, target.id)) {
        pair["follow_uri"] = follow_uri;
        pair["follow_id"] = next_id(); // no row was made: a fresh id names the refusal
        follow_event(*conn, "follow.rejected", pair);
    } else if (auto follow = store::find_relationship(*conn, RelationshipTable::follows,
                                                      follower.id, target.id)) {
        // Following already (the Accept may have been lost): accepted again.
        store::set_relationship_uri(*conn, RelationshipTable::follows, follower.id, target.id,
                                    follow_uri);
        receipt = {FollowReceived::followed, follow->id};
    } else if (auto request = store::find_relationship(*conn, RelationshipTable::follow_requests,
                                                       follower.id, target.id)) {
        store::set_relationship_uri(*conn, RelationshipTable::follow_requests, follower.id,
                                    target.id, follow_uri);
        receipt = {FollowReceived::requested, request->id};
    } else if (target.locked) {
        store::insert_follow_request(*conn, follower.id, target.id);
        store::set_relationship_uri(*conn, RelationshipTable::follow_requests, follower.id,
                                    target.id, follow_uri);
        store::insert_notification(*conn, target.id, "follow_request", follower.id, std::nullopt);
        auto request = store::find_relationship(*conn, RelationshipTable::follow_requests,
                                                follower.id, target.id);
        follow_event(*conn, "follow.requested",
                     {{"request_id", request->id},
                      {"account_id", follower.id},
                      {"target_account_id", target.id},
                      {"follow_uri", follow_uri}});
        receipt = {FollowReceived::requested, request->id};
    } else {
        auto id = next_id();
        store::insert_follow(*conn, id, follower.id, target.id, id_time_ms(id));
        store::set_relationship_uri(*conn, RelationshipTable::follows, follower.id, target.id,
                                    follow_uri);
        store::insert_notification(*conn, target.id, "follow", follower.id, std::nullopt);
        follow_event(*conn, "follow.created", pair);
        receipt = {FollowReceived::followed, id};
    }
    if (receipt.outcome == FollowReceived::followed)
        follow_event(*conn, "follow.accepted",
                     {{"follow_id", receipt.row_id},
                      {"account_id", follower.id},
                      {"target_account_id", target.id},
                      {"follow_uri", follow_uri}});
    tx.commit();
    return receipt;
}

bool end_follow_refused_by_target(store::Database& db, std::int64_t follower_id,
                                  std::int64_t target_id) {
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    bool followed = store::delete_follow(*conn, follower_id, target_id);
    bool requested = store::delete_follow_request(*conn, follower_id, target_id);
    if (followed) {
        store::remove_followed_from_feed(*conn, follower_id, target_id);
        follow_event(*conn, "follow.deleted",
                     {{"account_id", follower_id}, {"target_account_id", target_id}});
    }
    tx.commit();
    return followed || requested;
}

} // namespace agora

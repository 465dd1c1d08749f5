// What happens here when another server deletes or moves one of its actors.
#include "accounts/remote_actor_lifecycle.hpp"

#include "relationships/relationship_service.hpp"
#include "statuses/status_service.hpp"
#include "store/accounts_repo.hpp"
#include "store/actor_lifecycle_repo.hpp"
#include "store/database.hpp"
#include "store/follow_options_repo.hpp"
#include "store/relationships_repo.hpp"
#include "util/time.hpp"

namespace agora {

int remove_deleted_remote_account(store::Database& db, const Account& account) {
    if (account.local()) return 0;
    int deleted = 0;
    // One status per transaction, through the node's deletion (counters, conversations, the
    // status.deleted event streams and delivery read).
    for (;;) {
        std::vector<std::int64_t> ids;
        {
            auto conn = db.acquire();
            ids = store::status_ids_of_account(*conn, account.id, 100);
        }
        int before = deleted;
        for (auto id : ids)
            if (delete_status(db, account, id)) ++deleted;
        if (deleted == before) break; // nothing left that can be deleted
    }
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    for (auto [follower, followed] : store::follow_pairs_of(*conn, account.id, false)) {
        store::delete_follow(*conn, follower, followed);
        store::remove_followed_from_feed(*conn, follower, followed);
    }
    for (auto [follower, followed] : store::follow_pairs_of(*conn, account.id, true))
        store::delete_follow_request(*conn, follower, followed);
    store::mark_account_gone(*conn, account.id, now_unix_ms());
    tx.commit();
    return deleted;
}

int move_local_followers(store::Database& db, const Config& config, const Account& from,
                         const Account& to, const std::string& to_uri) {
    std::vector<std::int64_t> followers;
    {
        auto conn = db.acquire();
        store::Transaction tx(*conn);
        store::set_moved_to(*conn, from.id, to_uri);
        tx.commit();
        followers = store::local_follower_ids(*conn, from.id);
    }
    int moved = 0;
    for (auto follower_id : followers) {
        std::optional<Account> follower;
        std::optional<FollowOptions> options;
        {
            auto conn = db.acquire();
            follower = store::find_account(*conn, follower_id);
            options =
                store::find_follow_options(*conn, store::FollowRow::follow, follower_id, from.id);
        }
        if (!follower || !options) continue;
        FollowOptionsChange same{options->show_reblogs, options->notify, options->languages};
        if (!follow(db, config, *follower, to.id, same)) continue; // a block stands between them
        unfollow(db, *follower, from.id);
        ++moved;
    }
    return moved;
}

} // namespace agora

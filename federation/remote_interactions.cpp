// What remote accounts do with statuses, kept through node code.
#include "federation/remote_interactions.hpp"

#include "federation/remote_statuses.hpp"
#include "statuses/conversations.hpp"
#include "statuses/status_service.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/interactions_repo.hpp"
#include "store/notifications_repo.hpp"
#include "store/pins_repo.hpp"
#include "store/remote_statuses_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

namespace agora::federation {

namespace {
bool is_local_account(store::Connection& conn, std::int64_t id) {
    auto account = store::find_account(conn, id);
    return account && account->local();
}
} // namespace

BoostOutcome record_remote_boost(store::Database& db, const Status& original,
                                 const RemoteBoost& boost) {
    auto conn = db.acquire();
    auto now = now_unix_ms();
    store::Transaction tx(*conn);
    if (store::has_status_tombstone(*conn, boost.announce_uri, boost.booster_id))
        return BoostOutcome::deleted_before;
    if (store::find_status_by_uri(*conn, boost.announce_uri) ||
        store::find_reblog(*conn, boost.booster_id, original.id))
        return BoostOutcome::duplicate;
    // As Mastodon: one may boost one's own posts, and others' public and unlisted ones.
    bool distributable =
        original.visibility == Visibility::public_ || original.visibility == Visibility::unlisted;
    if (original.reblog_of_id || (!distributable && original.account_id != boost.booster_id) ||
        !can_see(*conn, original, boost.booster_id))
        return BoostOutcome::not_allowed;
    Status status;
    status.id = next_id();
    status.account_id = boost.booster_id;
    status.uri = boost.announce_uri;
    status.local = false;
    status.reblog_of_id = original.id;
    status.visibility = boost.visibility;
    status.created_at = std::min(boost.published.value_or(now), now);
    store::insert_status(*conn, status);
    if (is_local_account(*conn, original.account_id))
        store::insert_notification(*conn, original.account_id, "reblog", boost.booster_id,
                                   original.id);
    if (!boost.published || *boost.published >= now - realtime_window_ms)
        store::insert_event(*conn, "status.created",
                            nlohmann::json{{"status_id", status.id}}.dump());
    tx.commit();
    return BoostOutcome::stored;
}

UndoOutcome remove_remote_boost(store::Database& db, std::int64_t booster_id,
                                std::string_view announce_uri) {
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    auto boost = store::find_status_by_uri(*conn, announce_uri);
    if (!boost || !boost->reblog_of_id) {
        if (!boost) store::insert_status_tombstone(*conn, announce_uri, booster_id, now_unix_ms());
        tx.commit();
        return UndoOutcome::unknown;
    }
    if (boost->account_id != booster_id) return UndoOutcome::not_theirs;
    auto original = store::find_status(*conn, *boost->reblog_of_id);
    store::delete_status(*conn, boost->id);
    if (original)
        store::delete_notifications_for_status(*conn, original->account_id, booster_id, "reblog",
                                               original->id);
    update_conversations_after_delete(*conn);
    store::insert_status_tombstone(*conn, announce_uri, booster_id, now_unix_ms());
    store::insert_event(
        *conn, "status.deleted",
        nlohmann::json{{"status_id", boost->id}, {"account_id", booster_id}}.dump());
    tx.commit();
    return UndoOutcome::removed;
}

FavouriteOutcome add_remote_favourite(store::Database& db, std::int64_t account_id,
                                      const Status& status) {
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    auto target = status.reblog_of_id ? store::find_status(*conn, *status.reblog_of_id)
                                      : store::find_status(*conn, status.id);
    if (!target || !can_see(*conn, *target, account_id)) return FavouriteOutcome::not_visible;
    if (!store::add_favourite(*conn, account_id, target->id)) return FavouriteOutcome::already;
    if (is_local_account(*conn, target->account_id))
        store::insert_notification(*conn, target->account_id, "favourite", account_id, target->id);
    tx.commit();
    return FavouriteOutcome::added;
}

bool remove_remote_favourite(store::Database& db, std::int64_t account_id, const Status& status) {
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    auto target_id = status.reblog_of_id.value_or(status.id);
    if (!store::remove_favourite(*conn, account_id, target_id)) return false;
    if (auto target = store::find_status(*conn, target_id))
        store::delete_notifications_for_status(*conn, target->account_id, account_id, "favourite",
                                               target_id);
    tx.commit();
    return true;
}

bool pin_remote_status(store::Database& db, std::int64_t account_id, const Status& status) {
    if (status.account_id != account_id || status.reblog_of_id ||
        status.visibility == Visibility::direct)
        return false;
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    bool added = store::insert_status_pin(*conn, account_id, status.id);
    tx.commit();
    return added;
}

bool unpin_remote_status(store::Database& db, std::int64_t account_id, const Status& status) {
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    bool removed = store::delete_status_pin(*conn, account_id, status.id);
    tx.commit();
    return removed;
}

} // namespace agora::federation

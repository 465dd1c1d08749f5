// What members do with a status: favourite, boost (reblog), bookmark, and their undoing.
#include "statuses/interactions.hpp"

#include "statuses/status_deleted_event.hpp"
#include "statuses/status_service.hpp"
#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/interactions_repo.hpp"
#include "store/notifications_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"

#include <nlohmann/json.hpp>

namespace agora {

namespace {
using Result = std::expected<Status, InteractionError>;

// The status a member acts on: it must exist and be visible to them; boosts act on their original.
std::optional<Status> target(store::Connection& conn, const Account& me, std::int64_t id) {
    auto status = store::find_status(conn, id);
    if (status && status->reblog_of_id) status = store::find_status(conn, *status->reblog_of_id);
    if (!status || !can_see(conn, *status, me.id)) return std::nullopt;
    return status;
}

// favourite.created / favourite.deleted {favourite_id, account_id, status_id}: the favourite's id
// names the Like (and its Undo) delivery sends.
void event(store::Connection& conn, const std::string& kind, std::int64_t favourite_id,
           std::int64_t account_id, std::int64_t status_id) {
    store::insert_event(conn, kind,
                        nlohmann::json{{"favourite_id", favourite_id},
                                       {"account_id", account_id},
                                       {"status_id", status_id}}
                            .dump());
}

// Runs `change` in a transaction on the visible target; answers the target.
template <typename Change>
Result act(store::Database& db, const Account& me, std::int64_t id, Change change) {
    auto conn = db.acquire();
    auto status = target(*conn, me, id);
    if (!status) return std::unexpected(InteractionError{404, "Record not found"});
    store::Transaction tx(*conn);
    change(*conn, *status);
    tx.commit();
    return *status;
}
} // namespace

Result favourite(store::Database& db, const Account& me, std::int64_t id) {
    return act(db, me, id, [&](store::Connection& conn, const Status& s) {
        if (!store::add_favourite(conn, me.id, s.id)) return;
        store::insert_notification(conn, s.account_id, "favourite", me.id, s.id);
        event(conn, "favourite.created", *store::find_favourite_id(conn, me.id, s.id), me.id, s.id);
    });
}

Result unfavourite(store::Database& db, const Account& me, std::int64_t id) {
    return act(db, me, id, [&](store::Connection& conn, const Status& s) {
        auto favourite_id = store::find_favourite_id(conn, me.id, s.id);
        if (favourite_id && store::remove_favourite(conn, me.id, s.id))
            event(conn, "favourite.deleted", *favourite_id, me.id, s.id);
    });
}

Result bookmark(store::Database& db, const Account& me, std::int64_t id) {
    return act(db, me, id, [&](store::Connection& conn, const Status& s) {
        store::add_bookmark(conn, me.id, s.id);
    });
}

Result unbookmark(store::Database& db, const Account& me, std::int64_t id) {
    return act(db, me, id, [&](store::Connection& conn, const Status& s) {
        store::remove_bookmark(conn, me.id, s.id);
    });
}

Result reblog(store::Database& db, const Account& me, std::int64_t id,
              std::optional<Visibility> visibility) {
    auto conn = db.acquire();
    auto original = target(*conn, me, id);
    if (!original) return std::unexpected(InteractionError{404, "Record not found"});
    // As Mastodon: followers-only posts are boosted only by their author, direct ones never.
    bool allowed = original->visibility == Visibility::public_ ||
                   original->visibility == Visibility::unlisted ||
                   (original->visibility == Visibility::private_ && original->account_id == me.id);
    if (!allowed) return std::unexpected(InteractionError{403, "This action is not allowed"});
    if (auto existing = store::find_reblog(*conn, me.id, original->id))
        return *store::find_status(*conn, *existing);

    Status boost;
    boost.id = next_id();
    boost.account_id = me.id;
    boost.local = true;
    boost.reblog_of_id = original->id;
    boost.created_at = id_time_ms(boost.id);
    boost.visibility = visibility.value_or(Visibility::public_);
    if (boost.visibility == Visibility::direct) boost.visibility = Visibility::public_;
    if (original->visibility == Visibility::private_) boost.visibility = Visibility::private_;
    store::Transaction tx(*conn);
    store::insert_status(*conn, boost);
    store::insert_feed_entry(*conn, me.id, boost.id, FeedReason::own, std::nullopt, std::nullopt);
    store::insert_notification(*conn, original->account_id, "reblog", me.id, original->id);
    store::insert_event(*conn, "status.created", nlohmann::json{{"status_id", boost.id}}.dump());
    tx.commit();
    return boost;
}

Result unreblog(store::Database& db, const Account& me, std::int64_t id) {
    auto conn = db.acquire();
    auto original = target(*conn, me, id);
    if (!original) return std::unexpected(InteractionError{404, "Record not found"});
    if (auto existing = store::find_reblog(*conn, me.id, original->id)) {
        store::Transaction tx(*conn);
        if (auto boost = store::find_status(*conn, *existing))
            write_status_deleted_event(*conn, *boost); // before the rows it reads go
        store::delete_status(*conn, *existing);
        store::delete_notifications_for_status(*conn, original->account_id, me.id, "reblog",
                                               original->id);
        tx.commit();
    }
    return *original;
}

} // namespace agora

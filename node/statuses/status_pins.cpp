// Pinning statuses to one's profile: Mastodon's rules and the event for federation.
#include "statuses/status_pins.hpp"

#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/pins_repo.hpp"
#include "store/statuses_repo.hpp"

#include <nlohmann/json.hpp>

namespace agora {

namespace {
using Error = std::unexpected<StatusError>;

StatusError refused(const std::string& why) {
    return {422, "Validation failed: " + why};
}

std::expected<Status, StatusError> visible_status(store::Connection& conn, const Account& me,
                                                  std::int64_t id) {
    auto status = store::find_status(conn, id);
    if (!status || !can_see(conn, *status, me.id)) return Error({404, "Record not found"});
    return *status;
}

void write_event(store::Connection& conn, const char* kind, const Account& me,
                 std::int64_t status_id) {
    store::insert_event(conn, kind,
                        nlohmann::json{{"account_id", me.id}, {"status_id", status_id}}.dump());
}
} // namespace

std::expected<Status, StatusError> pin_status(store::Database& db, const Account& me,
                                              std::int64_t status_id) {
    auto conn = db.acquire();
    auto status = visible_status(*conn, me, status_id);
    if (!status) return status;
    if (store::is_status_pinned(*conn, me.id, status_id)) return status;
    // Mastodon's StatusPinValidator, in its order and words.
    if (status->reblog_of_id) return Error(refused("A boost cannot be pinned"));
    if (status->account_id != me.id) return Error(refused("Someone else's post cannot be pinned"));
    if (status->visibility == Visibility::direct)
        return Error(refused("Posts that are only visible to mentioned users cannot be pinned"));
    store::Transaction tx(*conn);
    if (store::count_status_pins(*conn, me.id) >= max_status_pins)
        return Error(refused("You have already pinned the maximum number of posts"));
    if (store::insert_status_pin(*conn, me.id, status_id))
        write_event(*conn, "status.pinned", me, status_id);
    tx.commit();
    return status;
}

std::expected<Status, StatusError> unpin_status(store::Database& db, const Account& me,
                                                std::int64_t status_id) {
    auto conn = db.acquire();
    auto status = visible_status(*conn, me, status_id);
    if (!status) return status;
    store::Transaction tx(*conn);
    if (store::delete_status_pin(*conn, me.id, status_id))
        write_event(*conn, "status.unpinned", me, status_id);
    tx.commit();
    return status;
}

} // namespace agora

// Favourites, bookmarks and boosts of statuses: one place for their SQL.
#pragma once

#include "store/relationships_repo.hpp"

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace agora::store {

class Connection;

// Each returns true when a row was added or removed.
bool add_favourite(Connection& conn, std::int64_t account_id, std::int64_t status_id);
bool remove_favourite(Connection& conn, std::int64_t account_id, std::int64_t status_id);
// The favourites row of `account_id` on `status_id` (its id names the Like sent for it).
std::optional<std::int64_t> find_favourite_id(Connection& conn, std::int64_t account_id,
                                              std::int64_t status_id);
bool add_bookmark(Connection& conn, std::int64_t account_id, std::int64_t status_id);
bool remove_bookmark(Connection& conn, std::int64_t account_id, std::int64_t status_id);

// The id of `account_id`'s boost of `status_id`, if any.
std::optional<std::int64_t> find_reblog(Connection& conn, std::int64_t account_id,
                                        std::int64_t status_id);

// What a viewer did with a status: favourited, boosted, bookmarked.
struct ViewerState {
    bool favourited = false, reblogged = false, bookmarked = false;
};
ViewerState viewer_state(Connection& conn, std::int64_t viewer, std::int64_t status_id);
// The same for a page of statuses; statuses the viewer did nothing with are left out.
std::unordered_map<std::int64_t, ViewerState>
viewer_states(Connection& conn, std::int64_t viewer, const std::vector<std::int64_t>& status_ids);

// Favourited or bookmarked statuses of an account, newest first; cursors are the rows' own ids.
struct StatusPage {
    std::vector<std::int64_t> status_ids;
    std::vector<std::int64_t> cursors;
};
StatusPage list_favourited(Connection& conn, std::int64_t account_id, const PageQuery& page);
StatusPage list_bookmarked(Connection& conn, std::int64_t account_id, const PageQuery& page);
// Who favourited or boosted a status.
AccountPage list_favourited_by(Connection& conn, std::int64_t status_id, const PageQuery& page);
AccountPage list_reblogged_by(Connection& conn, std::int64_t status_id, const PageQuery& page);

void delete_notifications_for_status(Connection& conn, std::int64_t recipient,
                                     std::int64_t from_account_id, const std::string& type,
                                     std::int64_t status_id);

} // namespace agora::store

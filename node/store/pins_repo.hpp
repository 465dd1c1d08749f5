// Status pins (posts a member features on their profile) and account pins (endorsements: accounts
// a member features): one place for their SQL.
#pragma once

#include "store/relationships_repo.hpp"
#include "store/statuses_repo.hpp"

#include <cstdint>
#include <unordered_set>
#include <vector>

namespace agora::store {

class Connection;

// False when the status was already pinned by this account.
bool insert_status_pin(Connection& conn, std::int64_t account_id, std::int64_t status_id);
// False when it was not pinned.
bool delete_status_pin(Connection& conn, std::int64_t account_id, std::int64_t status_id);
bool is_status_pinned(Connection& conn, std::int64_t account_id, std::int64_t status_id);
// Which of `status_ids` the account has pinned.
std::unordered_set<std::int64_t> pinned_among(Connection& conn, std::int64_t account_id,
                                              const std::vector<std::int64_t>& status_ids);
std::int64_t count_status_pins(Connection& conn, std::int64_t account_id);
// The account's pinned statuses, most recently pinned first, with status ids within the page's
// bounds (max_id, since_id, min_id) and at most `page.limit` of them.
std::vector<std::int64_t> list_pinned_status_ids(Connection& conn, std::int64_t account_id,
                                                 const PageQuery& page);

void insert_account_pin(Connection& conn, std::int64_t account_id, std::int64_t target_id);
bool delete_account_pin(Connection& conn, std::int64_t account_id, std::int64_t target_id);
bool is_endorsed(Connection& conn, std::int64_t account_id, std::int64_t target_id);
// Whom `account_id` endorses, newest endorsement first; the cursors are the endorsements' ids.
AccountPage list_endorsed_ids(Connection& conn, std::int64_t account_id, const PageQuery& page);

} // namespace agora::store

// The admin API's account list: Mastodon's filters (origin, status, staff, username, display
// name, domain) over accounts, their users and their moderation state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora::store {

class Connection;

struct AdminAccountFilter {
    std::optional<bool> local;         // origin: local or remote
    std::optional<std::string> status; // active, pending, disabled, silenced, suspended, sensitized
    bool staff = false;
    std::optional<std::string> username, display_name, by_domain;
    std::optional<std::int64_t> max_id, since_id, min_id;
    int limit = 100;
};

// Account ids, newest first.
std::vector<std::int64_t> list_admin_account_ids(Connection& conn,
                                                 const AdminAccountFilter& filter);

// Approval-mode sign-ups: approves the pending user; false when none was pending.
bool approve_user(Connection& conn, std::int64_t account_id);
// Rejects (deletes) a pending sign-up's account; false when none was pending.
bool reject_user(Connection& conn, std::int64_t account_id);

} // namespace agora::store

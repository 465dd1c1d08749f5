// Member profiles (account_profiles), the profile columns of the accounts row, and posting
// defaults: one place for their SQL.
#pragma once

#include "model/account.hpp"
#include "model/profile.hpp"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace agora::store {

class Connection;

// The stored profile, or the defaults (no note, no fields, no images) when none was ever saved.
AccountProfile find_profile(Connection& conn, std::int64_t account_id);
// The stored profiles of a page of accounts; accounts that never saved one are left out.
std::unordered_map<std::int64_t, AccountProfile>
find_profiles(Connection& conn, const std::vector<std::int64_t>& account_ids);
void save_profile(Connection& conn, const AccountProfile& profile, std::int64_t now);

// Writes what a member may change on their accounts row: display name, note (HTML), kind, locked,
// discoverable; updated_at becomes `account.updated_at`.
void update_account_profile_columns(Connection& conn, const Account& account);

// Public, not sensitive, no language when the member never chose.
PostingDefaults find_posting_defaults(Connection& conn, std::int64_t account_id);
void save_posting_defaults(Connection& conn, std::int64_t account_id,
                           const PostingDefaults& defaults, std::int64_t now);

} // namespace agora::store

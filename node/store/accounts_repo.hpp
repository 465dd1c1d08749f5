// Account and user rows: reads and writes, one place for their SQL.
#pragma once

#include "model/account.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora::store {

class Connection;

void insert_account(Connection& conn, const Account& account);
void insert_user(Connection& conn, const User& user);

// Case-insensitive, as usernames are unique regardless of case. A deleted account is not found
// (its row is kept, its name stays taken: see store/account_deletion_repo.hpp).
std::optional<Account> find_local_account(Connection& conn, std::string_view username);
std::optional<Account> find_account(Connection& conn, std::int64_t id);
// The accounts of `ids` that exist, in no particular order.
std::vector<Account> find_accounts(Connection& conn, const std::vector<std::int64_t>& ids);
std::optional<User> find_user(Connection& conn, std::int64_t account_id);
// The PEM private key of a local account, read only when something must be signed.
std::optional<std::string> find_private_key(Connection& conn, std::int64_t account_id);

struct LocalAccount {
    Account account;
    User user;
};
std::vector<LocalAccount> list_local_accounts(Connection& conn);

bool has_admin(Connection& conn);

// Counts for NodeInfo, the instance API and actor collections.
std::int64_t count_local_users(Connection& conn);
std::int64_t count_users_active_since(Connection& conn, std::int64_t unix_ms);
std::int64_t count_local_statuses(Connection& conn);
std::int64_t count_statuses(Connection& conn, std::int64_t account_id);
std::int64_t count_followers(Connection& conn, std::int64_t account_id);
std::int64_t count_following(Connection& conn, std::int64_t account_id);

// Actor ids of an account's followers (or of whom it follows), oldest follow first. Local accounts
// have no stored uri: `local_actor_prefix` + username makes theirs.
std::vector<std::string> list_follower_uris(Connection& conn, std::int64_t account_id,
                                            const std::string& local_actor_prefix, int offset,
                                            int limit);
std::vector<std::string> list_following_uris(Connection& conn, std::int64_t account_id,
                                             const std::string& local_actor_prefix, int offset,
                                             int limit);

// Test fixtures and federation: a follow row between two accounts; `uri` is the Follow
// activity's id when it federates.
void insert_follow(Connection& conn, std::int64_t id, std::int64_t follower_id,
                   std::int64_t target_id, std::int64_t created_at,
                   const std::optional<std::string>& uri = std::nullopt);

} // namespace agora::store

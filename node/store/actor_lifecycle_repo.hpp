// What a remote actor's server deleting or moving it changes in its rows: the account marked
// gone (its key forgotten), its statuses and relationships listed for removal, its followers
// here found for a move. One place for their SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace agora::store {

class Connection;

// Marks a remote account gone at `now` and forgets its key, so that nothing signed with it is
// believed any more.
void mark_account_gone(Connection& conn, std::int64_t account_id, std::int64_t now);
bool is_account_gone(Connection& conn, std::int64_t account_id);
// The account's statuses (boosts included), oldest first, at most `limit`.
std::vector<std::int64_t> status_ids_of_account(Connection& conn, std::int64_t account_id,
                                                int limit);
// (follower, followed) pairs of the follows, or follow requests, the account is on either side of.
std::vector<std::pair<std::int64_t, std::int64_t>>
follow_pairs_of(Connection& conn, std::int64_t account_id, bool requests);
// The local accounts that follow `account_id`.
std::vector<std::int64_t> local_follower_ids(Connection& conn, std::int64_t account_id);
void set_moved_to(Connection& conn, std::int64_t account_id, std::string_view target_uri);
// The stored account a remote account moved to (its moved_to_uri), if any.
std::optional<std::int64_t> moved_to_account_id(Connection& conn, std::int64_t account_id);

} // namespace agora::store

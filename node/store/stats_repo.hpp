// Counters of accounts and statuses (followers, statuses, replies, boosts, favourites), kept in
// the same transactions as the rows they count and read in batches for pages.
#pragma once

#include "model/status.hpp"

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace agora::store {

class Connection;

// What an Account entity shows of an account's activity.
struct AccountStats {
    std::int64_t followers = 0, following = 0, statuses = 0;
    std::optional<std::int64_t> last_status_at;
};
struct StatusCounts {
    std::int64_t favourites = 0, reblogs = 0, replies = 0;
};

// Called by the repositories that add or remove the counted rows; `delta` is +1 or -1.
void count_follow(Connection& conn, std::int64_t follower_id, std::int64_t target_id, int delta);
// The author's statuses, and the replies or boosts count of the status it answers or boosts.
void count_status(Connection& conn, const Status& status, int delta);
void count_favourite(Connection& conn, std::int64_t status_id, int delta);
// The replies count alone: a reply stored before its parent, linked to it later.
void count_reply(Connection& conn, std::int64_t parent_id, int delta);

AccountStats account_stats(Connection& conn, std::int64_t account_id);
std::unordered_map<std::int64_t, AccountStats>
account_stats(Connection& conn, const std::vector<std::int64_t>& account_ids);
StatusCounts status_counts(Connection& conn, std::int64_t status_id);
std::unordered_map<std::int64_t, StatusCounts>
status_counts(Connection& conn, const std::vector<std::int64_t>& status_ids);

} // namespace agora::store

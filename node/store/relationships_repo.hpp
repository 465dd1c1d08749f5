// Follows, follow requests, blocks and mutes between accounts: one place for their SQL.
#pragma once

#include "model/relationship.hpp"
#include "store/statuses_repo.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora::store {

class Connection;

bool delete_follow(Connection& conn, std::int64_t account_id, std::int64_t target_id);
void insert_follow_request(Connection& conn, std::int64_t account_id, std::int64_t target_id);
// A follow request row with a chosen id and, when it federates, the Follow activity's id.
void insert_follow_request(Connection& conn, std::int64_t id, std::int64_t account_id,
                           std::int64_t target_id, const std::optional<std::string>& uri);
bool delete_follow_request(Connection& conn, std::int64_t account_id, std::int64_t target_id);
void insert_block(Connection& conn, std::int64_t account_id, std::int64_t target_id);
bool delete_block(Connection& conn, std::int64_t account_id, std::int64_t target_id);
void insert_mute(Connection& conn, std::int64_t account_id, std::int64_t target_id,
                 bool hide_notifications);
bool delete_mute(Connection& conn, std::int64_t account_id, std::int64_t target_id);

// A follows or follow_requests row as federation names it: its id, and the id of the Follow
// activity it came from or was sent as (none for rows between local accounts).
struct FollowRecord {
    std::int64_t id = 0;
    std::optional<std::string> uri;
};
std::optional<FollowRecord> find_follow(Connection& conn, std::int64_t account_id,
                                        std::int64_t target_id);
std::optional<FollowRecord> find_follow_request(Connection& conn, std::int64_t account_id,
                                                std::int64_t target_id);
std::optional<std::int64_t> find_block_id(Connection& conn, std::int64_t account_id,
                                          std::int64_t target_id);

bool is_blocking(Connection& conn, std::int64_t account_id, std::int64_t target_id);
// True when either account blocks the other.
bool blocked_either_way(Connection& conn, std::int64_t a, std::int64_t b);
bool is_muting_notifications(Connection& conn, std::int64_t account_id, std::int64_t target_id);

Relationship relationship(Connection& conn, std::int64_t viewer, std::int64_t target);

// Account ids with the row id used as a page cursor (follows and requests page by their own ids).
struct AccountPage {
    std::vector<std::int64_t> account_ids;
    std::vector<std::int64_t> cursors;
};
AccountPage list_follower_ids(Connection& conn, std::int64_t account_id, const PageQuery& page);
AccountPage list_following_ids(Connection& conn, std::int64_t account_id, const PageQuery& page);
AccountPage list_follow_request_ids(Connection& conn, std::int64_t target_id,
                                    const PageQuery& page);
AccountPage list_blocked_ids(Connection& conn, std::int64_t account_id, const PageQuery& page);
AccountPage list_muted_ids(Connection& conn, std::int64_t account_id, const PageQuery& page);

// Accounts `viewer` follows that follow `target`, newest follow first; accounts that hide their
// collections are left out.
std::vector<std::int64_t> list_familiar_follower_ids(Connection& conn, std::int64_t viewer,
                                                     std::int64_t target, int limit);

// Removes from `owner`'s home feed what is there only because they followed `author`.
void remove_followed_from_feed(Connection& conn, std::int64_t owner, std::int64_t author);
// Adds `author`'s recent statuses that `owner` may see to `owner`'s home feed (after a follow), as
// the follow's options say (boosts, languages).
void merge_into_feed(Connection& conn, std::int64_t owner, std::int64_t author, int limit);

} // namespace agora::store

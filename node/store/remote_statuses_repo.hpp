// What federation keeps beside remote statuses rows: finding them by object id, the tombstones of
// deleted ones, and replies waiting for a parent we do not have yet. One place for that SQL.
#pragma once

#include "model/status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora::store {

class Connection;

// The status (a remote post, or a remote boost by its Announce id) stored with this uri.
std::optional<Status> find_status_by_uri(Connection& conn, std::string_view uri);

// Whether a local account follows `account_id`.
bool has_local_follower(Connection& conn, std::int64_t account_id);

// Remembers that `account_id` deleted the object `uri` (or undid the boost `uri`).
void insert_status_tombstone(Connection& conn, std::string_view uri, std::int64_t account_id,
                             std::int64_t now);
// Whether `account_id` deleted `uri`: it must not come back.
bool has_status_tombstone(Connection& conn, std::string_view uri, std::int64_t account_id);

// Forgets a status's hashtags (a remote edit writes the new ones; its mentions stay, as
// Mastodon keeps access for those no longer named).
void clear_status_tags(Connection& conn, std::int64_t status_id);

// A reply stored before its parent: linked when a status with `in_reply_to_uri` arrives.
void insert_reply_uri(Connection& conn, std::int64_t status_id, std::string_view in_reply_to_uri);
// The parent `in_reply_to_uri` of a reply stored before it, if it is still awaited.
std::optional<std::string> find_reply_uri(Connection& conn, std::int64_t status_id);
// Links the replies waiting for `parent.uri` to `parent` (their replies count follows). Returns
// their ids.
std::vector<std::int64_t> adopt_waiting_replies(Connection& conn, const Status& parent);

} // namespace agora::store

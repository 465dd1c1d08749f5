// The SQL of a local account's deletion: what it leaves behind listed (files), its rows removed
// with their counters kept right, the account row kept as gone (its name stays reserved), and the
// inboxes a Delete of it goes to. One place for that SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora::store {

class Connection;

// The files (relative to storage.media_dir) of the account's media and profile images.
std::vector<std::string> account_file_paths(Connection& conn, std::int64_t account_id);

// Removes every row the account owns or is named in (media, favourites, bookmarks, follows and
// follow requests both ways, blocks, mutes, notifications to and from it, mentions of it, lists,
// filters, markers, pins, poll votes, conversations, tokens, sign-in data, profile...), keeping
// the other side's counters right. Its statuses must be deleted before (through the status code).
void purge_account_rows(Connection& conn, std::int64_t account_id);

// Marks a local account gone at `now` with its profile blanked; its keys stay, so that its Delete
// can still be signed. Its username stays taken.
void mark_local_account_gone(Connection& conn, std::int64_t account_id, std::int64_t now);

// Whether a local username belonged to an account deleted since.
bool local_username_gone(Connection& conn, std::string_view username);

// Every inbox this instance knows: each remote account's shared inbox, else its own, once, sorted
// (Mastodon's Account.inboxes, where a deleted account's Delete goes). Gone accounts excluded.
std::vector<std::string> all_known_inboxes(Connection& conn);

// The remote accounts mentioned in the account's statuses created since `since` (unix ms).
std::vector<std::int64_t> recently_mentioned_remote_ids(Connection& conn, std::int64_t account_id,
                                                        std::int64_t since);

// How many admins other than `account_id` exist.
std::int64_t other_admins(Connection& conn, std::int64_t account_id);

// The follows of local accounts by a remote account: (local followed account, Follow id or "").
struct FollowOfLocal {
    std::int64_t target_account_id = 0;
    std::string follow_uri;
};
std::vector<FollowOfLocal> follows_of_local_accounts(Connection& conn, std::int64_t follower_id);

} // namespace agora::store

// Remote posts kept as statuses rows through node code: stored once (mentions, hashtags, media,
// poll, the reply's parent and the "status.created" event for fan-out, in one transaction),
// edited with their history as local edits are, their polls' counts kept up to date, and found
// again by their ActivityPub ids.
#pragma once

#include "federation/remote_status_reader.hpp"
#include "model/account.hpp"
#include "model/status.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace agora {
struct Config;
namespace store {
class Connection;
class Database;
} // namespace store
} // namespace agora

namespace agora::federation {

// Posts published longer ago than this reach nobody's home feed (Mastodon's real-time window).
inline constexpr std::int64_t realtime_window_ms = 6 * 3600 * 1000;

// A remote post read and checked, with what its storing needs from the database.
struct RemoteStatusRecord {
    RemoteStatusObject object;
    std::int64_t author_id = 0;
    Visibility visibility = Visibility::direct;
    std::optional<Status> parent;            // the stored status it replies to
    std::vector<std::int64_t> mentioned_ids; // accounts it names (local, and remote ones known)
    bool distribute = true; // written with a "status.created" event (fan-out, streams)
};

enum class StoreOutcome {
    stored,
    duplicate,      // a status with this uri is stored already (status: that one)
    deleted_before, // its author deleted it before it arrived: not stored
};
struct StoredStatus {
    StoreOutcome outcome;
    std::optional<Status> status;
};

// A status by its ActivityPub id: ours by the shape of our URLs (…/users/{name}/statuses/{id}),
// others by their stored uri (a remote boost's is its Announce id).
std::optional<Status> find_status_by_object_id(store::Connection& conn, const Config& config,
                                               std::string_view id);
// A local account named by its actor id or its profile URL.
std::optional<Account> local_account_by_uri(store::Connection& conn, const Config& config,
                                            std::string_view uri);

// Stores the post as a statuses row (local = 0, uri, url), its mentions, hashtags, media (their
// remote URLs; nothing is downloaded), poll and counts, links replies that arrived before it,
// and writes "status.created" when `distribute`. Idempotent: the same uri is stored once.
StoredStatus store_remote_status(store::Database& db, const RemoteStatusRecord& record);

enum class EditOutcome {
    edited,         // a new version, kept in the history; "status.updated" written
    counts_updated, // only the poll's counts (or nothing visible) changed
    stale,          // the stored version is newer than this one
};
// Applies an Update of `current` (a remote status of the record's author), as Mastodon does: an
// `updated` newer than the last edit makes an edit (history, hashtags, media, poll, mentions
// added); otherwise only the poll's counts are taken.
EditOutcome apply_remote_edit(store::Database& db, const Status& current,
                              const RemoteStatusRecord& next);

} // namespace agora::federation

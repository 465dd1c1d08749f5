// What remote accounts do with statuses, kept through node code: boosts (statuses rows with
// their Announce id), favourites (from Like and EmojiReact), pins of their own posts (their
// featured collection) and votes in our polls, each with its notification to a local author.
#pragma once

#include "model/account.hpp"
#include "model/status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace agora::store {
class Database;
}

namespace agora::federation {

enum class BoostOutcome { stored, duplicate, deleted_before, not_allowed };
struct RemoteBoost {
    std::int64_t booster_id = 0;
    std::string announce_uri; // the Announce's id: the boost's uri
    Visibility visibility = Visibility::public_;
    std::optional<std::int64_t> published; // unix ms
};
// Stores the boost of `original` (a `reblog` notification to its author when local; a
// "status.created" event for fan-out when published within the real-time window). Refused
// (not_allowed) as Mastodon refuses it: followers-only and direct posts of someone else, or a
// post the booster may not see.
BoostOutcome record_remote_boost(store::Database& db, const Status& original,
                                 const RemoteBoost& boost);

enum class UndoOutcome { removed, unknown, not_theirs };
// Undoes the boost whose Announce id is `announce_uri`, when `booster_id` made it: deleted
// through the node's deletion (counters, feeds, streams follow), its notification withdrawn. An
// unknown one is remembered, so that the Announce arriving late is not applied.
UndoOutcome remove_remote_boost(store::Database& db, std::int64_t booster_id,
                                std::string_view announce_uri);

enum class FavouriteOutcome { added, already, not_visible };
// A favourite of `status` (its original, for a boost) by a remote account, with a `favourite`
// notification to a local author.
FavouriteOutcome add_remote_favourite(store::Database& db, std::int64_t account_id,
                                      const Status& status);
// True when there was one to remove (its notification goes with it).
bool remove_remote_favourite(store::Database& db, std::int64_t account_id, const Status& status);

// Pins (and unpins) a remote account's own post on its profile. False when nothing changed.
bool pin_remote_status(store::Database& db, std::int64_t account_id, const Status& status);
bool unpin_remote_status(store::Database& db, std::int64_t account_id, const Status& status);

} // namespace agora::federation

// Home-feed fan-out to an account's local followers: one INSERT ... SELECT per status, whatever
// the number of followers.
#pragma once

#include "model/status.hpp"

#include <cstdint>

namespace agora::store {

class Connection;

// Puts `status` into the home feed of every local follower of its author (reason "followed"),
// leaving alone the feeds that already hold it (a mention comes first).
void insert_follower_feed_entries(Connection& conn, const Status& status);

// Puts the boost `boost` of `original` into the home feed of the booster's local followers who
// may see the original (as can_see says: not its author, no block either way with its author,
// and for a private original only those it mentions or who follow its author, for a direct one
// only those it mentions), with reason "boosted_by" the booster.
void insert_boost_feed_entries(Connection& conn, const Status& boost, const Status& original);

} // namespace agora::store

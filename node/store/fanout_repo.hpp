// Home-feed fan-out to an account's local followers, a slice of followers at a time: one
// INSERT ... SELECT per slice, whatever the number of followers.
#pragma once

#include "model/status.hpp"

#include <cstdint>
#include <vector>

namespace agora::store {

class Connection;

// Local followers of an account, in ascending id order: slices of it are side by side in the
// home-feed index, so that each slice writes its own pages of it.
std::vector<std::int64_t> local_follower_ids_in_order(Connection& conn, std::int64_t account_id);

// Puts `status` into the home feed of those of `followers` who still follow its author (reason
// "followed") and take its language (the follow's `languages`). Leaves alone the feeds that already
// hold it, and those of the followers it mentions (they get it with reason "mention", unless a
// block stands between them and its author). A follower who keeps the author in an exclusive list
// gets it with reason "list": their list shows it, their home timeline does not.
void insert_follower_feed_entries(Connection& conn, const Status& status,
                                  const std::vector<std::int64_t>& followers);

// Puts the boost `boost` of `original` into the home feed of those of `followers` who still
// follow the booster with its boosts shown (reblogs=true) and may see the original (as can_see
// says: not its author, no block either way with its author, and for a private original only those
// it mentions or who follow its author, for a direct one only those it mentions), with reason
// "boosted_by" the booster ("list" as above).
void insert_boost_feed_entries(Connection& conn, const Status& boost, const Status& original,
                               const std::vector<std::int64_t>& followers);

// The local followers of an account who follow it with notify=true, in ascending id order (few:
// read through their own index, so that a fan-out without them costs nothing more).
std::vector<std::int64_t> notified_follower_ids(Connection& conn, std::int64_t account_id);
// Those of `followers` who follow the author of `status` with notify=true, take its language and
// do not mute the author: they get a `status` notification of it.
std::vector<std::int64_t> followers_to_notify(Connection& conn, const Status& status,
                                              const std::vector<std::int64_t>& followers);

} // namespace agora::store

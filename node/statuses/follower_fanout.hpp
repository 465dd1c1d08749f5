// Home-feed fan-out to the author's local followers, a slice at a time, each slice in its own
// short transaction: a post made meanwhile waits for one slice, not for the whole fan-out,
// whatever the number of followers.
#pragma once

#include <cstdint>

namespace agora {

namespace store {
class Connection;
}

// How many followers a slice (one transaction) serves.
inline constexpr int fan_out_slice_size = 1000;

// Puts a new status into the home feeds of its author's local followers (a boost: of those who
// may see the original), as their follow options say, and notifies those who asked (notify=true),
// in slices, committing each (`conn` must not be in a transaction). The fan-out consumer's
// preparation, done before its handler (fan_out_status) serves the mentions and hashtag followers
// and moves the consumer on: if the process stops between the two, this is done again, which
// changes nothing (a feed holds a status once, a notification is written once).
void fill_follower_feeds(store::Connection& conn, std::int64_t status_id);

} // namespace agora

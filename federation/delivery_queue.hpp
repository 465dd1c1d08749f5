// From the node's events to deliveries: the activity each action of a local account becomes
// (ap_activities.hpp, ap_status.hpp) and one deliveries row per inbox it goes to
// (ap_recipients.hpp), written in the event worker's transaction, so that an event is turned into
// deliveries exactly once and nothing a client was told was done is lost, whatever stops when.
//
// What is sent, for which event (A: a local account; R: a remote one):
//   status.created   Create{Note|Question}, or Announce for a boost → the status's reach
//   status.updated   Update{Note|Question} → the status's reach
//   status.deleted   Delete{Tombstone}, or Undo{Announce} for a boost → the inboxes the event
//                    carries (the reach read when the status was deleted)
//   account.updated  Update{Person...} → A's followers
//   account.deleted  Delete{A} (A#delete, to Public) → every inbox known here (as Mastodon)
//   account.suspended / account.unsuspended  Update{A} as then served (suspended: flagged and
//                    blanked) → A's followers and the accounts A mentioned in the last two days
//   follow.requested Follow (A → R) → R's inbox;  follow.undone: Undo{Follow} → R's inbox
//   follow.accepted  Accept{Follow} (R → A) → R's inbox;  follow.rejected: Reject{Follow}
//   favourite.*      Like / Undo{Like} of R's status → R's inbox
//   block.*          Block / Undo{Block} of R → R's inbox
//   poll.voted       one Create{Note} per choice in R's poll → R's inbox (a vote in A's poll:
//                    Update{Question} later, debounced: federation/poll_updates.hpp)
//   poll.expired     the final Update{Question} of A's poll → as its vote updates
//   status.pinned    Add{A's status} to A's featured collection → A's followers
//   status.unpinned  Remove{A's status} from A's featured collection → A's followers
//   report.forwarded Flag (instance actor → R's instance) naming R and the reported statuses
// Everything else, events of remote accounts, and actions between local accounts queue nothing.
// Nothing is queued to a domain moderation does not federate with (suspended, or not allowed).
#pragma once

#include "config/config.hpp"

#include <cstdint>

namespace agora::store {
class Connection;
struct Event;
} // namespace agora::store

namespace agora::federation {

// Queues the deliveries `event` calls for, due at `now` (unix ms). Call inside the transaction
// that advances the consumer's position.
void queue_deliveries(store::Connection& conn, const Config& config, const store::Event& event,
                      std::int64_t now);

// Queues an Update{Question} of local poll `poll_id` with its current counts (closed when it has
// ended), to the status's reach and every remote voter. Nothing for a remote poll or one gone.
// Call inside a transaction.
void queue_poll_update(store::Connection& conn, const Config& config, std::int64_t poll_id,
                       std::int64_t now);

} // namespace agora::federation

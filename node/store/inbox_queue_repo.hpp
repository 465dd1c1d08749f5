// The inbox queue: activities received and verified, waiting to be applied; the ids already
// received (a delivery repeated is applied once); counts of what was received but not applied.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora::store {

class Connection;

struct QueuedActivity {
    std::int64_t id = 0;
    std::string activity_uri; // the activity's id
    std::string actor_uri;
    std::string activity; // the JSON text as received
    std::int64_t received_at = 0;
    int attempts = 0;
    std::int64_t next_attempt_at = 0;
    std::optional<std::string> last_error;
};

// Queues an activity, due at once. False, and nothing queued, when an activity with that id is
// queued already or was done with recently (see finish_queued). Call inside a transaction.
bool enqueue_activity(Connection& conn, std::string_view activity_uri, std::string_view actor_uri,
                      std::string_view activity, std::int64_t now);

// The activities due at `now`, in the order they arrived.
std::vector<QueuedActivity> due_activities(Connection& conn, std::int64_t now, int limit);
// When the next queued activity falls due; nullopt when the queue is empty.
std::optional<std::int64_t> next_due_at(Connection& conn);
std::int64_t count_queued(Connection& conn);
// The worker is done with the activity (applied, ignored or given up): it leaves the queue, and
// its id is remembered so that a delivery repeated is not applied again.
void finish_queued(Connection& conn, const QueuedActivity& row);
void reschedule_queued(Connection& conn, std::int64_t id, int attempts,
                       std::int64_t next_attempt_at, std::string_view error);

// Forgets the ids of activities done with before `before` (unix ms); returns how many.
int prune_received(Connection& conn, std::int64_t before);

// One more activity of `activity_type` received and not applied, for `reason`: "ignored",
// "unhandled" or "abandoned".
void count_not_applied(Connection& conn, std::string_view activity_type, std::string_view reason,
                       std::int64_t now);
struct NotAppliedCount {
    std::string activity_type;
    std::string reason;
    std::int64_t count = 0;
};
std::vector<NotAppliedCount> not_applied_counts(Connection& conn);

} // namespace agora::store

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
    std::string actor_uri;
    std::string activity; // the JSON text as received
    std::int64_t received_at = 0;
    int attempts = 0;
    std::int64_t next_attempt_at = 0;
    std::optional<std::string> last_error;
};

// Records `activity_uri` as received and queues the activity, due at once. False, and nothing
// queued, when that id was received before. Call inside a transaction.
bool enqueue_activity(Connection& conn, std::string_view activity_uri, std::string_view actor_uri,
                      std::string_view activity, std::int64_t now);

// The activities due at `now`, oldest due first (then in the order received).
std::vector<QueuedActivity> due_activities(Connection& conn, std::int64_t now, int limit);
// When the next queued activity falls due; nullopt when the queue is empty.
std::optional<std::int64_t> next_due_at(Connection& conn);
std::int64_t count_queued(Connection& conn);
void delete_queued(Connection& conn, std::int64_t id);
void reschedule_queued(Connection& conn, std::int64_t id, int attempts,
                       std::int64_t next_attempt_at, std::string_view error);

// Forgets the ids received before `before` (unix ms); returns how many.
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

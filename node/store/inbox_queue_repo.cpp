// The inbox queue, the ids already received and the counts of activities not applied.
#include "store/inbox_queue_repo.hpp"

#include "store/database.hpp"
#include "util/ids.hpp"

namespace agora::store {

bool enqueue_activity(Connection& conn, std::string_view activity_uri, std::string_view actor_uri,
                      std::string_view activity, std::int64_t now) {
    conn.query("INSERT INTO inbox_received (activity_uri, received_at) VALUES (?, ?) "
               "ON CONFLICT DO NOTHING",
               activity_uri, now)
        .run();
    if (conn.changes() == 0) return false;
    conn.query("INSERT INTO inbox_queue (id, actor_uri, activity, received_at, next_attempt_at) "
               "VALUES (?, ?, ?, ?, ?)",
               next_id(), actor_uri, activity, now, now)
        .run();
    return true;
}

std::vector<QueuedActivity> due_activities(Connection& conn, std::int64_t now, int limit) {
    std::vector<QueuedActivity> out;
    auto st = conn.query("SELECT id, actor_uri, activity, received_at, attempts, next_attempt_at, "
                         "last_error FROM inbox_queue WHERE next_attempt_at <= ? "
                         "ORDER BY next_attempt_at, id LIMIT ?",
                         now, limit);
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.text(2), st.int64(3), int(st.int64(4)),
                       st.int64(5), st.optional_text(6)});
    return out;
}

std::optional<std::int64_t> next_due_at(Connection& conn) {
    auto st = conn.query("SELECT MIN(next_attempt_at) FROM inbox_queue");
    if (!st.step() || st.is_null(0)) return std::nullopt;
    return st.int64(0);
}

std::int64_t count_queued(Connection& conn) {
    auto st = conn.query("SELECT COUNT(*) FROM inbox_queue");
    return st.step() ? st.int64(0) : 0;
}

void delete_queued(Connection& conn, std::int64_t id) {
    conn.query("DELETE FROM inbox_queue WHERE id = ?", id).run();
}

void reschedule_queued(Connection& conn, std::int64_t id, int attempts,
                       std::int64_t next_attempt_at, std::string_view error) {
    conn.query("UPDATE inbox_queue SET attempts = ?, next_attempt_at = ?, last_error = ? "
               "WHERE id = ?",
               attempts, next_attempt_at, error, id)
        .run();
}

int prune_received(Connection& conn, std::int64_t before) {
    conn.query("DELETE FROM inbox_received WHERE received_at < ?", before).run();
    return conn.changes();
}

void count_not_applied(Connection& conn, std::string_view activity_type, std::string_view reason,
                       std::int64_t now) {
    conn.query("INSERT INTO inbox_ignored (activity_type, reason, count, last_at) "
               "VALUES (?, ?, 1, ?) ON CONFLICT (activity_type, reason) "
               "DO UPDATE SET count = inbox_ignored.count + 1, last_at = excluded.last_at",
               activity_type, reason, now)
        .run();
}

std::vector<NotAppliedCount> not_applied_counts(Connection& conn) {
    std::vector<NotAppliedCount> out;
    auto st = conn.query("SELECT activity_type, reason, count FROM inbox_ignored "
                         "ORDER BY activity_type, reason");
    while (st.step())
        out.push_back({st.text(0), st.text(1), st.int64(2)});
    return out;
}

} // namespace agora::store

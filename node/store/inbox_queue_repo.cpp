// The inbox queue, the ids already received and the counts of activities not applied.
#include "store/inbox_queue_repo.hpp"

#include "store/database.hpp"
#include "util/ids.hpp"

namespace agora::store {

bool enqueue_activity(Connection& conn, std::string_view activity_uri, std::string_view actor_uri,
                      std::string_view activity, std::int64_t now) {
    if (conn.query("SELECT 1 FROM inbox_received WHERE activity_uri = ?", activity_uri).step())
        return false;
    conn.query("INSERT INTO inbox_queue (id, activity_uri, actor_uri, activity, received_at, "
               "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
               next_id(), activity_uri, actor_uri, activity, now, now)
        .run();
    return conn.changes() > 0;
}

std::vector<QueuedActivity> due_activities(Connection& conn, std::int64_t now, int limit) {
    std::vector<QueuedActivity> out;
    // In the order of arrival (the primary key): the queue needs no other index, so that
    // queueing costs one table and one index.
    auto st = conn.query("SELECT id, activity_uri, actor_uri, activity, received_at, attempts, "
                         "next_attempt_at, last_error FROM inbox_queue WHERE next_attempt_at <= ? "
                         "ORDER BY id LIMIT ?",
                         now, limit);
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.int64(4),
                       int(st.int64(5)), st.int64(6), st.optional_text(7)});
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

void finish_queued(Connection& conn, const QueuedActivity& row) {
    conn.query("DELETE FROM inbox_queue WHERE id = ?", row.id).run();
    conn.query("INSERT INTO inbox_received (id, activity_uri) VALUES (?, ?) ON CONFLICT DO NOTHING",
               next_id(), row.activity_uri)
        .run();
}

void reschedule_queued(Connection& conn, std::int64_t id, int attempts,
                       std::int64_t next_attempt_at, std::string_view error) {
    conn.query("UPDATE inbox_queue SET attempts = ?, next_attempt_at = ?, last_error = ? "
               "WHERE id = ?",
               attempts, next_attempt_at, error, id)
        .run();
}

int prune_received(Connection& conn, std::int64_t before) {
    conn.query("DELETE FROM inbox_received WHERE id < ?", id_floor_for_time(before)).run();
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

// The transactional outbox: event rows written with each change, read by consumers in order.
#include "store/events_repo.hpp"

#include "store/database.hpp"
#include "util/ids.hpp"

namespace agora::store {

void insert_event(Connection& conn, const std::string& kind, const std::string& payload) {
    auto id = next_id();
    conn.query("INSERT INTO events (id, kind, payload, created_at) VALUES (?, ?, ?, ?)", id, kind,
               payload, id_time_ms(id))
        .run();
}

std::vector<Event> events_after(Connection& conn, std::int64_t position, int limit) {
    std::vector<Event> out;
    auto st = conn.query(
        "SELECT id, kind, payload, created_at FROM events WHERE id > ? ORDER BY id LIMIT ?",
        position, limit);
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.text(2), st.int64(3)});
    return out;
}

std::int64_t consumer_position(Connection& conn, const std::string& consumer) {
    auto st = conn.query("SELECT position FROM event_consumers WHERE name = ?", consumer);
    return st.step() ? st.int64(0) : 0;
}

void set_consumer_position(Connection& conn, const std::string& consumer, std::int64_t position) {
    conn.query("INSERT INTO event_consumers (name, position) VALUES (?, ?) "
               "ON CONFLICT (name) DO UPDATE SET position = excluded.position",
               consumer, position)
        .run();
}

int prune_events(Connection& conn) {
    conn.query("DELETE FROM events WHERE id <= (SELECT MIN(position) FROM event_consumers)").run();
    return conn.changes();
}

} // namespace agora::store

// Deliveries waiting to be POSTed to remote inboxes, and the health of the domains they go to.
#include "store/deliveries_repo.hpp"

#include "store/database.hpp"
#include "util/ids.hpp"

namespace agora::store {

namespace {
constexpr const char* delivery_columns =
    "d.id, d.inbox_url, d.domain, d.activity, d.account_id, d.attempts, d.next_attempt_at, "
    "d.created_at, d.last_error";

std::vector<Delivery> read_deliveries(Statement st) {
    std::vector<Delivery> out;
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.int64(4),
                       int(st.int64(5)), st.int64(6), st.int64(7), st.optional_text(8)});
    return out;
}

std::optional<std::int64_t> optional_int(const Statement& st, int column) {
    if (st.is_null(column)) return std::nullopt;
    return st.int64(column);
}

// " AND d.domain NOT IN (?, ...)" for `domains` (nothing when empty), the values appended; the
// list is padded to a power of two so that a few cached statements serve every size.
std::string domains_left_out(const std::vector<std::string>& domains,
                             std::vector<SqlValue>& values) {
    if (domains.empty()) return "";
    std::size_t size = 1;
    while (size < domains.size())
        size *= 2;
    std::string out = " AND d.domain NOT IN (";
    for (std::size_t i = 0; i < size; ++i) {
        out += i ? ", ?" : "?";
        values.emplace_back(domains[std::min(i, domains.size() - 1)]);
    }
    return out + ")";
}
} // namespace

void insert_delivery(Connection& conn, const std::string& inbox_url, const std::string& domain,
                     const std::string& activity, std::int64_t account_id, std::int64_t now) {
    conn.query("INSERT INTO deliveries (id, inbox_url, domain, activity, account_id, attempts, "
               "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
               next_id(), inbox_url, domain, activity, account_id, now, now)
        .run();
}

std::vector<Delivery> due_deliveries(Connection& conn, std::int64_t now,
                                     const std::vector<std::string>& busy_domains, int limit) {
    std::vector<SqlValue> values{now};
    std::string sql = std::string("SELECT ") + delivery_columns +
                      " FROM deliveries d WHERE d.next_attempt_at <= ?" +
                      domains_left_out(busy_domains, values) +
                      " AND NOT EXISTS (SELECT 1 FROM delivery_domains h WHERE h.domain = "
                      "d.domain AND h.unreachable_since IS NOT NULL) "
                      "ORDER BY d.next_attempt_at, d.id LIMIT ?";
    values.emplace_back(std::int64_t(limit));
    auto st = conn.query(sql);
    st.bind_all(values);
    return read_deliveries(std::move(st));
}

std::vector<Delivery> due_probes(Connection& conn, std::int64_t now,
                                 const std::vector<std::string>& busy_domains) {
    std::vector<SqlValue> values{now, now};
    std::string sql =
        std::string("SELECT ") + delivery_columns +
        " FROM delivery_domains h JOIN deliveries d ON d.id = (SELECT e.id FROM "
        "deliveries e WHERE e.domain = h.domain AND e.next_attempt_at <= ? "
        "ORDER BY e.next_attempt_at, e.id LIMIT 1) "
        "WHERE h.unreachable_since IS NOT NULL AND COALESCE(h.next_probe_at, 0) <= ?" +
        domains_left_out(busy_domains, values) + " ORDER BY d.id";
    auto st = conn.query(sql);
    st.bind_all(values);
    return read_deliveries(std::move(st));
}

std::optional<Delivery> find_delivery(Connection& conn, std::int64_t id) {
    auto found = read_deliveries(conn.query(
        std::string("SELECT ") + delivery_columns + " FROM deliveries d WHERE d.id = ?", id));
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

std::vector<Delivery> list_deliveries(Connection& conn) {
    return read_deliveries(
        conn.query(std::string("SELECT ") + delivery_columns + " FROM deliveries d ORDER BY d.id"));
}

void delete_delivery(Connection& conn, std::int64_t id) {
    conn.query("DELETE FROM deliveries WHERE id = ?", id).run();
}

void reschedule_delivery(Connection& conn, std::int64_t id, int attempts,
                         std::int64_t next_attempt_at, const std::string& error) {
    conn.query("UPDATE deliveries SET attempts = ?, next_attempt_at = ?, last_error = ? "
               "WHERE id = ?",
               attempts, next_attempt_at, error, id)
        .run();
}

int delete_deliveries_created_before(Connection& conn, std::int64_t created_before) {
    conn.query("DELETE FROM deliveries WHERE created_at < ?", created_before).run();
    return conn.changes();
}

std::optional<DomainHealth> find_domain_health(Connection& conn, const std::string& domain) {
    auto st = conn.query("SELECT domain, consecutive_failures, unreachable_since, next_probe_at, "
                         "last_success_at, last_failure_at FROM delivery_domains WHERE domain = ?",
                         domain);
    if (!st.step()) return std::nullopt;
    return DomainHealth{st.text(0),          int(st.int64(1)),    optional_int(st, 2),
                        optional_int(st, 3), optional_int(st, 4), optional_int(st, 5)};
}

bool record_domain_success(Connection& conn, const std::string& domain, std::int64_t now) {
    auto before = find_domain_health(conn, domain);
    bool was_unreachable = before && before->unreachable_since;
    if (before && before->consecutive_failures == 0 && !was_unreachable &&
        before->last_success_at && now - *before->last_success_at < 60'000)
        return false; // recorded a moment ago: spare the write
    conn.query("INSERT INTO delivery_domains (domain, consecutive_failures, last_success_at) "
               "VALUES (?, 0, ?) ON CONFLICT (domain) DO UPDATE SET consecutive_failures = 0, "
               "unreachable_since = NULL, next_probe_at = NULL, "
               "last_success_at = excluded.last_success_at",
               domain, now)
        .run();
    return was_unreachable;
}

bool record_domain_failure(Connection& conn, const std::string& domain, std::int64_t now,
                           int unreachable_after, std::int64_t probe_delay_ms) {
    conn.query("INSERT INTO delivery_domains (domain, consecutive_failures, last_failure_at) "
               "VALUES (?, 1, ?) ON CONFLICT (domain) DO UPDATE SET consecutive_failures = "
               "delivery_domains.consecutive_failures + 1, "
               "last_failure_at = excluded.last_failure_at",
               domain, now)
        .run();
    auto health = find_domain_health(conn, domain);
    if (health->unreachable_since) {
        conn.query("UPDATE delivery_domains SET next_probe_at = ? WHERE domain = ?",
                   now + probe_delay_ms, domain)
            .run();
        return false;
    }
    if (health->consecutive_failures < unreachable_after) return false;
    conn.query("UPDATE delivery_domains SET unreachable_since = ?, next_probe_at = ? "
               "WHERE domain = ?",
               now, now + probe_delay_ms, domain)
        .run();
    return true;
}

} // namespace agora::store

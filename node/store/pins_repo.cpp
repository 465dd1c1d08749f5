// Status pins and account pins (endorsements): one place for their SQL.
#include "store/pins_repo.hpp"

#include "store/database.hpp"
#include "store/id_pages.hpp"
#include "util/ids.hpp"

#include <limits>

namespace agora::store {

bool insert_status_pin(Connection& conn, std::int64_t account_id, std::int64_t status_id) {
    auto id = next_id();
    conn.query(
            "INSERT INTO status_pins (id, account_id, status_id, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            id, account_id, status_id, id_time_ms(id))
        .run();
    return conn.changes() > 0;
}

bool delete_status_pin(Connection& conn, std::int64_t account_id, std::int64_t status_id) {
    conn.query("DELETE FROM status_pins WHERE account_id = ? AND status_id = ?", account_id,
               status_id)
        .run();
    return conn.changes() > 0;
}

bool is_status_pinned(Connection& conn, std::int64_t account_id, std::int64_t status_id) {
    return !pinned_among(conn, account_id, {status_id}).empty();
}

std::unordered_set<std::int64_t> pinned_among(Connection& conn, std::int64_t account_id,
                                              const std::vector<std::int64_t>& status_ids) {
    std::unordered_set<std::int64_t> out;
    if (status_ids.empty()) return out;
    auto st = query_in(conn,
                       "SELECT status_id FROM {id_rows} JOIN status_pins ON status_id = "
                       "ids.listed_id WHERE account_id = ?1",
                       status_ids, {account_id});
    while (st.step())
        out.insert(st.int64(0));
    return out;
}

std::int64_t count_status_pins(Connection& conn, std::int64_t account_id) {
    auto st = conn.query("SELECT COUNT(*) FROM status_pins WHERE account_id = ?", account_id);
    st.step();
    return st.int64(0);
}

std::vector<std::int64_t> list_pinned_status_ids(Connection& conn, std::int64_t account_id,
                                                 const PageQuery& page) {
    std::int64_t upper = page.max_id.value_or(std::numeric_limits<std::int64_t>::max());
    std::int64_t lower = page.min_id.value_or(page.since_id.value_or(0));
    auto st = conn.query("SELECT status_id FROM status_pins WHERE account_id = ? AND status_id < ? "
                         "AND status_id > ? ORDER BY id DESC LIMIT ?",
                         account_id, upper, lower, page.limit);
    std::vector<std::int64_t> out;
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

void insert_account_pin(Connection& conn, std::int64_t account_id, std::int64_t target_id) {
    auto id = next_id();
    conn.query("INSERT INTO account_pins (id, account_id, target_account_id, created_at) VALUES "
               "(?, ?, ?, ?) ON CONFLICT DO NOTHING",
               id, account_id, target_id, id_time_ms(id))
        .run();
}

bool delete_account_pin(Connection& conn, std::int64_t account_id, std::int64_t target_id) {
    conn.query("DELETE FROM account_pins WHERE account_id = ? AND target_account_id = ?",
               account_id, target_id)
        .run();
    return conn.changes() > 0;
}

bool is_endorsed(Connection& conn, std::int64_t account_id, std::int64_t target_id) {
    return conn
        .query("SELECT 1 FROM account_pins WHERE account_id = ? AND target_account_id = ?",
               account_id, target_id)
        .step();
}

AccountPage list_endorsed_ids(Connection& conn, std::int64_t account_id, const PageQuery& page) {
    return read_id_page_as<AccountPage>(conn, {"account_pins", "target_account_id", "account_id"},
                                        account_id, page);
}

} // namespace agora::store

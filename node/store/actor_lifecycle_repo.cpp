// What a remote actor's deletion or move changes in its rows.
#include "store/actor_lifecycle_repo.hpp"

#include "store/database.hpp"

namespace agora::store {

void mark_account_gone(Connection& conn, std::int64_t account_id, std::int64_t now) {
    conn.query("UPDATE accounts SET gone_at = ?, key_id = NULL, public_key_pem = '', "
               "updated_at = ? WHERE id = ? AND domain IS NOT NULL",
               now, now, account_id)
        .run();
}

bool is_account_gone(Connection& conn, std::int64_t account_id) {
    return conn.query("SELECT 1 FROM accounts WHERE id = ? AND gone_at IS NOT NULL", account_id)
        .step();
}

std::vector<std::int64_t> status_ids_of_account(Connection& conn, std::int64_t account_id,
                                                int limit) {
    std::vector<std::int64_t> out;
    auto st = conn.query("SELECT id FROM statuses WHERE account_id = ? ORDER BY id LIMIT ?",
                         account_id, limit);
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

std::vector<std::pair<std::int64_t, std::int64_t>>
follow_pairs_of(Connection& conn, std::int64_t account_id, bool requests) {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    auto st = conn.query(std::string("SELECT account_id, target_account_id FROM ") +
                             (requests ? "follow_requests" : "follows") +
                             " WHERE account_id = ? OR target_account_id = ?",
                         account_id, account_id);
    while (st.step())
        out.emplace_back(st.int64(0), st.int64(1));
    return out;
}

std::vector<std::int64_t> local_follower_ids(Connection& conn, std::int64_t account_id) {
    std::vector<std::int64_t> out;
    auto st = conn.query("SELECT f.account_id FROM follows f JOIN accounts a ON a.id = "
                         "f.account_id WHERE f.target_account_id = ? AND a.domain IS NULL "
                         "ORDER BY f.id",
                         account_id);
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

void set_moved_to(Connection& conn, std::int64_t account_id, std::string_view target_uri) {
    conn.query("UPDATE accounts SET moved_to_uri = ? WHERE id = ?", target_uri, account_id).run();
}

std::optional<std::int64_t> moved_to_account_id(Connection& conn, std::int64_t account_id) {
    auto st = conn.query("SELECT t.id FROM accounts a JOIN accounts t ON t.uri = a.moved_to_uri "
                         "WHERE a.id = ?",
                         account_id);
    if (!st.step()) return std::nullopt;
    return st.int64(0);
}

} // namespace agora::store

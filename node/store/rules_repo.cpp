// Instance rules: their SQL.
#include "store/rules_repo.hpp"

#include "store/database.hpp"

namespace agora::store {

namespace {
constexpr const char* columns =
    "SELECT id, position, text, hint, created_at, updated_at, removed_at FROM rules ";

RuleRow read_rule(const Statement& st) {
    RuleRow r{st.int64(0), st.int64(1), st.text(2), st.text(3), st.int64(4), st.int64(5), {}};
    if (!st.is_null(6)) r.removed_at = st.int64(6);
    return r;
}
} // namespace

std::vector<RuleRow> list_rules(Connection& conn) {
    auto st = conn.query(std::string(columns) + "WHERE removed_at IS NULL ORDER BY position, id");
    std::vector<RuleRow> out;
    while (st.step())
        out.push_back(read_rule(st));
    return out;
}

std::optional<RuleRow> find_rule(Connection& conn, std::int64_t id) {
    auto st = conn.query(std::string(columns) + "WHERE id = ?", id);
    if (!st.step()) return std::nullopt;
    return read_rule(st);
}

std::optional<RuleRow> find_kept_rule(Connection& conn, std::int64_t id) {
    auto st = conn.query(std::string(columns) + "WHERE id = ? AND removed_at IS NULL", id);
    if (!st.step()) return std::nullopt;
    return read_rule(st);
}

std::int64_t append_rule(Connection& conn, RuleRow r) {
    auto last = conn.query("SELECT COALESCE(MAX(position), 0) FROM rules");
    r.position = last.step() ? last.int64(0) + 1 : 1;
    conn.query("INSERT INTO rules (id, position, text, hint, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               r.id, r.position, r.text, r.hint, r.created_at, r.updated_at)
        .run();
    return r.position;
}

void update_rule(Connection& conn, const RuleRow& r) {
    conn.query("UPDATE rules SET position = ?, text = ?, hint = ?, updated_at = ? WHERE id = ?",
               r.position, r.text, r.hint, r.updated_at, r.id)
        .run();
}

bool remove_rule(Connection& conn, std::int64_t id, std::int64_t at) {
    conn.query(
            "UPDATE rules SET removed_at = ?, updated_at = ? WHERE id = ? AND removed_at IS NULL",
            at, at, id)
        .run();
    return conn.changes() > 0;
}

} // namespace agora::store

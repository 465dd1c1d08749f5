// Statements of reasons, appeals, report notes and the audit log: one place for their SQL.
#include "store/statements_repo.hpp"

#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <limits>

namespace agora::store {

namespace {
std::optional<std::int64_t> optional_int(const Statement& st, int column) {
    if (st.is_null(column)) return std::nullopt;
    return st.int64(column);
}

constexpr const char* statement_columns =
    "id, account_id, moderator_account_id, report_id, action, ground, legal_ground, facts, "
    "category, subcategory, text, automated, access_token, reversed_at, created_at";

constexpr const char* appeal_columns =
    "id, statement_id, account_id, text, state, decided_by_account_id, decision_text, "
    "decided_at, created_at";

Appeal read_appeal(const Statement& st) {
    Appeal a;
    a.id = st.int64(0);
    a.statement_id = st.int64(1);
    a.account_id = st.int64(2);
    a.text = st.text(3);
    a.state = st.text(4);
    a.decided_by_account_id = optional_int(st, 5);
    a.decision_text = st.text(6);
    a.decided_at = optional_int(st, 7);
    a.created_at = st.int64(8);
    return a;
}

ModerationStatement read_statement(Connection& conn, const Statement& st) {
    ModerationStatement s;
    s.id = st.int64(0);
    s.account_id = st.int64(1);
    s.moderator_account_id = optional_int(st, 2);
    s.report_id = optional_int(st, 3);
    s.action = st.text(4);
    s.ground = st.text(5);
    s.legal_ground = st.text(6);
    s.facts = st.text(7);
    s.category = st.optional_text(8);
    s.subcategory = st.optional_text(9);
    s.text = st.text(10);
    s.automated = st.boolean(11);
    s.access_token = st.text(12);
    s.reversed_at = optional_int(st, 13);
    s.created_at = st.int64(14);
    auto statuses = conn.query("SELECT status_id FROM statement_statuses WHERE statement_id = ? "
                               "ORDER BY status_id",
                               s.id);
    while (statuses.step())
        s.status_ids.push_back(statuses.int64(0));
    auto rules = conn.query(
        "SELECT rule_id FROM statement_rules WHERE statement_id = ? ORDER BY rule_id", s.id);
    while (rules.step())
        s.rule_ids.push_back(rules.int64(0));
    auto appeal = conn.query(
        std::string("SELECT ") + appeal_columns + " FROM appeals WHERE statement_id = ?", s.id);
    if (appeal.step()) s.appeal = read_appeal(appeal);
    return s;
}

std::optional<ModerationStatement> first_statement(Connection& conn, Statement st) {
    if (!st.step()) return std::nullopt;
    return read_statement(conn, st);
}
} // namespace

void insert_statement(Connection& conn, const ModerationStatement& s) {
    conn.query("INSERT INTO statements (id, account_id, moderator_account_id, report_id, action, "
               "ground, legal_ground, facts, category, subcategory, text, automated, "
               "access_token, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               s.id, s.account_id, s.moderator_account_id, s.report_id, s.action, s.ground,
               s.legal_ground, s.facts, s.category, s.subcategory, s.text, s.automated,
               s.access_token, s.created_at)
        .run();
    for (auto id : s.status_ids)
        conn.query("INSERT INTO statement_statuses (statement_id, status_id) VALUES (?, ?) "
                   "ON CONFLICT DO NOTHING",
                   s.id, id)
            .run();
    for (auto id : s.rule_ids)
        conn.query("INSERT INTO statement_rules (statement_id, rule_id) VALUES (?, ?) "
                   "ON CONFLICT DO NOTHING",
                   s.id, id)
            .run();
}

std::optional<ModerationStatement> find_statement(Connection& conn, std::int64_t id) {
    return first_statement(conn, conn.query(std::string("SELECT ") + statement_columns +
                                                " FROM statements WHERE id = ?",
                                            id));
}

std::optional<ModerationStatement> find_statement_by_token(Connection& conn,
                                                           const std::string& token) {
    return first_statement(conn, conn.query(std::string("SELECT ") + statement_columns +
                                                " FROM statements WHERE access_token = ?",
                                            token));
}

std::vector<ModerationStatement> list_statements(Connection& conn, std::int64_t account_id,
                                                 int limit) {
    auto st = conn.query(std::string("SELECT ") + statement_columns +
                             " FROM statements WHERE account_id = ? ORDER BY id DESC LIMIT ?",
                         account_id, std::int64_t(limit));
    std::vector<ModerationStatement> out;
    while (st.step())
        out.push_back(read_statement(conn, st));
    return out;
}

void mark_statement_reversed(Connection& conn, std::int64_t id, std::int64_t now) {
    conn.query("UPDATE statements SET reversed_at = ? WHERE id = ?", now, id).run();
}

std::optional<std::int64_t> notification_statement_id(Connection& conn,
                                                      std::int64_t notification_id) {
    auto st = conn.query("SELECT statement_id FROM notifications WHERE id = ?", notification_id);
    if (!st.step()) return std::nullopt;
    return optional_int(st, 0);
}

void notify_of_statement(Connection& conn, const ModerationStatement& statement,
                         const std::string& type) {
    auto id = next_id();
    conn.query("INSERT INTO notifications (id, account_id, type, from_account_id, status_id, "
               "statement_id, created_at) VALUES (?, ?, ?, ?, NULL, ?, ?) ON CONFLICT DO NOTHING",
               id, statement.account_id, type, statement.account_id, statement.id, id_time_ms(id))
        .run();
    if (conn.changes() > 0)
        insert_event(conn, "notification.created",
                     "{\"notification_id\":" + std::to_string(id) +
                         ",\"account_id\":" + std::to_string(statement.account_id) + "}");
}

bool insert_appeal(Connection& conn, const Appeal& a) {
    conn.query("INSERT INTO appeals (id, statement_id, account_id, text, state, created_at) "
               "VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING",
               a.id, a.statement_id, a.account_id, a.text, a.created_at)
        .run();
    return conn.changes() > 0;
}

std::optional<Appeal> find_appeal(Connection& conn, std::int64_t id) {
    auto st =
        conn.query(std::string("SELECT ") + appeal_columns + " FROM appeals WHERE id = ?", id);
    if (!st.step()) return std::nullopt;
    return read_appeal(st);
}

std::vector<Appeal> list_appeals(Connection& conn, const std::string& state, std::int64_t after,
                                 int limit) {
    auto st = conn.query(std::string("SELECT ") + appeal_columns +
                             " FROM appeals WHERE state = ? AND id > ? ORDER BY id LIMIT ?",
                         state, after, std::int64_t(limit));
    std::vector<Appeal> out;
    while (st.step())
        out.push_back(read_appeal(st));
    return out;
}

bool decide_appeal(Connection& conn, std::int64_t id, const std::string& state,
                   std::int64_t moderator, const std::string& text, std::int64_t now) {
    conn.query("UPDATE appeals SET state = ?, decided_by_account_id = ?, decision_text = ?, "
               "decided_at = ? WHERE id = ? AND state = 'pending'",
               state, moderator, text, now, id)
        .run();
    return conn.changes() > 0;
}

void insert_report_note(Connection& conn, const ReportNote& n) {
    conn.query("INSERT INTO report_notes (id, report_id, account_id, content, created_at) "
               "VALUES (?, ?, ?, ?, ?)",
               n.id, n.report_id, n.account_id, n.content, n.created_at)
        .run();
}

namespace {
ReportNote read_note(const Statement& st) {
    return {st.int64(0), st.int64(1), optional_int(st, 2), st.text(3), st.int64(4)};
}
} // namespace

std::vector<ReportNote> list_report_notes(Connection& conn, std::int64_t report_id) {
    auto st = conn.query("SELECT id, report_id, account_id, content, created_at FROM "
                         "report_notes WHERE report_id = ? ORDER BY id",
                         report_id);
    std::vector<ReportNote> out;
    while (st.step())
        out.push_back(read_note(st));
    return out;
}

std::optional<ReportNote> find_report_note(Connection& conn, std::int64_t id) {
    auto st = conn.query(
        "SELECT id, report_id, account_id, content, created_at FROM report_notes WHERE id = ?", id);
    if (!st.step()) return std::nullopt;
    return read_note(st);
}

void delete_report_note(Connection& conn, std::int64_t id) {
    conn.query("DELETE FROM report_notes WHERE id = ?", id).run();
}

void audit(Connection& conn, std::optional<std::int64_t> moderator, const std::string& action,
           const std::string& target_type, std::optional<std::int64_t> target_id,
           const std::string& target_label, const std::string& detail) {
    auto id = next_id();
    conn.query("INSERT INTO audit_log (id, account_id, action, target_type, target_id, "
               "target_label, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               id, moderator, action, target_type, target_id, target_label, detail, id_time_ms(id))
        .run();
}

std::vector<AuditEntry> list_audit_log(Connection& conn, std::int64_t before, int limit,
                                       std::optional<std::int64_t> account_id,
                                       const std::optional<std::string>& action) {
    std::vector<SqlValue> values{before > 0 ? before : std::numeric_limits<std::int64_t>::max()};
    std::string sql = "SELECT id, account_id, action, target_type, target_id, target_label, "
                      "detail, created_at FROM audit_log WHERE id < ?";
    if (account_id) {
        sql += " AND account_id = ?";
        values.emplace_back(*account_id);
    }
    if (action) {
        sql += " AND action = ?";
        values.emplace_back(*action);
    }
    sql += " ORDER BY id DESC LIMIT ?";
    values.emplace_back(std::int64_t(limit));
    auto st = conn.query(sql);
    st.bind_all(values);
    std::vector<AuditEntry> out;
    while (st.step())
        out.push_back({st.int64(0), optional_int(st, 1), st.text(2), st.text(3),
                       optional_int(st, 4), st.text(5), st.text(6), st.int64(7)});
    return out;
}

std::vector<std::int64_t> resolve_open_reports(Connection& conn, std::int64_t target,
                                               std::optional<std::int64_t> moderator,
                                               std::int64_t now) {
    std::vector<std::int64_t> ids;
    auto st = conn.query(
        "SELECT id FROM reports WHERE target_account_id = ? AND action_taken_at IS NULL", target);
    while (st.step())
        ids.push_back(st.int64(0));
    for (auto id : ids)
        conn.query("UPDATE reports SET action_taken_at = ?, action_taken_by_account_id = ?, "
                   "updated_at = ? WHERE id = ?",
                   now, moderator, now, id)
            .run();
    return ids;
}

void update_report_category(Connection& conn, std::int64_t report_id, const std::string& category,
                            const std::optional<std::vector<std::int64_t>>& rule_ids,
                            std::int64_t now) {
    conn.query("UPDATE reports SET category = ?, updated_at = ? WHERE id = ?", category, now,
               report_id)
        .run();
    if (!rule_ids) return;
    conn.query("DELETE FROM report_rules WHERE report_id = ?", report_id).run();
    for (auto id : *rule_ids)
        conn.query("INSERT INTO report_rules (report_id, rule_id) VALUES (?, ?) "
                   "ON CONFLICT DO NOTHING",
                   report_id, id)
            .run();
}

std::int64_t count_other_staff(Connection& conn, std::int64_t except) {
    auto st = conn.query("SELECT COUNT(*) FROM users WHERE role IN ('admin', 'moderator') AND "
                         "approved = 1 AND account_id <> ?",
                         except);
    return st.step() ? st.int64(0) : 0;
}

} // namespace agora::store

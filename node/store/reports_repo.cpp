// Report rows: one place for their SQL (reports, report_statuses, report_rules).
#include "store/reports_repo.hpp"

#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "util/ids.hpp"

#include <algorithm>
#include <limits>

namespace agora::store {

namespace {
constexpr const char* report_columns =
    "id, account_id, target_account_id, origin, origin_domain, uri, category, subcategory, "
    "comment, contact, forwarded, assigned_account_id, action_taken_at, "
    "action_taken_by_account_id, created_at, updated_at";

std::optional<std::int64_t> optional_int(const Statement& st, int column) {
    if (st.is_null(column)) return std::nullopt;
    return st.int64(column);
}

Report read_report(const Statement& st) {
    Report r;
    r.id = st.int64(0);
    r.account_id = optional_int(st, 1);
    r.target_account_id = st.int64(2);
    r.origin = st.text(3);
    r.origin_domain = st.optional_text(4);
    r.uri = st.optional_text(5);
    r.category = st.text(6);
    r.subcategory = st.optional_text(7);
    r.comment = st.text(8);
    r.contact = st.optional_text(9);
    r.forwarded = st.boolean(10);
    r.assigned_account_id = optional_int(st, 11);
    r.action_taken_at = optional_int(st, 12);
    r.action_taken_by_account_id = optional_int(st, 13);
    r.created_at = st.int64(14);
    r.updated_at = st.int64(15);
    return r;
}

void load_lists(Connection& conn, Report& r) {
    auto statuses = conn.query(
        "SELECT status_id FROM report_statuses WHERE report_id = ? ORDER BY status_id", r.id);
    while (statuses.step())
        r.status_ids.push_back(statuses.int64(0));
    auto rules =
        conn.query("SELECT rule_id FROM report_rules WHERE report_id = ? ORDER BY rule_id", r.id);
    while (rules.step())
        r.rule_ids.push_back(rules.int64(0));
}
} // namespace

void insert_report(Connection& conn, const Report& r) {
    conn.query("INSERT INTO reports (id, account_id, target_account_id, origin, origin_domain, "
               "uri, category, subcategory, comment, contact, forwarded, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               r.id, r.account_id, r.target_account_id, r.origin, r.origin_domain, r.uri,
               r.category, r.subcategory, r.comment, r.contact, r.forwarded, r.created_at,
               r.updated_at)
        .run();
    for (auto status_id : r.status_ids)
        conn.query("INSERT INTO report_statuses (report_id, status_id) VALUES (?, ?) "
                   "ON CONFLICT DO NOTHING",
                   r.id, status_id)
            .run();
    for (auto rule_id : r.rule_ids)
        conn.query("INSERT INTO report_rules (report_id, rule_id) VALUES (?, ?) "
                   "ON CONFLICT DO NOTHING",
                   r.id, rule_id)
            .run();
}

std::optional<Report> find_report(Connection& conn, std::int64_t id) {
    auto st =
        conn.query(std::string("SELECT ") + report_columns + " FROM reports WHERE id = ?", id);
    if (!st.step()) return std::nullopt;
    auto r = read_report(st);
    load_lists(conn, r);
    return r;
}

bool report_uri_known(Connection& conn, const std::string& uri) {
    return conn.query("SELECT 1 FROM reports WHERE uri = ?", uri).step();
}

std::vector<Report> list_reports(Connection& conn, const ReportFilter& f) {
    bool ascending = f.min_id.has_value();
    std::string sql = std::string("SELECT ") + report_columns +
                      " FROM reports WHERE ((?1 = 1 AND action_taken_at IS NOT NULL) OR "
                      "(?1 = 0 AND action_taken_at IS NULL)) AND id < ?2 AND id > ?3 AND "
                      "(?4 IS NULL OR account_id = ?4) AND (?5 IS NULL OR target_account_id = "
                      "?5) AND (?6 IS NULL OR (?6 = 1 AND origin = 'remote') OR (?6 = 0 AND "
                      "origin <> 'remote')) ORDER BY id " +
                      (ascending ? "ASC" : "DESC") + " LIMIT ?7";
    std::optional<std::int64_t> remote;
    if (f.remote) remote = *f.remote ? 1 : 0;
    auto st =
        conn.query(sql, f.resolved, f.max_id.value_or(std::numeric_limits<std::int64_t>::max()),
                   f.min_id.value_or(f.since_id.value_or(0)), f.account_id, f.target_account_id,
                   remote, f.limit);
    std::vector<Report> out;
    while (st.step())
        out.push_back(read_report(st));
    if (ascending) std::reverse(out.begin(), out.end());
    for (auto& r : out)
        load_lists(conn, r);
    return out;
}

void set_report_assignee(Connection& conn, std::int64_t id, std::optional<std::int64_t> assignee,
                         std::int64_t now) {
    conn.query("UPDATE reports SET assigned_account_id = ?, updated_at = ? WHERE id = ?", assignee,
               now, id)
        .run();
}

void set_report_resolution(Connection& conn, std::int64_t id, std::optional<std::int64_t> moderator,
                           std::int64_t now) {
    std::optional<std::int64_t> at;
    if (moderator) at = now;
    conn.query("UPDATE reports SET action_taken_at = ?, action_taken_by_account_id = ?, "
               "updated_at = ? WHERE id = ?",
               at, moderator, now, id)
        .run();
}

std::optional<std::int64_t> notification_report_id(Connection& conn, std::int64_t notification_id) {
    auto st = conn.query("SELECT report_id FROM notifications WHERE id = ?", notification_id);
    if (!st.step() || st.is_null(0)) return std::nullopt;
    return st.int64(0);
}

void notify_staff_of_report(Connection& conn, std::int64_t report_id,
                            std::int64_t from_account_id) {
    auto staff = conn.query(
        "SELECT account_id FROM users WHERE role IN ('admin', 'moderator') AND approved = 1");
    std::vector<std::int64_t> staff_ids;
    while (staff.step())
        staff_ids.push_back(staff.int64(0));
    for (auto recipient : staff_ids) {
        if (recipient == from_account_id) continue;
        auto id = next_id();
        conn.query("INSERT INTO notifications (id, account_id, type, from_account_id, status_id, "
                   "report_id, created_at) VALUES (?, ?, 'admin.report', ?, NULL, ?, ?) "
                   "ON CONFLICT DO NOTHING",
                   id, recipient, from_account_id, report_id, id_time_ms(id))
            .run();
        if (conn.changes() > 0)
            insert_event(conn, "notification.created",
                         "{\"notification_id\":" + std::to_string(id) +
                             ",\"account_id\":" + std::to_string(recipient) + "}");
    }
}

} // namespace agora::store

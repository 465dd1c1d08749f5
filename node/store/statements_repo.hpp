// Statements of reasons (moderation decisions), their appeals, moderators' notes on reports and
// the moderation audit log: reads and writes, one place for their SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora::store {

class Connection;

struct Appeal {
    std::int64_t id = 0;
    std::int64_t statement_id = 0;
    std::int64_t account_id = 0;
    std::string text;
    std::string state = "pending"; // pending, approved, rejected
    std::optional<std::int64_t> decided_by_account_id;
    std::string decision_text;
    std::optional<std::int64_t> decided_at;
    std::int64_t created_at = 0;
};

struct ModerationStatement {
    std::int64_t id = 0;
    std::int64_t account_id = 0;                      // the person concerned
    std::optional<std::int64_t> moderator_account_id; // for the team only
    std::optional<std::int64_t> report_id;
    std::string action; // none, sensitive, disable, silence, suspend
    std::string ground; // rules, terms, legal
    std::string legal_ground;
    std::string facts;
    std::optional<std::string> category, subcategory;
    std::string text;
    bool automated = false;
    std::string access_token;
    std::optional<std::int64_t> reversed_at;
    std::int64_t created_at = 0;
    std::vector<std::int64_t> status_ids;
    std::vector<std::int64_t> rule_ids;
    std::optional<Appeal> appeal;
};

// Inserts the statement with its statuses and rules (id set by the caller).
void insert_statement(Connection& conn, const ModerationStatement& statement);
std::optional<ModerationStatement> find_statement(Connection& conn, std::int64_t id);
std::optional<ModerationStatement> find_statement_by_token(Connection& conn,
                                                           const std::string& token);
// An account's statements, newest first.
std::vector<ModerationStatement> list_statements(Connection& conn, std::int64_t account_id,
                                                 int limit);
void mark_statement_reversed(Connection& conn, std::int64_t id, std::int64_t now);
// The statement a moderation_warning notification is about.
std::optional<std::int64_t> notification_statement_id(Connection& conn,
                                                      std::int64_t notification_id);
// A notification of `type` to the statement's account about it (as from that account).
void notify_of_statement(Connection& conn, const ModerationStatement& statement,
                         const std::string& type);

// Appeals: false when the statement has one already.
bool insert_appeal(Connection& conn, const Appeal& appeal);
std::optional<Appeal> find_appeal(Connection& conn, std::int64_t id);
// Pending (or decided) appeals, oldest first, ids above `after`.
std::vector<Appeal> list_appeals(Connection& conn, const std::string& state, std::int64_t after,
                                 int limit);
// Decides a pending appeal; false when it was decided already.
bool decide_appeal(Connection& conn, std::int64_t id, const std::string& state,
                   std::int64_t moderator, const std::string& text, std::int64_t now);

struct ReportNote {
    std::int64_t id = 0;
    std::int64_t report_id = 0;
    std::optional<std::int64_t> account_id;
    std::string content;
    std::int64_t created_at = 0;
};
void insert_report_note(Connection& conn, const ReportNote& note);
std::vector<ReportNote> list_report_notes(Connection& conn, std::int64_t report_id);
std::optional<ReportNote> find_report_note(Connection& conn, std::int64_t id);
void delete_report_note(Connection& conn, std::int64_t id);

struct AuditEntry {
    std::int64_t id = 0;
    std::optional<std::int64_t> account_id; // the moderator (none: the command line)
    std::string action;                     // e.g. account.suspend, report.resolve
    std::string target_type;                // account, report, statement, appeal, domain
    std::optional<std::int64_t> target_id;
    std::string target_label;
    std::string detail;
    std::int64_t created_at = 0;
};
// Writes a line (its id and time chosen here).
void audit(Connection& conn, std::optional<std::int64_t> moderator, const std::string& action,
           const std::string& target_type, std::optional<std::int64_t> target_id,
           const std::string& target_label, const std::string& detail = "");
// Newest first, ids below `before` (0: from the newest); by moderator or action when given.
std::vector<AuditEntry> list_audit_log(Connection& conn, std::int64_t before, int limit,
                                       std::optional<std::int64_t> account_id,
                                       const std::optional<std::string>& action);

// Resolves the unresolved reports about `target` (by `moderator`, none from the command line);
// their ids.
std::vector<std::int64_t> resolve_open_reports(Connection& conn, std::int64_t target,
                                               std::optional<std::int64_t> moderator,
                                               std::int64_t now);

// PUT /api/v1/admin/reports/:id: a new category and, when given, new rules.
void update_report_category(Connection& conn, std::int64_t report_id, const std::string& category,
                            const std::optional<std::vector<std::int64_t>>& rule_ids,
                            std::int64_t now);

// Staff (moderators and admins, approved) other than `except`: how many.
std::int64_t count_other_staff(Connection& conn, std::int64_t except);

} // namespace agora::store

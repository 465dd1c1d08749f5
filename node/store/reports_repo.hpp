// Report rows (notices about an account and some of its statuses): reads and writes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora::store {

class Connection;

struct Report {
    std::int64_t id = 0;
    std::optional<std::int64_t> account_id; // the reporter: a member, or a Flag's sender
    std::int64_t target_account_id = 0;
    std::string origin; // member, visitor, remote
    std::optional<std::string> origin_domain;
    std::optional<std::string> uri;
    std::string category;
    std::optional<std::string> subcategory;
    std::string comment;
    std::optional<std::string> contact;
    bool forwarded = false;
    std::optional<std::int64_t> assigned_account_id;
    std::optional<std::int64_t> action_taken_at;
    std::optional<std::int64_t> action_taken_by_account_id;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::vector<std::int64_t> status_ids;
    std::vector<std::int64_t> rule_ids;
};

// Inserts the report with its statuses and rules (report.id set by the caller).
void insert_report(Connection& conn, const Report& report);
std::optional<Report> find_report(Connection& conn, std::int64_t id);
bool report_uri_known(Connection& conn, const std::string& uri);

// Mastodon's admin filters: resolved or not; by reporter or target; by origin (local: members
// and visitors; remote: Flags), a page of ids newest first.
struct ReportFilter {
    bool resolved = false;
    std::optional<std::int64_t> account_id;
    std::optional<std::int64_t> target_account_id;
    std::optional<bool> remote; // by origin
    std::optional<std::int64_t> max_id, since_id, min_id;
    int limit = 100;
};
std::vector<Report> list_reports(Connection& conn, const ReportFilter& filter);

void set_report_assignee(Connection& conn, std::int64_t id, std::optional<std::int64_t> assignee,
                         std::int64_t now);
// Resolved by `moderator` at `now`, or reopened (nullopt).
void set_report_resolution(Connection& conn, std::int64_t id, std::optional<std::int64_t> moderator,
                           std::int64_t now);

// The report an admin.report notification is about.
std::optional<std::int64_t> notification_report_id(Connection& conn, std::int64_t notification_id);
// Tells each moderator and admin (approved) of a new report, as from `from_account_id`.
void notify_staff_of_report(Connection& conn, std::int64_t report_id, std::int64_t from_account_id);

} // namespace agora::store

// Filing a report: the checks Mastodon makes (the target exists, the statuses are the target's
// and the reporter may see them, the category and rules are known, the comment is not too long),
// then the report, its admin.report notifications and, when it is forwarded, its
// "report.forwarded" event, written in one transaction.
#pragma once

#include "store/reports_repo.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace agora::store {
class Connection;
class Database;
} // namespace agora::store

namespace agora::moderation {

// Mastodon's limit on a local report's comment (in characters); remote ones are cut at
// max_remote_comment_chars.
constexpr std::size_t max_comment_chars = 1000;
constexpr std::size_t max_remote_comment_chars = 5000;
constexpr std::size_t max_contact_chars = 200;

struct ReportRequest {
    std::string origin = "member";           // member, visitor, remote
    std::optional<std::int64_t> reporter_id; // members and remote senders; none for visitors
    std::optional<std::string> origin_domain, uri, contact;
    std::int64_t target_account_id = 0;
    std::vector<std::int64_t> status_ids;
    std::vector<std::int64_t> rule_ids;
    std::string category = "other";
    std::optional<std::string> subcategory;
    std::string comment;
    bool forward = false; // asked for; done only when the target is remote
};

struct ReportError {
    int status = 422;
    std::string message;
};

std::expected<store::Report, ReportError> file_report(store::Database& db,
                                                      const ReportRequest& request);

// Whether `rule_id` is one of the instance rules (reports, decisions and PUT admin/reports).
bool known_rule(store::Connection& conn, std::int64_t rule_id);

// Characters (code points) of UTF-8 text.
std::size_t utf8_length(const std::string& text);
// Its first `chars` characters.
std::string utf8_prefix(const std::string& text, std::size_t chars);

} // namespace agora::moderation

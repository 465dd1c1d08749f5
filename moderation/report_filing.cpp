// Filing a report: checks, then the report, its notifications and its event in one transaction.
#include "moderation/report_filing.hpp"

#include "moderation/report_categories.hpp"
#include "statuses/status_service.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/rules_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace agora::moderation {

namespace {
ReportError not_found() {
    return {404, "Record not found"};
}

ReportError invalid(const std::string& what) {
    return {422, "Validation failed: " + what};
}

std::optional<ReportError> check(store::Connection& conn, const ReportRequest& r,
                                 const Account& target) {
    if (!is_report_category(r.category)) return invalid("Category is not included in the list");
    if (r.subcategory && !is_report_subcategory(*r.subcategory))
        return invalid("Subcategory is not included in the list");
    bool remote = r.origin == "remote";
    if (!remote && utf8_length(r.comment) > max_comment_chars)
        return invalid("Comment is too long (maximum is " + std::to_string(max_comment_chars) +
                       " characters)");
    if (r.origin == "visitor" && r.comment.find_first_not_of(" \t\r\n") == std::string::npos)
        return invalid("Comment can't be blank");
    if (r.contact && utf8_length(*r.contact) > max_contact_chars)
        return invalid("Contact is too long (maximum is " + std::to_string(max_contact_chars) +
                       " characters)");
    if (r.category == "violation")
        for (auto rule : r.rule_ids)
            if (!known_rule(conn, rule)) return invalid("Rule ids does not reference valid rules");
    for (auto id : r.status_ids) {
        auto status = store::find_status(conn, id);
        if (!status || status->account_id != target.id) return not_found();
        // Members and visitors report what they can see; a Flag's statuses are checked by its
        // handler (ours or stored, of the reported actor).
        if (!remote && !can_see(conn, *status, r.reporter_id)) return not_found();
    }
    return std::nullopt;
}
} // namespace

// A rule in force (a removed one is refused, as Mastodon refuses a discarded rule).
bool known_rule(store::Connection& conn, std::int64_t id) {
    return store::find_kept_rule(conn, id).has_value();
}

std::size_t utf8_length(const std::string& text) {
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string utf8_prefix(const std::string& text, std::size_t chars) {
    std::size_t seen = 0, end = 0;
    for (; end < text.size(); ++end)
        if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80 && seen++ == chars) break;
    return text.substr(0, end);
}

std::expected<store::Report, ReportError> file_report(store::Database& db,
                                                      const ReportRequest& request) {
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    auto target = store::find_account(*conn, request.target_account_id);
    if (!target) return std::unexpected(not_found());
    if (auto refusal = check(*conn, request, *target)) return std::unexpected(*refusal);

    store::Report report;
    report.id = next_id();
    report.account_id = request.reporter_id;
    report.target_account_id = target->id;
    report.origin = request.origin;
    report.origin_domain = request.origin_domain;
    report.uri = request.uri;
    report.category = request.category;
    report.subcategory = request.subcategory;
    report.comment = request.comment;
    if (request.origin == "remote" && utf8_length(report.comment) > max_remote_comment_chars)
        report.comment = utf8_prefix(report.comment, max_remote_comment_chars);
    report.contact = request.contact;
    report.forwarded = request.forward && !target->local() && request.origin != "remote";
    report.created_at = report.updated_at = id_time_ms(report.id);
    for (auto id : request.status_ids)
        if (std::find(report.status_ids.begin(), report.status_ids.end(), id) ==
            report.status_ids.end())
            report.status_ids.push_back(id);
    if (request.category == "violation") report.rule_ids = request.rule_ids;
    store::insert_report(*conn, report);
    store::notify_staff_of_report(*conn, report.id, request.reporter_id.value_or(target->id));
    if (report.forwarded)
        store::insert_event(*conn, "report.forwarded",
                            nlohmann::json{{"report_id", report.id}}.dump());
    tx.commit();
    return report;
}

} // namespace agora::moderation

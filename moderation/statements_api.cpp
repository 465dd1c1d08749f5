// Agora's moderation endpoints beyond Mastodon's: statements of reasons (the person concerned,
// or staff), appeals (filed by the person, decided by staff), the audit log (admins),
// moderators' notes on reports; and Mastodon's PUT /api/v1/admin/reports/:id.
#include "moderation/routes.hpp"

#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/entities_statements.hpp"
#include "crypto/tokens.hpp"
#include "events/event_worker.hpp"
#include "moderation/account_actions.hpp"
#include "moderation/report_filing.hpp"
#include "moderation/staff.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "store/reports_repo.hpp"
#include "store/statements_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

namespace agora::moderation {

namespace {
using api::Call;
using nlohmann::json;

constexpr std::size_t max_note_chars = 500; // Mastodon's report note limit

bool is_staff(const Call& call) {
    return call.caller && call.caller->user && call.caller->user->role != Role::member;
}

// The statement of `{id}` as the caller may see it: the person concerned, staff, or anyone
// holding its page's token; nullopt (404) for anyone else.
std::optional<store::ModerationStatement> visible_statement(Call& call, store::Connection& conn) {
    auto id = api::parse_id(call.request.param("id"));
    auto statement = id ? store::find_statement(conn, *id) : std::nullopt;
    if (!statement) return std::nullopt;
    if (call.caller && call.caller->account && call.me().id == statement->account_id)
        return statement;
    if (is_staff(call)) return statement;
    if (auto token = call.params.get("token");
        token && crypto::constant_time_equals(*token, statement->access_token))
        return statement;
    return std::nullopt;
}

bool concerned(const Call& call, const store::ModerationStatement& s) {
    return !call.caller || !call.caller->account || call.me().id == s.account_id;
}

http::Response show(Call& call) {
    auto conn = call.node.database().acquire();
    auto statement = visible_statement(call, *conn);
    if (!statement) return http::error_response(404, "Record not found");
    api::EntityWriter writer(*conn, call.node.config(), call.viewer_id());
    return api::json_response(
        api::account_warning(writer, call.node.config(), *statement, !concerned(call, *statement)));
}

http::Response list_own(Call& call) {
    auto conn = call.node.database().acquire();
    api::EntityWriter writer(*conn, call.node.config(), call.viewer_id());
    json out = json::array();
    for (const auto& s : store::list_statements(*conn, call.me().id, 100))
        out.push_back(api::account_warning(writer, call.node.config(), s, false));
    return api::json_response(out);
}

http::Response appeal(Call& call) {
    std::optional<store::ModerationStatement> statement;
    {
        auto conn = call.node.database().acquire();
        statement = visible_statement(call, *conn);
    }
    // Only the person concerned (signed in, or with the page's token) appeals.
    if (!statement || !concerned(call, *statement))
        return http::error_response(404, "Record not found");
    auto filed =
        file_appeal(call.node.database(), *statement, call.node.config().moderation.appeal_days,
                    call.params.get("text").value_or(""));
    if (!filed) return http::error_response(filed.error().status, filed.error().message);
    auto conn = call.node.database().acquire();
    auto fresh = store::find_statement(*conn, statement->id);
    api::EntityWriter writer(*conn, call.node.config(), call.viewer_id());
    return api::json_response(api::account_warning(writer, call.node.config(), *fresh, false));
}

json appeal_entity(api::EntityWriter& writer, const Config& config, store::Connection& conn,
                   const store::Appeal& a) {
    json statement = nullptr;
    if (auto s = store::find_statement(conn, a.statement_id))
        statement = api::account_warning(writer, config, *s, true);
    return {{"id", std::to_string(a.id)},
            {"state", a.state},
            {"text", a.text},
            {"created_at", iso8601(a.created_at)},
            {"decided_by_account_id", a.decided_by_account_id
                                          ? json(std::to_string(*a.decided_by_account_id))
                                          : json(nullptr)},
            {"decision_text", a.decision_text},
            {"decided_at", a.decided_at ? json(iso8601(*a.decided_at)) : json(nullptr)},
            {"statement", statement}};
}

http::Response list_appeals(Call& call) {
    if (auto refusal = refuse_non_staff(call)) return *refusal;
    auto state = call.params.get("state").value_or("pending");
    if (state != "pending" && state != "approved" && state != "rejected")
        return api::validation_error("State must be pending, approved or rejected");
    auto after = api::parse_id(call.params.get("since_id").value_or("")).value_or(0);
    auto conn = call.node.database().acquire();
    api::EntityWriter writer(*conn, call.node.config(), call.viewer_id());
    json out = json::array();
    for (const auto& a : store::list_appeals(*conn, state, after, 100))
        out.push_back(appeal_entity(writer, call.node.config(), *conn, a));
    return api::json_response(out);
}

http::Response decide(Call& call, bool approve) {
    if (auto refusal = refuse_non_staff(call)) return *refusal;
    auto id = api::parse_id(call.request.param("id"));
    if (!id) return http::error_response(404, "Record not found");
    auto decided = decide_appeal(call.node.database(), *id, call.me().id, approve,
                                 call.params.get("text").value_or(""));
    if (!decided) return http::error_response(decided.error().status, decided.error().message);
    call.node.events().notify();
    auto conn = call.node.database().acquire();
    api::EntityWriter writer(*conn, call.node.config(), call.viewer_id());
    return api::json_response(appeal_entity(writer, call.node.config(), *conn, *decided));
}

http::Response audit_log(Call& call) {
    if (!call.caller || !call.caller->user || call.caller->user->role != Role::admin)
        return http::error_response(403, "This action is not allowed");
    auto before = api::parse_id(call.params.get("max_id").value_or("")).value_or(0);
    auto limit =
        std::clamp<int>(api::parse_id(call.params.get("limit").value_or("")).value_or(100), 1, 200);
    std::optional<std::int64_t> by;
    if (auto text = call.params.get("account_id")) by = api::parse_id(*text).value_or(-1);
    auto conn = call.node.database().acquire();
    json out = json::array();
    for (const auto& e : store::list_audit_log(*conn, before, limit, by, call.params.get("action")))
        out.push_back(
            {{"id", std::to_string(e.id)},
             {"account_id", e.account_id ? json(std::to_string(*e.account_id)) : json(nullptr)},
             {"action", e.action},
             {"target_type", e.target_type},
             {"target_id", e.target_id ? json(std::to_string(*e.target_id)) : json(nullptr)},
             {"target", e.target_label},
             {"detail", e.detail},
             {"created_at", iso8601(e.created_at)}});
    return api::json_response(out);
}

json note_entity(const store::ReportNote& n) {
    return {{"id", std::to_string(n.id)},
            {"report_id", std::to_string(n.report_id)},
            {"account_id", n.account_id ? json(std::to_string(*n.account_id)) : json(nullptr)},
            {"content", n.content},
            {"created_at", iso8601(n.created_at)}};
}

std::optional<store::Report> report_of(Call& call, store::Connection& conn) {
    auto id = api::parse_id(call.request.param("id"));
    return id ? store::find_report(conn, *id) : std::nullopt;
}

http::Response notes(Call& call) {
    if (auto refusal = refuse_non_staff(call)) return *refusal;
    auto conn = call.node.database().acquire();
    auto report = report_of(call, *conn);
    if (!report) return http::error_response(404, "Record not found");
    json out = json::array();
    for (const auto& n : store::list_report_notes(*conn, report->id))
        out.push_back(note_entity(n));
    return api::json_response(out);
}

http::Response add_note(Call& call) {
    if (auto refusal = refuse_non_staff(call)) return *refusal;
    auto content = call.params.get("content").value_or("");
    if (content.find_first_not_of(" \t\r\n") == std::string::npos)
        return api::validation_error("Content can't be blank");
    if (utf8_length(content) > max_note_chars)
        return api::validation_error("Content is too long (maximum is " +
                                     std::to_string(max_note_chars) + " characters)");
    auto conn = call.node.database().acquire();
    store::Transaction tx(*conn);
    auto report = report_of(call, *conn);
    if (!report) return http::error_response(404, "Record not found");
    store::ReportNote note{next_id(), report->id, call.me().id, content, 0};
    note.created_at = id_time_ms(note.id);
    store::insert_report_note(*conn, note);
    store::audit(*conn, call.me().id, "report_note.create", "report", report->id,
                 "report " + std::to_string(report->id));
    tx.commit();
    return api::json_response(note_entity(note));
}

http::Response remove_note(Call& call) {
    if (auto refusal = refuse_non_staff(call)) return *refusal;
    auto conn = call.node.database().acquire();
    store::Transaction tx(*conn);
    auto report = report_of(call, *conn);
    auto note_id = api::parse_id(call.request.param("note_id"));
    auto note = note_id ? store::find_report_note(*conn, *note_id) : std::nullopt;
    if (!report || !note || note->report_id != report->id)
        return http::error_response(404, "Record not found");
    // As Mastodon: one's own notes, or any note for an admin.
    if (note->account_id != call.me().id && call.caller->user->role != Role::admin)
        return http::error_response(403, "This action is not allowed");
    store::delete_report_note(*conn, note->id);
    store::audit(*conn, call.me().id, "report_note.destroy", "report", report->id,
                 "report " + std::to_string(report->id));
    tx.commit();
    return api::json_response(json::object());
}

http::Response update_report(Call& call) {
    if (auto refusal = refuse_non_staff(call)) return *refusal;
    auto conn = call.node.database().acquire();
    store::Transaction tx(*conn);
    auto report = report_of(call, *conn);
    if (!report) return http::error_response(404, "Record not found");
    auto category = call.params.get("category").value_or(report->category);
    if (category != "spam" && category != "legal" && category != "violation" && category != "other")
        return api::validation_error("Category is not included in the list");
    std::optional<std::vector<std::int64_t>> rules;
    if (call.params.has("rule_ids")) {
        rules.emplace();
        for (const auto& text : call.params.list("rule_ids")) {
            auto id = api::parse_id(text);
            if (!id || !known_rule(*conn, *id))
                return api::validation_error("Rule ids does not reference valid rules");
            rules->push_back(*id);
        }
    }
    store::update_report_category(*conn, report->id, category, rules, now_unix_ms());
    store::audit(*conn, call.me().id, "report.update", "report", report->id,
                 "report " + std::to_string(report->id), category);
    tx.commit();
    auto updated = store::find_report(*conn, report->id);
    return api::json_response(
        api::EntityWriter(*conn, call.node.config(), call.viewer_id()).admin_report(*updated));
}
} // namespace

void install_statement_routes(Node& node) {
    const api::Endpoint reading{.access = api::Access::anyone, .scope = ""};
    api::add(node, "GET", "/api/v1/agora/statements",
             {.access = api::Access::user, .scope = "read:accounts"}, list_own);
    api::add(node, "GET", "/api/v1/agora/statements/{id}", reading, show);
    api::add(node, "POST", "/api/v1/agora/statements/{id}/appeal", reading, appeal);
    const api::Endpoint staff_read{.access = api::Access::user, .scope = "admin:read"};
    const api::Endpoint staff_write{.access = api::Access::user, .scope = "admin:write"};
    api::add(node, "GET", "/api/v1/agora/admin/appeals", staff_read, list_appeals);
    api::add(node, "POST", "/api/v1/agora/admin/appeals/{id}/approve", staff_write,
             [](Call& call) { return decide(call, true); });
    api::add(node, "POST", "/api/v1/agora/admin/appeals/{id}/reject", staff_write,
             [](Call& call) { return decide(call, false); });
    api::add(node, "GET", "/api/v1/agora/admin/audit_log", staff_read, audit_log);
    const api::Endpoint reports_read{.access = api::Access::user, .scope = "admin:read:reports"};
    const api::Endpoint reports_write{.access = api::Access::user, .scope = "admin:write:reports"};
    api::add(node, "GET", "/api/v1/agora/admin/reports/{id}/notes", reports_read, notes);
    api::add(node, "POST", "/api/v1/agora/admin/reports/{id}/notes", reports_write, add_note);
    api::add(node, "DELETE", "/api/v1/agora/admin/reports/{id}/notes/{note_id}", reports_write,
             remove_note);
    api::add(node, "PUT", "/api/v1/admin/reports/{id}", reports_write, update_report);
}

} // namespace agora::moderation

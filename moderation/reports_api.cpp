// POST /api/v1/reports (members, as Mastodon; visitors without a token when
// moderation.visitor_reports is on) and GET /api/v1/agora/report_categories.
#include "moderation/routes.hpp"

#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/rate_limits.hpp"
#include "events/event_worker.hpp"
#include "moderation/report_categories.hpp"
#include "moderation/report_filing.hpp"
#include "moderation/visitor_reports.hpp"
#include "node.hpp"
#include "store/database.hpp"

#include <nlohmann/json.hpp>

namespace agora::moderation {

namespace {
using api::Call;

// The ids of a list parameter; nullopt when one is not an id (Mastodon finds no such record).
std::optional<std::vector<std::int64_t>> id_list(const api::Params& params, const char* key) {
    std::vector<std::int64_t> ids;
    for (const auto& text : params.list(key)) {
        auto id = api::parse_id(text);
        if (!id) return std::nullopt;
        ids.push_back(*id);
    }
    return ids;
}

http::Response file(Call& call) {
    ReportRequest request;
    bool visitor = !call.caller;
    if (call.caller && !call.caller->account)
        return http::error_response(422, "This method requires an authenticated user");
    if (visitor) {
        if (!visitor_reports_open(call.node))
            return http::error_response(401, "The access token is invalid");
        request.contact = call.params.get("contact");
    } else {
        request.reporter_id = call.me().id;
        request.forward = call.params.flag("forward").value_or(false);
    }
    auto target = api::parse_id(call.params.get("account_id").value_or(""));
    if (!target) return http::error_response(404, "Record not found");
    request.target_account_id = *target;
    auto statuses = id_list(call.params, "status_ids");
    if (!statuses) return http::error_response(404, "Record not found");
    request.status_ids = *statuses;
    auto rules = id_list(call.params, "rule_ids");
    if (!rules) return api::validation_error("Rule ids does not reference valid rules");
    request.rule_ids = *rules;
    request.category = call.params.get("category").value_or("other");
    if (request.category.empty()) request.category = "other";
    if (auto sub = call.params.get("subcategory"); sub && !sub->empty()) request.subcategory = sub;
    request.comment = call.params.get("comment").value_or("");
    auto report =
        visitor ? file_visitor_report(call.node, call.node.rate_limiter().client_of(call.request),
                                      std::move(request))
                : file_report(call.node.database(), request);
    if (!report) return http::error_response(report.error().status, report.error().message);
    if (!visitor) call.node.events().notify();
    auto conn = call.node.database().acquire();
    return api::json_response(
        api::EntityWriter(*conn, call.node.config(), call.viewer_id()).report(*report));
}
} // namespace

void install_report_routes(Node& node) {
    install_visitor_reports(node);
    api::add(node, "POST", "/api/v1/reports",
             {.access = api::Access::anyone, .scope = "write:reports"}, file);
    api::add(node, "GET", "/api/v1/agora/report_categories", {.access = api::Access::anyone},
             [](Call&) { return api::json_response(report_categories_document()); });
}

} // namespace agora::moderation

// Mastodon's admin API for reports: list (resolved, account_id, target_account_id), get,
// assign_to_self, unassign, resolve, reopen; moderators and admins only.
#include "moderation/routes.hpp"

#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/pagination.hpp"
#include "moderation/staff.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "store/reports_repo.hpp"
#include "store/statements_repo.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

namespace agora::moderation {

namespace {
using api::Call;
using nlohmann::json;

const api::Endpoint reading{.access = api::Access::user, .scope = "admin:read:reports"};
const api::Endpoint writing{.access = api::Access::user, .scope = "admin:write:reports"};

http::Response list(Call& call) {
    if (auto refusal = refuse_non_staff(call)) return *refusal;
    auto page = api::page_query(call.params, 100, 200);
    store::ReportFilter filter;
    filter.resolved = call.params.flag("resolved").value_or(false);
    filter.max_id = page.max_id;
    filter.since_id = page.since_id;
    filter.min_id = page.min_id;
    filter.limit = page.limit;
    for (auto [key, field] : {std::pair{"account_id", &filter.account_id},
                              std::pair{"target_account_id", &filter.target_account_id}})
        if (auto text = call.params.get(key); text && !text->empty()) {
            auto id = api::parse_id(*text);
            if (!id) return api::json_response(json::array());
            *field = id;
        }
    if (auto origin = call.params.get("origin")) {
        if (*origin == "local") filter.remote = false;
        if (*origin == "remote") filter.remote = true;
    }
    auto conn = call.node.database().acquire();
    auto reports = store::list_reports(*conn, filter);
    api::EntityWriter writer(*conn, call.node.config(), call.viewer_id());
    json out = json::array();
    for (const auto& r : reports)
        out.push_back(writer.admin_report(r));
    auto response = api::json_response(out);
    if (!reports.empty())
        api::add_link_header(response, call.node.config().base_url() + "/api/v1/admin/reports",
                             call.request, reports.front().id, reports.back().id, reports.size());
    return response;
}

// A report action: `change` applies it to the report (found, the caller staff).
template <typename Change>
http::Response act(Call& call, Change change) {
    if (auto refusal = refuse_non_staff(call)) return *refusal;
    auto id = api::parse_id(call.request.param("id"));
    auto conn = call.node.database().acquire();
    {
        store::Transaction tx(*conn);
        auto report = id ? store::find_report(*conn, *id) : std::nullopt;
        if (!report) return http::error_response(404, "Record not found");
        change(*conn, *report);
        tx.commit();
    }
    auto report = store::find_report(*conn, *id);
    return api::json_response(
        api::EntityWriter(*conn, call.node.config(), call.viewer_id()).admin_report(*report));
}
} // namespace

void install_admin_report_routes(Node& node) {
    api::add(node, "GET", "/api/v1/admin/reports", reading, list);
    api::add(node, "GET", "/api/v1/admin/reports/{id}", reading,
             [](Call& call) { return act(call, [](store::Connection&, const store::Report&) {}); });
    api::add(node, "POST", "/api/v1/admin/reports/{id}/assign_to_self", writing, [](Call& call) {
        auto me = call.me().id;
        return act(call, [me](store::Connection& conn, const store::Report& r) {
            store::set_report_assignee(conn, r.id, me, now_unix_ms());
            store::audit(conn, me, "report.assign_to_self", "report", r.id,
                         "report " + std::to_string(r.id));
        });
    });
    api::add(node, "POST", "/api/v1/admin/reports/{id}/unassign", writing, [](Call& call) {
        auto me = call.me().id;
        return act(call, [me](store::Connection& conn, const store::Report& r) {
            store::set_report_assignee(conn, r.id, std::nullopt, now_unix_ms());
            store::audit(conn, me, "report.unassign", "report", r.id,
                         "report " + std::to_string(r.id));
        });
    });
    api::add(node, "POST", "/api/v1/admin/reports/{id}/resolve", writing, [](Call& call) {
        auto me = call.me().id;
        return act(call, [me](store::Connection& conn, const store::Report& r) {
            store::set_report_resolution(conn, r.id, me, now_unix_ms());
            store::audit(conn, me, "report.resolve", "report", r.id,
                         "report " + std::to_string(r.id));
        });
    });
    api::add(node, "POST", "/api/v1/admin/reports/{id}/reopen", writing, [](Call& call) {
        auto me = call.me().id;
        return act(call, [me](store::Connection& conn, const store::Report& r) {
            store::set_report_resolution(conn, r.id, std::nullopt, now_unix_ms());
            store::audit(conn, me, "report.reopen", "report", r.id,
                         "report " + std::to_string(r.id));
        });
    });
}

} // namespace agora::moderation

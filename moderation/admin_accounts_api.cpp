// Mastodon's admin API for accounts: list (v1 and v2 filters), get, action (none, sensitive,
// disable, silence, suspend, with a statement of reasons), approve, reject, enable, unsilence,
// unsuspend, unsensitive; moderators and admins only; delete (a suspended account), admins only.
#include "moderation/routes.hpp"

#include "accounts/account_deletion.hpp"
#include "accounts/remote_actor_lifecycle.hpp"
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/pagination.hpp"
#include "events/event_worker.hpp"
#include "moderation/account_actions.hpp"
#include "moderation/staff.hpp"
#include "node.hpp"
#include "store/account_moderation_repo.hpp"
#include "store/accounts_repo.hpp"
#include "store/actor_lifecycle_repo.hpp"
#include "store/admin_accounts_repo.hpp"
#include "store/database.hpp"
#include "store/statements_repo.hpp"

#include <nlohmann/json.hpp>

namespace agora::moderation {

namespace {
using api::Call;
using nlohmann::json;

const api::Endpoint reading{.access = api::Access::user, .scope = "admin:read:accounts"};
const api::Endpoint writing{.access = api::Access::user, .scope = "admin:write:accounts"};

std::optional<std::string> text_param(const Call& call, const char* key) {
    auto value = call.params.get(key);
    if (!value || value->empty()) return std::nullopt;
    return value;
}

http::Response list(Call& call, bool v2) {
    if (auto refusal = refuse_non_staff(call)) return *refusal;
    auto page = api::page_query(call.params, 100, 200);
    store::AdminAccountFilter filter;
    filter.max_id = page.max_id;
    filter.since_id = page.since_id;
    filter.min_id = page.min_id;
    filter.limit = page.limit;
    filter.username = text_param(call, "username");
    filter.display_name = text_param(call, "display_name");
    filter.by_domain = text_param(call, "by_domain");
    if (v2) {
        auto origin = text_param(call, "origin");
        if (origin == "local") filter.local = true;
        if (origin == "remote") filter.local = false;
        filter.status = text_param(call, "status");
        filter.staff = text_param(call, "permissions") == "staff";
    } else {
        if (call.params.flag("local").value_or(false)) filter.local = true;
        if (call.params.flag("remote").value_or(false)) filter.local = false;
        for (auto status : {"active", "pending", "disabled", "silenced", "suspended", "sensitized"})
            if (call.params.flag(status).value_or(false)) filter.status = status;
        filter.staff = call.params.flag("staff").value_or(false);
    }
    auto conn = call.node.database().acquire();
    auto ids = store::list_admin_account_ids(*conn, filter);
    api::EntityWriter writer(*conn, call.node.config(), call.viewer_id());
    json out = json::array();
    for (auto id : ids)
        if (auto account = store::find_account(*conn, id))
            out.push_back(writer.admin_account(*account));
    auto response = api::json_response(out);
    if (!ids.empty())
        api::add_link_header(response,
                             call.node.config().base_url() +
                                 (v2 ? "/api/v2/admin/accounts" : "/api/v1/admin/accounts"),
                             call.request, ids.front(), ids.back(), ids.size());
    return response;
}

std::optional<Account> account_of(Call& call, store::Connection& conn) {
    auto id = api::parse_id(call.request.param("id"));
    return id ? store::find_account(conn, *id) : std::nullopt;
}

http::Response admin_account_of(Call& call, std::int64_t id) {
    auto conn = call.node.database().acquire();
    auto account = store::find_account(*conn, id);
    if (!account) return http::error_response(404, "Record not found");
    return api::json_response(
        api::EntityWriter(*conn, call.node.config(), call.viewer_id()).admin_account(*account));
}

http::Response show(Call& call) {
    if (auto refusal = refuse_non_staff(call)) return *refusal;
    auto id = api::parse_id(call.request.param("id"));
    if (!id) return http::error_response(404, "Record not found");
    return admin_account_of(call, *id);
}

std::optional<std::vector<std::int64_t>> id_list(const api::Params& params, const char* key) {
    std::vector<std::int64_t> ids;
    for (const auto& text : params.list(key)) {
        auto id = api::parse_id(text);
        if (!id) return std::nullopt;
        ids.push_back(*id);
    }
    return ids;
}

http::Response action(Call& call) {
    if (auto refusal = refuse_non_staff(call)) return *refusal;
    auto id = api::parse_id(call.request.param("id"));
    if (!id) return http::error_response(404, "Record not found");
    ActionRequest request;
    request.moderator_id = call.me().id;
    request.target_account_id = *id;
    request.type = call.params.get("type").value_or("none");
    if (auto report = text_param(call, "report_id")) {
        request.report_id = api::parse_id(*report);
        if (!request.report_id) return http::error_response(404, "Record not found");
    }
    request.text = call.params.get("text").value_or("");
    request.ground = text_param(call, "ground");
    if (call.params.has("rule_ids")) {
        request.rule_ids = id_list(call.params, "rule_ids");
        if (!request.rule_ids) return api::validation_error("Rule ids are not valid");
    }
    request.legal_ground = call.params.get("legal_ground").value_or("");
    request.facts = call.params.get("facts").value_or("");
    auto taken = take_action(call.node.database(), request);
    if (!taken) return http::error_response(taken.error().status, taken.error().message);
    call.node.events().notify();
    call.node.accounts_changed();
    return api::json_response(json::object());
}

// approve, reject: pending local sign-ups only (403 otherwise, as Mastodon).
http::Response decide_sign_up(Call& call, bool approve) {
    if (auto refusal = refuse_non_staff(call)) return *refusal;
    auto conn = call.node.database().acquire();
    auto account = account_of(call, *conn);
    if (!account) return http::error_response(404, "Record not found");
    api::EntityWriter writer(*conn, call.node.config(), call.viewer_id());
    json before = writer.admin_account(*account);
    store::Transaction tx(*conn);
    bool done =
        approve ? store::approve_user(*conn, account->id) : store::reject_user(*conn, account->id);
    if (!done) return http::error_response(403, "This action is not allowed");
    store::audit(*conn, call.me().id, approve ? "account.approve" : "account.reject", "account",
                 account->id, account->username);
    tx.commit();
    if (!approve) return api::json_response(before);
    return api::json_response(writer.admin_account(*account));
}

// unsilence, unsuspend, unsensitive, enable: the Admin::Account after.
http::Response lift_state(Call& call, Lift what) {
    if (auto refusal = refuse_non_staff(call)) return *refusal;
    auto id = api::parse_id(call.request.param("id"));
    if (!id) return http::error_response(404, "Record not found");
    {
        auto conn = call.node.database().acquire();
        auto account = store::find_account(*conn, *id);
        if (!account) return http::error_response(404, "Record not found");
        // As Mastodon: only a suspended account can be unsuspended.
        if (what == Lift::unsuspend && !store::is_account_suspended(*conn, *id))
            return http::error_response(403, "This action is not allowed");
        if (what == Lift::enable && !account->local())
            return http::error_response(403, "This action is not allowed");
    }
    lift(call.node.database(), call.me().id, *id, what);
    call.node.events().notify();
    call.node.accounts_changed();
    return admin_account_of(call, *id);
}

// DELETE: as Mastodon, an admin deletes the data of a suspended account (403 when it is not
// suspended): a member's account is deleted as if they had done it (its Delete goes out), a
// remote one's content here is removed as if its server had deleted it. The Admin::Account as it
// was.
http::Response destroy(Call& call) {
    if (auto refusal = refuse_non_admin(call)) return *refusal;
    auto id = api::parse_id(call.request.param("id"));
    if (!id) return http::error_response(404, "Record not found");
    std::optional<Account> account;
    json before;
    {
        auto conn = call.node.database().acquire();
        account = store::find_account(*conn, *id);
        if (!account || store::is_account_gone(*conn, *id))
            return http::error_response(404, "Record not found");
        if (!store::is_account_suspended(*conn, *id))
            return http::error_response(403, "This action is not allowed");
        before =
            api::EntityWriter(*conn, call.node.config(), call.viewer_id()).admin_account(*account);
    }
    if (account->local()) {
        auto deleted = delete_local_account(call.node.database(), *id, call.me().id);
        if (!deleted) return http::error_response(deleted.error().status, deleted.error().message);
    } else {
        remove_deleted_remote_account(call.node.database(), *account);
        auto conn = call.node.database().acquire();
        store::audit(*conn, call.me().id, "account.delete", "account", *id,
                     account->username + "@" + account->domain.value_or(""));
    }
    call.node.events().notify();
    call.node.accounts_changed();
    return api::json_response(before);
}
} // namespace

void install_admin_account_routes(Node& node) {
    api::add(node, "GET", "/api/v1/admin/accounts", reading,
             [](Call& call) { return list(call, false); });
    api::add(node, "GET", "/api/v2/admin/accounts", reading,
             [](Call& call) { return list(call, true); });
    api::add(node, "GET", "/api/v1/admin/accounts/{id}", reading, show);
    api::add(node, "POST", "/api/v1/admin/accounts/{id}/action", writing, action);
    api::add(node, "DELETE", "/api/v1/admin/accounts/{id}", writing, destroy);
    api::add(node, "POST", "/api/v1/admin/accounts/{id}/approve", writing,
             [](Call& call) { return decide_sign_up(call, true); });
    api::add(node, "POST", "/api/v1/admin/accounts/{id}/reject", writing,
             [](Call& call) { return decide_sign_up(call, false); });
    for (auto [path, what] :
         {std::pair{"/enable", Lift::enable}, std::pair{"/unsilence", Lift::unsilence},
          std::pair{"/unsuspend", Lift::unsuspend}, std::pair{"/unsensitive", Lift::unsensitive}})
        api::add(node, "POST", std::string("/api/v1/admin/accounts/{id}") + path, writing,
                 [what](Call& call) { return lift_state(call, what); });
}

} // namespace agora::moderation

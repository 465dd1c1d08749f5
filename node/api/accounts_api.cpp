// Accounts endpoints: verify_credentials, lookup, GET /:id, /:id/statuses; the default avatar.
#include "accounts/registration.hpp"
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/pages.hpp"
#include "api/pagination.hpp"
#include "api/routes.hpp"
#include "node.hpp"
#include "oauth/oauth_service.hpp"
#include "statuses/status_service.hpp"
#include "statuses/text_format.hpp"
#include "store/account_moderation_repo.hpp"
#include "store/accounts_repo.hpp"
#include "store/actor_lifecycle_repo.hpp"
#include "store/database.hpp"
#include "store/pins_repo.hpp"
#include "store/relationships_repo.hpp"

#include "store/statuses_repo.hpp"

namespace agora::api {

namespace {
using nlohmann::json;

// A 1x1 light-grey PNG: Mastodon clients expect avatar and header images to exist.
constexpr unsigned char missing_png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
    0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0xb8, 0xf9, 0xf0, 0x05, 0x00, 0x05, 0x39, 0x02, 0xa3, 0xc7, 0x81, 0xb5,
    0x96, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

http::Response missing_image(http::Request&) {
    http::Response r;
    r.content_type = "image/png";
    r.body.assign(reinterpret_cast<const char*>(missing_png), sizeof missing_png);
    r.header("Cache-Control", "public, max-age=86400");
    return r;
}

std::optional<Account> account_param(Call& call, store::Connection& conn) {
    auto id = parse_id(call.request.param("id"));
    if (!id) return std::nullopt;
    auto account = store::find_account(conn, *id);
    // A deleted member of this instance is no longer served.
    if (account && account->local() && store::is_account_gone(conn, *id)) return std::nullopt;
    return account;
}
} // namespace

http::Response register_account(Call& call) {
    SignUp request;
    request.username = call.params.get("username").value_or("");
    request.password = call.params.get("password").value_or("");
    request.agreement = call.params.flag("agreement").value_or(false);
    request.reason = call.params.get("reason");
    request.invite_code = call.params.get("invite_code");
    request.locale = call.params.get("locale");
    auto created = sign_up(call.node.database(), call.node.config(), request);
    if (!created) {
        const auto& e = created.error();
        json body = {{"error", e.message}};
        if (!e.details.empty()) {
            json details = json::object();
            for (const auto& [field, problems] : e.details)
                for (const auto& [code, text] : problems)
                    details[field].push_back({{"error", code}, {"description", text}});
            body["details"] = details;
        }
        return json_response(body, e.status);
    }
    // As Mastodon: the app receives a token for the new account (useless until it is approved).
    auto token = oauth::issue_token(call.node.database(), call.caller->token.app_id,
                                    created->account.id, call.caller->token.scopes, true);
    json out = {{"access_token", token.access_token},
                {"token_type", "Bearer"},
                {"scope", token.token.scopes},
                {"created_at", token.token.created_at / 1000}};
    if (token.refresh_token) out["refresh_token"] = *token.refresh_token;
    return json_response(out);
}

void install_account_routes(Node& node) {
    add(node, "POST", "/api/v1/accounts", {.access = Access::app, .scope = "write:accounts"},
        register_account);

    node.router().add("GET", "/avatars/original/missing.png", missing_image);
    node.router().add("GET", "/headers/original/missing.png", missing_image);

    add(node, "GET", "/api/v1/accounts/verify_credentials",
        {.access = Access::user, .scope = "read:accounts"}, [](Call& call) {
            auto conn = call.node.database().acquire();
            EntityWriter writer(*conn, call.node.config(), call.viewer_id());
            return json_response(writer.credential_account(call.me(), *call.caller->user));
        });
    add(node, "GET", "/api/v1/accounts/lookup", {.scope = "read:accounts"}, [](Call& call) {
        auto acct = call.params.get("acct").value_or("");
        if (acct.starts_with("@")) acct.erase(0, 1);
        auto at = acct.find('@');
        if (at != std::string::npos) {
            if (acct.substr(at + 1) != call.node.config().instance.domain)
                return http::error_response(404, "Record not found");
            acct = acct.substr(0, at);
        }
        auto conn = call.node.database().acquire();
        auto account = store::find_local_account(*conn, acct);
        if (!account) return http::error_response(404, "Record not found");
        return json_response(
            EntityWriter(*conn, call.node.config(), call.viewer_id()).account(*account));
    });
    add(node, "GET", "/api/v1/accounts/{id}", {.scope = "read:accounts"}, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto account = account_param(call, *conn);
        if (!account) return http::error_response(404, "Record not found");
        return json_response(
            EntityWriter(*conn, call.node.config(), call.viewer_id()).account(*account));
    });
    add(node, "GET", "/api/v1/accounts/{id}/statuses", {.scope = "read:statuses"}, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto account = account_param(call, *conn);
        if (!account) return http::error_response(404, "Record not found");
        auto page = page_query(call.params);
        if (call.params.flag("pinned").value_or(false)) {
            // Most recently pinned first, as the viewer may see them.
            std::vector<Status> pinned;
            for (auto id : store::list_pinned_status_ids(*conn, account->id, page))
                if (auto s = store::find_status(*conn, id);
                    s && can_see(*conn, *s, call.viewer_id()))
                    pinned.push_back(*s);
            return status_page(call, pinned);
        }
        store::AccountStatusFilter filter{call.params.flag("exclude_replies").value_or(false),
                                          call.params.flag("exclude_reblogs").value_or(false),
                                          call.params.get("tagged"),
                                          call.params.flag("only_media").value_or(false)};
        if (filter.tagged) *filter.tagged = normalize_hashtag(*filter.tagged);
        auto viewer = call.viewer_id();
        if (viewer && store::is_blocking(*conn, account->id, *viewer))
            return json_response(json::array());
        // As Mastodon: a suspended account shows no statuses.
        if (viewer != account->id && store::is_account_suspended(*conn, account->id))
            return json_response(json::array());
        auto statuses = store::list_account_statuses(*conn, account->id, viewer, page, filter);
        return status_page(call, statuses, "account");
    });
}

} // namespace agora::api

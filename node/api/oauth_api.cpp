// OAuth endpoints for clients: POST /api/v1/apps, app verify_credentials, POST /oauth/token and
// /oauth/revoke, and the authorization server metadata. The sign-in page itself lives in web/.
#include "api/api.hpp"
#include "api/routes.hpp"
#include "node.hpp"
#include "oauth/oauth_service.hpp"
#include "store/database.hpp"
#include "store/oauth_repo.hpp"

#include <sodium.h>

namespace agora::api {

namespace {
using nlohmann::json;

json scope_list(const std::string& scopes) {
    json out = json::array();
    if (auto parsed = oauth::Scopes::parse(scopes))
        for (const auto& s : parsed->list())
            out.push_back(s);
    return out;
}

json app_json(const OAuthApp& app) {
    json uris = app.redirect_uris;
    return {{"id", std::to_string(app.id)},
            {"name", app.name},
            {"website", app.website ? json(*app.website) : json(nullptr)},
            {"scopes", scope_list(app.scopes)},
            {"redirect_uri", app.redirect_uris.empty() ? "" : [&] {
                 std::string joined;
                 for (const auto& u : app.redirect_uris) joined += (joined.empty() ? "" : "\n") + u;
                 return joined;
             }()},
            {"redirect_uris", uris},
            {"vapid_key", ""}};
}

http::Response oauth_error(const oauth::OAuthError& e) {
    auto r = json_response({{"error", e.error}, {"error_description", e.description}}, e.status);
    if (e.status == 401)
        r.header("WWW-Authenticate", "Bearer realm=\"Agora\", error=\"" + e.error + "\"");
    return r;
}

// client_id and client_secret from the form or from HTTP Basic authentication (RFC 6749 2.3.1).
std::pair<std::string, std::string> client_credentials(const Call& call) {
    std::string id = call.params.get("client_id").value_or("");
    std::string secret = call.params.get("client_secret").value_or("");
    auto header = call.request.header("Authorization");
    if (header.size() > 6 && http::iequals(header.substr(0, 6), "Basic ")) {
        auto encoded = std::string(header.substr(6));
        std::string decoded(encoded.size(), '\0');
        std::size_t length = 0;
        if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(),
                              encoded.c_str(), encoded.size(), nullptr, &length, nullptr,
                              sodium_base64_VARIANT_ORIGINAL) == 0) {
            decoded.resize(length);
            auto colon = decoded.find(':');
            if (colon != std::string::npos) {
                id = http::percent_decode(decoded.substr(0, colon), true).value_or("");
                secret = http::percent_decode(decoded.substr(colon + 1), true).value_or("");
            }
        }
    }
    return {id, secret};
}

json token_json(const oauth::IssuedToken& t) {
    json out = {{"access_token", t.access_token},
                {"token_type", "Bearer"},
                {"scope", t.token.scopes},
                {"created_at", t.token.created_at / 1000}};
    if (t.refresh_token) out["refresh_token"] = *t.refresh_token;
    return out;
}

http::Response token(Call& call) {
    auto grant = call.params.get("grant_type").value_or("");
    auto [client_id, client_secret] = client_credentials(call);
    auto& db = call.node.database();
    std::expected<OAuthApp, oauth::OAuthError> app = std::unexpected(oauth::OAuthError{});
    bool public_pkce =
        grant == "authorization_code" && client_secret.empty() && call.params.get("code_verifier");
    if (public_pkce) {
        // A public client proves itself with PKCE instead of a secret (OAuth 2.1).
        auto conn = db.acquire();
        auto found = store::find_app_by_client_id(*conn, client_id);
        if (found)
            app = *found;
        else
            app = std::unexpected(
                oauth::OAuthError{401, "invalid_client", "Client authentication failed."});
    } else {
        app = oauth::authenticate_client(db, client_id, client_secret);
    }
    if (!app) return oauth_error(app.error());

    std::expected<oauth::IssuedToken, oauth::OAuthError> issued =
        std::unexpected(oauth::OAuthError{});
    if (grant == "authorization_code") {
        auto code = call.params.get("code");
        if (!code) return oauth_error({400, "invalid_request", "The code parameter is missing."});
        issued = oauth::exchange_code(db, *app,
                                      {*code, call.params.get("redirect_uri").value_or(""),
                                       call.params.get("code_verifier")});
    } else if (grant == "password") {
        issued = oauth::password_grant(db, *app, call.params.get("username").value_or(""),
                                       call.params.get("password").value_or(""),
                                       call.params.get("scope").value_or(""));
    } else if (grant == "client_credentials") {
        auto requested = oauth::Scopes::parse(call.params.get("scope").value_or(app->scopes));
        auto allowed = oauth::Scopes::parse(app->scopes);
        if (!requested || !allowed || !allowed->contains_all(*requested))
            return oauth_error(
                {400, "invalid_scope", "The requested scope is invalid, unknown, or malformed."});
        issued = oauth::issue_token(db, app->id, std::nullopt, requested->text(), false);
    } else if (grant == "refresh_token") {
        issued = oauth::refresh_grant(db, *app, call.params.get("refresh_token").value_or(""));
    } else {
        return oauth_error(
            {400, "unsupported_grant_type",
             "The authorization grant type is not supported by the authorization server."});
    }
    if (!issued) return oauth_error(issued.error());
    auto r = json_response(token_json(*issued));
    r.header("Cache-Control", "no-store");
    return r;
}
} // namespace

void install_oauth_routes(Node& node) {
    add(node, "POST", "/api/v1/apps", {}, [](Call& call) {
        auto redirect = call.params.get("redirect_uris");
        if (!redirect) {
            auto list = call.params.list("redirect_uris");
            std::string joined;
            for (const auto& u : list)
                joined += u + "\n";
            if (!joined.empty()) redirect = joined;
        }
        auto created =
            oauth::register_app(call.node.database(), call.params.get("client_name").value_or(""),
                                redirect.value_or(""), call.params.get("scopes").value_or("read"),
                                call.params.get("website"));
        if (!created) return validation_error(created.error());
        json out = app_json(created->app);
        out["client_id"] = created->app.client_id;
        out["client_secret"] = created->client_secret;
        out["client_secret_expires_at"] = 0;
        return json_response(out);
    });
    add(node, "GET", "/api/v1/apps/verify_credentials", {.access = Access::app}, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto app = store::find_app(*conn, call.caller->token.app_id);
        if (!app) return http::error_response(401, "The access token is invalid");
        return json_response(app_json(*app));
    });
    add(node, "POST", "/oauth/token", {}, token);
    add(node, "POST", "/oauth/revoke", {}, [](Call& call) {
        auto [client_id, client_secret] = client_credentials(call);
        auto app = oauth::authenticate_client(call.node.database(), client_id, client_secret);
        if (!app)
            return oauth_error(
                {403, "unauthorized_client", "You are not authorized to revoke this token"});
        oauth::revoke(call.node.database(), *app, call.params.get("token").value_or(""));
        return json_response(json::object());
    });
    add(node, "GET", "/.well-known/oauth-authorization-server", {}, [](Call& call) {
        const auto& base = call.node.config().base_url();
        return json_response({
            {"issuer", base + "/"},
            {"service_documentation", "https://docs.joinmastodon.org/"},
            {"authorization_endpoint", base + "/oauth/authorize"},
            {"token_endpoint", base + "/oauth/token"},
            {"revocation_endpoint", base + "/oauth/revoke"},
            {"app_registration_endpoint", base + "/api/v1/apps"},
            {"scopes_supported", {"read", "write", "follow", "push", "profile"}},
            {"response_types_supported", {"code"}},
            {"response_modes_supported", {"query", "fragment"}},
            {"code_challenge_methods_supported", {"S256"}},
            {"grant_types_supported",
             {"authorization_code", "password", "client_credentials", "refresh_token"}},
            {"token_endpoint_auth_methods_supported",
             {"client_secret_basic", "client_secret_post"}},
        });
    });
}

} // namespace agora::api

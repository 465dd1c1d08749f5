// The Mastodon client API's plumbing: parameters, authentication, scopes, CORS and errors.
#include "api/api.hpp"

#include "crypto/tokens.hpp"
#include "node.hpp"
#include "oauth/scopes.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/oauth_repo.hpp"

#include <charconv>

namespace agora::api {

namespace {
std::optional<std::string> bearer_token(const http::Request& req) {
    auto header = req.header("Authorization");
    if (header.size() > 7 && http::iequals(header.substr(0, 7), "Bearer ")) {
        auto token = header.substr(7);
        while (!token.empty() && token.front() == ' ')
            token.remove_prefix(1);
        return std::string(token);
    }
    return std::nullopt;
}

// 401 when a token is absent or invalid where one is needed, 403 when its scope falls short.
std::expected<std::optional<Caller>, http::Response>
authenticate(Node& node, const http::Request& req, const Params& params, const Endpoint& endpoint) {
    auto token_text = bearer_token(req);
    if (!token_text) {
        // Browser clients that cannot set headers (streaming) pass access_token in the query.
        if (auto q = req.query_param("access_token")) token_text = *q;
    }
    (void)params;
    return authenticate_token(node, token_text.value_or(""), endpoint);
}
} // namespace

std::expected<std::optional<Caller>, http::Response>
authenticate_token(Node& node, const std::string& token_text, const Endpoint& endpoint) {
    if (token_text.empty()) {
        if (endpoint.access == Access::anyone) return std::optional<Caller>();
        return std::unexpected(http::error_response(401, "The access token is invalid"));
    }
    auto conn = node.database().acquire();
    auto token = store::find_token(*conn, crypto::sha256_hex(token_text));
    if (!token) return std::unexpected(http::error_response(401, "The access token is invalid"));
    Caller caller{*token, std::nullopt, std::nullopt};
    if (token->account_id) {
        caller.account = store::find_account(*conn, *token->account_id);
        caller.user = store::find_user(*conn, *token->account_id);
        if (!caller.account || !caller.user)
            return std::unexpected(http::error_response(401, "The access token is invalid"));
        if (!caller.user->approved)
            return std::unexpected(
                http::error_response(403, "Your login is currently pending approval"));
    }
    if (endpoint.access == Access::user && !caller.account)
        return std::unexpected(
            http::error_response(422, "This method requires an authenticated user"));
    if (!endpoint.scope.empty() && !token_allows(*token, endpoint.scope))
        return std::unexpected(
            http::error_response(403, "This action is outside the authorized scopes"));
    return std::optional<Caller>(std::move(caller));
}

bool token_allows(const OAuthToken& token, std::string_view scope) {
    auto scopes = oauth::Scopes::parse(token.scopes);
    return scopes && scopes->allows(scope);
}

void add(Node& node, std::string_view method, std::string_view pattern, Endpoint endpoint,
         ApiHandler handler) {
    node.router().add(
        method, pattern,
        [&node, endpoint, handler = std::move(handler)](http::Request& req) -> http::Response {
            auto params = Params::from_request(req);
            if (!params) return http::error_response(400, params.error());
            auto caller = authenticate(node, req, *params, endpoint);
            if (!caller) return caller.error();
            Call call{node, req, std::move(*params), std::move(*caller)};
            return handler(call);
        },
        {.max_body_bytes = endpoint.max_body_bytes, .cors = true});
}

http::Response json_response(const nlohmann::json& body, int status) {
    http::Response r;
    r.status = status;
    r.content_type = "application/json; charset=utf-8";
    r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

http::Response validation_error(std::string_view what) {
    return http::error_response(422, "Validation failed: " + std::string(what));
}

std::optional<std::int64_t> parse_id(std::string_view text) {
    std::int64_t value = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || p != text.data() + text.size() || value <= 0)
        return std::nullopt;
    return value;
}

} // namespace agora::api

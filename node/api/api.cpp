// The Mastodon client API's plumbing: parameters, authentication, scopes, CORS and errors.
#include "api/api.hpp"

#include "api/rate_limits.hpp"
#include "crypto/tokens.hpp"
#include "node.hpp"
#include "oauth/scopes.hpp"
#include "store/account_moderation_repo.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/oauth_repo.hpp"
#include "util/json_text.hpp"

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
    // Browser clients that cannot set headers (streaming) pass access_token in the query.
    return req.query_param("access_token");
}

// Where a suspended or disabled member may still go: their statements of reasons and appeals.
bool open_to_restricted(std::string_view path) {
    return path.starts_with("/api/v1/agora/statements");
}

// The caller a token names: none without a token; 401 for an unknown token, 403 for an account
// still awaiting approval, or suspended or disabled (but on `path`s open to them).
std::expected<std::optional<Caller>, http::Response>
find_caller(Node& node, const std::string& token_text, std::string_view path = {}) {
    if (token_text.empty()) return std::optional<Caller>();
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
        auto moderation = store::find_account_moderation(*conn, *token->account_id);
        if ((moderation.suspended() || moderation.disabled()) && !open_to_restricted(path))
            return std::unexpected(http::error_response(403, "Your login is currently disabled"));
    }
    return std::optional<Caller>(std::move(caller));
}

// What an endpoint demands of its caller: 401 without one where needed, 422 for an app-only
// token where a user is needed, 403 when the token's scopes fall short.
std::optional<http::Response> refuse_access(const std::optional<Caller>& caller,
                                            const Endpoint& endpoint) {
    if (!caller) {
        if (endpoint.access == Access::anyone) return std::nullopt;
        return http::error_response(401, "The access token is invalid");
    }
    if (endpoint.access == Access::user && !caller->account)
        return http::error_response(422, "This method requires an authenticated user");
    if (!endpoint.scope.empty() && !token_allows(caller->token, endpoint.scope))
        return http::error_response(403, "This action is outside the authorized scopes");
    return std::nullopt;
}

Requester requester_of(const std::expected<std::optional<Caller>, http::Response>& found) {
    if (!found || !*found) return {};
    const Caller& caller = **found;
    return {caller.token.id, caller.token.account_id};
}

// One API call: parameters, token, rate limits, access, then the handler.
http::Response answer_call(Node& node, const Endpoint& endpoint, const RouteLimits& limits,
                           const ApiHandler& handler, http::Request& req) {
    auto params = Params::from_request(req);
    auto caller = find_caller(node, bearer_token(req).value_or(""), req.path);
    // Every call counts, refused ones too: they cost as much to answer.
    auto verdict =
        node.rate_limiter().check(req, limits, requester_of(caller), params ? &*params : nullptr);
    if (verdict.refused) return too_many_requests(verdict);
    auto response = [&]() -> http::Response {
        if (!params) return http::error_response(400, params.error());
        if (!caller) return caller.error();
        if (auto refusal = refuse_access(*caller, endpoint)) return *refusal;
        Call call{node, req, std::move(*params), std::move(*caller)};
        return handler(call);
    }();
    add_rate_limit_headers(response, verdict);
    return response;
}
} // namespace

std::expected<std::optional<Caller>, http::Response>
authenticate_token(Node& node, const std::string& token_text, const Endpoint& endpoint) {
    auto caller = find_caller(node, token_text);
    if (!caller) return caller;
    if (auto refusal = refuse_access(*caller, endpoint)) return std::unexpected(*refusal);
    return caller;
}

bool token_allows(const OAuthToken& token, std::string_view scope) {
    auto scopes = oauth::Scopes::parse(token.scopes);
    return scopes && scopes->allows(scope);
}

void add(Node& node, std::string_view method, std::string_view pattern, Endpoint endpoint,
         ApiHandler handler) {
    node.router().add(method, pattern,
                      [&node, endpoint, limits = route_limits(method, pattern),
                       handler = std::move(handler)](http::Request& req) {
                          return answer_call(node, endpoint, limits, handler, req);
                      },
                      {.max_body_bytes = endpoint.max_body_bytes, .cors = true});
}

http::Response json_response(const nlohmann::json& body, int status) {
    http::Response r;
    r.status = status;
    r.content_type = "application/json; charset=utf-8";
    r.body = to_json_text(body);
    return r;
}

http::Response json_text_response(std::string body, int status) {
    http::Response r;
    r.status = status;
    r.content_type = "application/json; charset=utf-8";
    r.body = std::move(body);
    return r;
}

std::string json_array_text(const std::vector<std::string>& items) {
    std::size_t size = 2;
    for (const auto& item : items)
        size += item.size() + 1;
    std::string out;
    out.reserve(size);
    out += '[';
    for (const auto& item : items) {
        if (out.size() > 1) out += ',';
        out += item;
    }
    out += ']';
    return out;
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

// The Mastodon client API's plumbing: parameters, authentication, scopes, CORS and errors for every
// endpoint, so that each handler only does its own work.
#pragma once

#include "api/params.hpp"
#include "http/message.hpp"
#include "model/account.hpp"
#include "model/oauth.hpp"

#include <expected>
#include <functional>
#include <optional>
#include <string>

namespace agora {
class Node;
}

namespace agora::api {

// Who may call an endpoint.
enum class Access {
    anyone, // no token needed; a valid token is still read (and a bad one refused)
    app,    // any valid token, app-only (client_credentials) included
    user,   // a token bound to an approved, active local account
};

struct Caller {
    OAuthToken token;
    std::optional<Account> account; // set for user tokens
    std::optional<User> user;
};

struct Call {
    Node& node;
    http::Request& request;
    Params params;
    std::optional<Caller> caller;

    // The signed-in account (only valid on Access::user endpoints).
    const Account& me() const { return *caller->account; }
    std::optional<std::int64_t> viewer_id() const {
        return caller && caller->account ? std::optional<std::int64_t>(caller->account->id)
                                         : std::nullopt;
    }
};

using ApiHandler = std::function<http::Response(Call&)>;

struct Endpoint {
    Access access = Access::anyone;
    std::string scope; // required scope, e.g. "read:statuses"; empty: none
    std::size_t max_body_bytes = 0;
};

// Registers a CORS-enabled API route whose handler runs after parameters are parsed (400 on a
// malformed body), the token is checked (401) and the scope verified (403).
void add(Node& node, std::string_view method, std::string_view pattern, Endpoint endpoint,
         ApiHandler handler);

// Checks a bearer token for an endpoint: 401 when absent (where needed) or unknown, 403 when its
// scope falls short or its account awaits approval, 422 when a user is needed and it is app-only.
std::expected<std::optional<Caller>, http::Response>
authenticate_token(Node& node, const std::string& token, const Endpoint& endpoint);
bool token_allows(const OAuthToken& token, std::string_view scope);

http::Response json_response(const nlohmann::json& body, int status = 200);
// An answer whose body is JSON text already written.
http::Response json_text_response(std::string body, int status = 200);
// A JSON array of entities already written as text.
std::string json_array_text(const std::vector<std::string>& items);
// Mastodon's 422: {"error": "Validation failed: ..."}.
http::Response validation_error(std::string_view what);

// Reads an id parameter; nullopt when absent or not a positive integer.
std::optional<std::int64_t> parse_id(std::string_view text);

} // namespace agora::api

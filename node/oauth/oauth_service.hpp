// OAuth 2 for Mastodon clients: app registration, codes (with PKCE), tokens for every grant,
// revocation.
#pragma once

#include "model/account.hpp"
#include "model/oauth.hpp"
#include "oauth/scopes.hpp"

#include <expected>
#include <optional>
#include <string>

namespace agora {
namespace store {
class Database;
}
} // namespace agora

namespace agora::oauth {

inline constexpr const char* out_of_band = "urn:ietf:wg:oauth:2.0:oob";

// An RFC 6749 error: `error` is the code ("invalid_grant"), `description` says why.
struct OAuthError {
    int status;
    std::string error;
    std::string description;
};

struct RegisteredApp {
    OAuthApp app;
    std::string client_secret; // shown once, stored only as a hash
};

// `redirect_uris`: one or more absolute URIs (or the out-of-band URN), newline- or space-separated.
std::expected<RegisteredApp, std::string> register_app(store::Database& db, const std::string& name,
                                                       const std::string& redirect_uris,
                                                       const std::string& scopes,
                                                       const std::optional<std::string>& website);

// Finds the app and checks its secret (constant time). invalid_client (401) otherwise.
std::expected<OAuthApp, OAuthError> authenticate_client(store::Database& db,
                                                        const std::string& client_id,
                                                        const std::string& client_secret);

struct IssuedToken {
    std::string access_token;
    std::optional<std::string> refresh_token;
    OAuthToken token;
};

IssuedToken issue_token(store::Database& db, std::int64_t app_id,
                        std::optional<std::int64_t> account_id, const std::string& scopes,
                        bool with_refresh);

// Writes a ten-minute, single-use code for the authorization-code grant.
std::string create_code(store::Database& db, const OAuthCode& code);

struct CodeExchange {
    std::string code;
    std::string redirect_uri;
    std::optional<std::string> code_verifier;
};
std::expected<IssuedToken, OAuthError> exchange_code(store::Database& db, const OAuthApp& app,
                                                     const CodeExchange& exchange);
std::expected<IssuedToken, OAuthError> password_grant(store::Database& db, const OAuthApp& app,
                                                      const std::string& username,
                                                      const std::string& password,
                                                      const std::string& scopes);
std::expected<IssuedToken, OAuthError> refresh_grant(store::Database& db, const OAuthApp& app,
                                                     const std::string& refresh_token);

// Revokes an access or refresh token of this app; unknown tokens are not an error (RFC 7009).
void revoke(store::Database& db, const OAuthApp& app, const std::string& token);

// Checks a username and password for sign-in; the account and user when they match.
struct SignIn {
    Account account;
    User user;
};
std::optional<SignIn> check_password(store::Database& db, const std::string& username,
                                     const std::string& password);

// Whether moderators suspended the account or disabled its login (no sign-in, no token).
bool login_disabled(store::Database& db, std::int64_t account_id);

// Whether `redirect_uri` is one the app registered.
bool redirect_allowed(const OAuthApp& app, const std::string& redirect_uri);

} // namespace agora::oauth

// OAuth 2 for Mastodon clients: app registration, codes (with PKCE), tokens for every grant,
// revocation.
#include "oauth/oauth_service.hpp"

#include "crypto/password.hpp"
#include "crypto/tokens.hpp"
#include "store/account_moderation_repo.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/oauth_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <algorithm>
#include <sstream>

namespace agora::oauth {

namespace {
constexpr std::int64_t code_lifetime_ms = 10 * 60 * 1000;

OAuthError invalid_grant(std::string why) {
    return {400, "invalid_grant", std::move(why)};
}

bool valid_redirect_uri(const std::string& uri) {
    if (uri == out_of_band) return true;
    auto colon = uri.find(':');
    if (colon == std::string::npos || colon == 0) return false;
    // Native apps register custom schemes (tusky://oauth); forbid the dangerous ones.
    std::string scheme = uri.substr(0, colon);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), ::tolower);
    if (scheme == "javascript" || scheme == "data" || scheme == "vbscript" || scheme == "file")
        return false;
    if (uri.find('#') != std::string::npos) return false; // RFC 6749 3.1.2: no fragment
    return std::all_of(scheme.begin(), scheme.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    });
}
} // namespace

bool redirect_allowed(const OAuthApp& app, const std::string& redirect_uri) {
    return std::find(app.redirect_uris.begin(), app.redirect_uris.end(), redirect_uri) !=
           app.redirect_uris.end();
}

std::expected<RegisteredApp, std::string> register_app(store::Database& db, const std::string& name,
                                                       const std::string& redirect_uris,
                                                       const std::string& scopes,
                                                       const std::optional<std::string>& website) {
    if (name.empty()) return std::unexpected("client_name can't be blank");
    if (name.size() > 60)
        return std::unexpected("client_name is too long (maximum is 60 characters)");
    std::vector<std::string> uris;
    std::stringstream in(redirect_uris);
    std::string uri;
    while (in >> uri) {
        if (!valid_redirect_uri(uri)) return std::unexpected("redirect_uris must be absolute URIs");
        uris.push_back(uri);
    }
    if (uris.empty()) return std::unexpected("redirect_uris can't be blank");
    auto parsed = Scopes::parse(scopes);
    if (!parsed) return std::unexpected("scopes are not valid");
    if (website && website->size() > 2000) return std::unexpected("website is too long");

    RegisteredApp out;
    out.client_secret = crypto::random_token();
    OAuthApp& app = out.app;
    app.id = next_id();
    app.name = name;
    if (website && !website->empty()) app.website = website;
    app.redirect_uris = uris;
    app.scopes = parsed->text();
    app.client_id = crypto::random_token();
    app.client_secret_hash = crypto::sha256_hex(out.client_secret);
    app.created_at = now_unix_ms();
    auto conn = db.acquire();
    store::insert_app(*conn, app);
    return out;
}

std::expected<OAuthApp, OAuthError> authenticate_client(store::Database& db,
                                                        const std::string& client_id,
                                                        const std::string& client_secret) {
    auto conn = db.acquire();
    auto app = store::find_app_by_client_id(*conn, client_id);
    if (!app ||
        !crypto::constant_time_equals(app->client_secret_hash, crypto::sha256_hex(client_secret)))
        return std::unexpected(
            OAuthError{401, "invalid_client",
                       "Client authentication failed due to unknown client, no client "
                       "authentication included, or unsupported authentication method."});
    return *app;
}

IssuedToken issue_token(store::Database& db, std::int64_t app_id,
                        std::optional<std::int64_t> account_id, const std::string& scopes,
                        bool with_refresh) {
    IssuedToken out;
    out.access_token = crypto::random_token();
    if (with_refresh) out.refresh_token = crypto::random_token();
    out.token = {next_id(), app_id, account_id, scopes, now_unix_ms()};
    std::optional<std::string> refresh_hash;
    if (out.refresh_token) refresh_hash = crypto::sha256_hex(*out.refresh_token);
    auto conn = db.acquire();
    store::insert_token(*conn, out.token, crypto::sha256_hex(out.access_token), refresh_hash);
    return out;
}

std::string create_code(store::Database& db, const OAuthCode& code) {
    std::string secret = crypto::random_token();
    OAuthCode stored = code;
    stored.expires_at = now_unix_ms() + code_lifetime_ms;
    auto conn = db.acquire();
    store::insert_code(*conn, crypto::sha256_hex(secret), stored);
    return secret;
}

std::expected<IssuedToken, OAuthError> exchange_code(store::Database& db, const OAuthApp& app,
                                                     const CodeExchange& exchange) {
    std::optional<OAuthCode> code;
    {
        auto conn = db.acquire();
        code = store::take_code(*conn, crypto::sha256_hex(exchange.code));
    }
    if (!code || code->app_id != app.id || code->expires_at < now_unix_ms())
        return std::unexpected(
            invalid_grant("The provided authorization grant is invalid, expired, revoked, "
                          "does not match the redirection URI used in the authorization "
                          "request, or was issued to another client."));
    if (code->redirect_uri != exchange.redirect_uri)
        return std::unexpected(
            invalid_grant("The redirect_uri does not match the one of the authorization request."));
    if (code->code_challenge) {
        if (!exchange.code_verifier || exchange.code_verifier->empty())
            return std::unexpected(invalid_grant("code_verifier is required (PKCE)."));
        std::string computed = code->code_challenge_method == "S256"
                                   ? crypto::sha256_base64url(*exchange.code_verifier)
                                   : *exchange.code_verifier;
        if (!crypto::constant_time_equals(computed, *code->code_challenge))
            return std::unexpected(
                invalid_grant("The code_verifier does not match the code_challenge."));
    }
    return issue_token(db, app.id, code->account_id, code->scopes, true);
}

bool login_disabled(store::Database& db, std::int64_t account_id) {
    auto conn = db.acquire();
    auto moderation = store::find_account_moderation(*conn, account_id);
    return moderation.suspended() || moderation.disabled();
}

std::optional<SignIn> check_password(store::Database& db, const std::string& username,
                                     const std::string& password) {
    auto conn = db.acquire();
    auto account = store::find_local_account(*conn, username);
    if (!account) {
        crypto::hash_password(password); // same cost either way: no user enumeration by timing
        return std::nullopt;
    }
    auto user = store::find_user(*conn, account->id);
    if (!user || !crypto::verify_password(password, user->password_hash)) return std::nullopt;
    return SignIn{*account, *user};
}

std::expected<IssuedToken, OAuthError> password_grant(store::Database& db, const OAuthApp& app,
                                                      const std::string& username,
                                                      const std::string& password,
                                                      const std::string& scopes) {
    auto requested = Scopes::parse(scopes.empty() ? app.scopes : scopes);
    auto allowed = Scopes::parse(app.scopes);
    if (!requested || !allowed || !allowed->contains_all(*requested))
        return std::unexpected(OAuthError{
            400, "invalid_scope", "The requested scope is invalid, unknown, or malformed."});
    auto sign_in = check_password(db, username, password);
    if (!sign_in) return std::unexpected(invalid_grant("The username or password is incorrect."));
    if (!sign_in->user.approved)
        return std::unexpected(
            OAuthError{403, "access_denied", "Your login is currently pending approval."});
    if (login_disabled(db, sign_in->account.id))
        return std::unexpected(
            OAuthError{403, "access_denied", "Your login is currently disabled."});
    if (sign_in->user.must_change_password)
        return std::unexpected(
            OAuthError{403, "access_denied",
                       "This account must choose a new password: sign in through the "
                       "web page (/oauth/authorize) first."});
    return issue_token(db, app.id, sign_in->account.id, requested->text(), true);
}

std::expected<IssuedToken, OAuthError> refresh_grant(store::Database& db, const OAuthApp& app,
                                                     const std::string& refresh_token) {
    std::optional<OAuthToken> old;
    {
        auto conn = db.acquire();
        old = store::find_token_by_refresh(*conn, crypto::sha256_hex(refresh_token));
        if (!old || old->app_id != app.id)
            return std::unexpected(
                invalid_grant("The refresh token is invalid, expired or revoked."));
        store::revoke_token_id(*conn, old->id, now_unix_ms());
    }
    return issue_token(db, app.id, old->account_id, old->scopes, true);
}

void revoke(store::Database& db, const OAuthApp& app, const std::string& token) {
    auto conn = db.acquire();
    store::revoke_token(*conn, crypto::sha256_hex(token), app.id, now_unix_ms());
}

} // namespace agora::oauth

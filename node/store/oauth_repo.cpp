// OAuth rows: apps, codes and tokens. Secrets arrive here already hashed.
#include "store/oauth_repo.hpp"

#include "store/database.hpp"

#include <sstream>

namespace agora::store {

namespace {
std::string join_lines(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : "\n") + i;
    return out;
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(line);
    return out;
}

OAuthApp read_app(const Statement& st) {
    return {st.int64(0), st.text(1), st.optional_text(2), split_lines(st.text(3)),
            st.text(4),  st.text(5), st.text(6),          st.int64(7)};
}

constexpr const char* app_select = "SELECT id, name, website, redirect_uris, scopes, client_id, "
                                   "client_secret_hash, created_at FROM oauth_apps ";

std::optional<OAuthToken> read_token(Statement st) {
    if (!st.step()) return std::nullopt;
    OAuthToken t;
    t.id = st.int64(0);
    t.app_id = st.int64(1);
    if (!st.is_null(2)) t.account_id = st.int64(2);
    t.scopes = st.text(3);
    t.created_at = st.int64(4);
    return t;
}
} // namespace

void insert_app(Connection& conn, const OAuthApp& a) {
    conn.query("INSERT INTO oauth_apps (id, name, website, redirect_uris, scopes, client_id, "
               "client_secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               a.id, a.name, a.website, join_lines(a.redirect_uris), a.scopes, a.client_id,
               a.client_secret_hash, a.created_at)
        .run();
}

std::optional<OAuthApp> find_app_by_client_id(Connection& conn, const std::string& client_id) {
    auto st = conn.query(std::string(app_select) + "WHERE client_id = ?", client_id);
    if (!st.step()) return std::nullopt;
    return read_app(st);
}

std::optional<OAuthApp> find_app(Connection& conn, std::int64_t id) {
    auto st = conn.query(std::string(app_select) + "WHERE id = ?", id);
    if (!st.step()) return std::nullopt;
    return read_app(st);
}

void insert_code(Connection& conn, const std::string& code_hash, const OAuthCode& c) {
    conn.query("INSERT INTO oauth_codes (code_hash, app_id, account_id, redirect_uri, scopes, "
               "code_challenge, code_challenge_method, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               code_hash, c.app_id, c.account_id, c.redirect_uri, c.scopes, c.code_challenge,
               c.code_challenge_method, c.expires_at)
        .run();
}

std::optional<OAuthCode> take_code(Connection& conn, const std::string& code_hash) {
    std::optional<OAuthCode> code;
    {
        auto st =
            conn.query("SELECT app_id, account_id, redirect_uri, scopes, code_challenge, "
                       "code_challenge_method, expires_at FROM oauth_codes WHERE code_hash = ?",
                       code_hash);
        if (!st.step()) return std::nullopt;
        code = OAuthCode{st.int64(0),         st.int64(1),         st.text(2), st.text(3),
                         st.optional_text(4), st.optional_text(5), st.int64(6)};
    }
    conn.query("DELETE FROM oauth_codes WHERE code_hash = ?", code_hash).run();
    return code;
}

void insert_token(Connection& conn, const OAuthToken& t, const std::string& token_hash,
                  const std::optional<std::string>& refresh_hash) {
    conn.query(
            "INSERT INTO oauth_tokens (id, token_hash, refresh_hash, app_id, account_id, scopes, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            t.id, token_hash, refresh_hash, t.app_id, t.account_id, t.scopes, t.created_at)
        .run();
}

std::optional<OAuthToken> find_token(Connection& conn, const std::string& token_hash) {
    return read_token(
        conn.query("SELECT id, app_id, account_id, scopes, created_at FROM oauth_tokens "
                   "WHERE token_hash = ? AND revoked_at IS NULL",
                   token_hash));
}

std::optional<OAuthToken> find_token_by_refresh(Connection& conn, const std::string& refresh_hash) {
    return read_token(
        conn.query("SELECT id, app_id, account_id, scopes, created_at FROM oauth_tokens "
                   "WHERE refresh_hash = ? AND revoked_at IS NULL",
                   refresh_hash));
}

bool revoke_token(Connection& conn, const std::string& hash, std::int64_t app_id,
                  std::int64_t now) {
    conn.query("UPDATE oauth_tokens SET revoked_at = ? WHERE (token_hash = ? OR refresh_hash = ?) "
               "AND app_id = ? AND revoked_at IS NULL",
               now, hash, hash, app_id)
        .run();
    return conn.changes() > 0;
}

void revoke_token_id(Connection& conn, std::int64_t token_id, std::int64_t now) {
    conn.query("UPDATE oauth_tokens SET revoked_at = ? WHERE id = ?", now, token_id).run();
}

} // namespace agora::store

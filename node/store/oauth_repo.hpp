// OAuth rows: apps, codes and tokens. Secrets arrive here already hashed.
#pragma once

#include "model/oauth.hpp"

#include <optional>
#include <string>

namespace agora::store {

class Connection;

void insert_app(Connection& conn, const OAuthApp& app);
std::optional<OAuthApp> find_app_by_client_id(Connection& conn, const std::string& client_id);
std::optional<OAuthApp> find_app(Connection& conn, std::int64_t id);

void insert_code(Connection& conn, const std::string& code_hash, const OAuthCode& code);
// Returns the code and deletes it: a code is good for one exchange only.
std::optional<OAuthCode> take_code(Connection& conn, const std::string& code_hash);

void insert_token(Connection& conn, const OAuthToken& token, const std::string& token_hash,
                  const std::optional<std::string>& refresh_hash);
std::optional<OAuthToken> find_token(Connection& conn, const std::string& token_hash);
std::optional<OAuthToken> find_token_by_refresh(Connection& conn, const std::string& refresh_hash);
// Revokes the token whose access or refresh hash matches, if it belongs to `app_id`.
bool revoke_token(Connection& conn, const std::string& hash, std::int64_t app_id, std::int64_t now);
void revoke_token_id(Connection& conn, std::int64_t token_id, std::int64_t now);

} // namespace agora::store

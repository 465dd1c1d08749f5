// OAuth records: registered client applications, authorization codes and access tokens.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora {

struct OAuthApp {
    std::int64_t id = 0;
    std::string name;
    std::optional<std::string> website;
    std::vector<std::string> redirect_uris;
    std::string scopes; // space-separated
    std::string client_id;
    std::string client_secret_hash;
    std::int64_t created_at = 0;
};

struct OAuthCode {
    std::int64_t app_id = 0;
    std::int64_t account_id = 0;
    std::string redirect_uri;
    std::string scopes;
    std::optional<std::string> code_challenge;
    std::optional<std::string> code_challenge_method;
    std::int64_t expires_at = 0;
};

struct OAuthToken {
    std::int64_t id = 0;
    std::int64_t app_id = 0;
    std::optional<std::int64_t> account_id; // nullopt for an app-only (client_credentials) token
    std::string scopes;
    std::int64_t created_at = 0;
};

} // namespace agora

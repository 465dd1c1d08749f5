// Sign-up as the instance's registrations mode allows: open, approval (pending until a moderator
// approves), invite (a valid code), closed. No e-mail is asked for.
#pragma once

#include "accounts/account_service.hpp"
#include "config/config.hpp"

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace agora {

namespace store {
class Database;
}

struct SignUp {
    std::string username;
    std::string password;
    bool agreement = false;                 // the current terms were accepted
    std::optional<std::string> reason;      // approval mode: why they want to join
    std::optional<std::string> invite_code; // invite mode
    std::optional<std::string> locale;
};

// Mastodon's 422 shape: a message plus per-field errors ({"username": [{"error": "ERR_TAKEN",
// ...}]}).
struct SignUpError {
    int status; // 403 closed, 422 invalid
    std::string message;
    std::map<std::string, std::vector<std::pair<std::string, std::string>>>
        details; // field -> (code, text)
};

std::expected<CreatedAccount, SignUpError> sign_up(store::Database& db, const Config& config,
                                                   const SignUp& request);

// A new invite code (shown once, stored hashed) for invite-mode instances.
std::string create_invite(store::Database& db, std::optional<std::int64_t> created_by,
                          std::optional<int> max_uses, std::optional<int> expires_in_days);

} // namespace agora

// Local accounts: username rules, creation (password hash and RSA key pair), the first admin.
#pragma once

#include "model/account.hpp"

#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace agora {

namespace store {
class Database;
}
struct Config;

// Mastodon's rule for local usernames: 1 to 30 letters, digits or underscores.
// Returns what is wrong, or nothing when the name is acceptable.
std::optional<std::string> username_problem(std::string_view username);

struct NewAccount {
    std::string username;
    Role role = Role::member;
    AccountKind kind = AccountKind::person;
    std::optional<std::string> password; // generated when absent
    std::string display_name;
    bool must_change_password = false;
};

struct CreatedAccount {
    Account account;
    User user;
    std::optional<std::string> generated_password; // set when the caller gave none
};

struct AccountError {
    enum class Code { invalid_username, username_taken, invalid_password } code;
    std::string message;
};

std::expected<CreatedAccount, AccountError> create_local_account(store::Database& db,
                                                                 NewAccount request);

// On first start: creates the admin account named by instance.admin_username, with a one-time
// password the admin must change at first sign-in. Returns it when one was created.
std::optional<CreatedAccount> ensure_admin_account(store::Database& db, const Config& config);

} // namespace agora

// Local accounts: username rules, creation (password hash and RSA key pair), the first admin.
#include "accounts/account_service.hpp"

#include "config/config.hpp"
#include "crypto/keys.hpp"
#include "crypto/password.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <algorithm>

namespace agora {

std::optional<std::string> username_problem(std::string_view username) {
    if (username.empty()) return "username must not be empty";
    if (username.size() > 30) return "username must be at most 30 characters";
    bool ok = std::all_of(username.begin(), username.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    });
    if (!ok) return "username may only contain letters, digits and underscores";
    return std::nullopt;
}

std::expected<CreatedAccount, AccountError> create_local_account(store::Database& db,
                                                                 NewAccount request) {
    if (auto problem = username_problem(request.username))
        return std::unexpected(AccountError{AccountError::Code::invalid_username, *problem});
    if (request.password && request.password->size() < 8)
        return std::unexpected(AccountError{AccountError::Code::invalid_password,
                                            "password must be at least 8 characters"});
    if (request.password && request.password->size() > 1024)
        return std::unexpected(AccountError{AccountError::Code::invalid_password,
                                            "password must be at most 1024 characters"});
    {
        auto conn = db.acquire();
        if (store::find_local_account(*conn, request.username))
            return std::unexpected(
                AccountError{AccountError::Code::username_taken,
                             "username \"" + request.username + "\" is already taken"});
    }

    CreatedAccount created;
    if (!request.password) {
        // A generated password has been seen by whoever ran the command: it is for one sign-in.
        created.generated_password = crypto::generate_password();
        request.password = created.generated_password;
        request.must_change_password = true;
    }
    auto keys = crypto::generate_rsa_keypair();
    auto now = now_unix_ms();

    Account& a = created.account;
    a.id = next_id();
    a.username = request.username;
    a.display_name = request.display_name;
    a.kind = request.kind;
    a.public_key_pem = std::move(keys.public_pem);
    a.private_key_pem = std::move(keys.private_pem);
    a.created_at = a.updated_at = now;

    User& u = created.user;
    u.account_id = a.id;
    u.password_hash = crypto::hash_password(*request.password);
    u.role = request.role;
    u.must_change_password = request.must_change_password;
    u.created_at = now;

    auto conn = db.acquire();
    try {
        store::Transaction tx(*conn);
        store::insert_account(*conn, a);
        store::insert_user(*conn, u);
        tx.commit();
    } catch (const store::ConstraintError&) {
        // Another writer took the name between our check and the insert.
        return std::unexpected(
            AccountError{AccountError::Code::username_taken,
                         "username \"" + request.username + "\" is already taken"});
    }
    return created;
}

std::optional<CreatedAccount> ensure_admin_account(store::Database& db, const Config& config) {
    {
        auto conn = db.acquire();
        if (store::has_admin(*conn)) return std::nullopt;
    }
    NewAccount request;
    request.username = config.instance.admin_username;
    request.role = Role::admin;
    request.display_name = config.instance.title;
    request.must_change_password = true;
    auto created = create_local_account(db, request);
    if (!created)
        throw std::runtime_error("cannot create the admin account: " + created.error().message);
    return std::move(*created);
}

} // namespace agora

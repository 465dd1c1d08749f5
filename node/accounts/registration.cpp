// Sign-up as the instance's registrations mode allows: open, approval, invite, closed.
#include "accounts/registration.hpp"

#include "crypto/tokens.hpp"
#include "legal/terms_acceptance.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/notifications_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

namespace agora {

namespace {
constexpr std::int64_t day_ms = 24LL * 3600 * 1000;

// The invite's id when the code is valid now (known, not expired, uses left).
std::optional<std::int64_t> valid_invite(store::Connection& conn, const std::string& code) {
    auto st = conn.query(
        "SELECT id FROM invites WHERE code_hash = ? AND (expires_at IS NULL OR expires_at > ?) "
        "AND (max_uses IS NULL OR uses < max_uses)",
        crypto::sha256_hex(code), now_unix_ms());
    if (!st.step()) return std::nullopt;
    return st.int64(0);
}
} // namespace

std::expected<CreatedAccount, SignUpError> sign_up(store::Database& db, const Config& config,
                                                   const SignUp& request) {
    auto mode = config.registrations.mode;
    if (mode == RegistrationsMode::closed)
        return std::unexpected(SignUpError{403, "Registrations are closed on this instance", {}});
    SignUpError invalid{422, "", {}};
    auto add = [&](const std::string& field, const std::string& code, const std::string& text) {
        invalid.details[field].emplace_back(code, text);
        invalid.message +=
            (invalid.message.empty() ? "Validation failed: " : ", ") + field + " " + text;
    };
    if (auto problem = username_problem(request.username)) add("username", "ERR_INVALID", *problem);
    if (request.password.size() < 8)
        add("password", "ERR_TOO_SHORT", "is too short (minimum is 8 characters)");
    if (request.password.size() > 1024)
        add("password", "ERR_TOO_LONG", "is too long (maximum is 1024 characters)");
    if (!request.agreement) add("agreement", "ERR_ACCEPTED", "must be accepted");
    if (mode == RegistrationsMode::approval && request.reason && request.reason->size() > 1000)
        add("reason", "ERR_TOO_LONG", "is too long (maximum is 1000 characters)");
    std::optional<std::int64_t> invite;
    if (mode == RegistrationsMode::invite) {
        auto conn = db.acquire();
        if (request.invite_code) invite = valid_invite(*conn, *request.invite_code);
        if (!invite) add("invite_code", "ERR_INVALID", "is not a valid invite");
    }
    if (!invalid.details.empty()) return std::unexpected(invalid);

    NewAccount account{.username = request.username, .password = request.password};
    auto created = create_local_account(db, account);
    if (!created) {
        if (created.error().code == AccountError::Code::username_taken)
            add("username", "ERR_TAKEN", "has already been taken");
        else
            add("username", "ERR_INVALID", created.error().message);
        return std::unexpected(invalid);
    }
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    bool approved = mode != RegistrationsMode::approval;
    conn->query("UPDATE users SET approved = ?, sign_up_reason = ?, invite_id = ?, locale = ? "
                "WHERE account_id = ?",
                approved, request.reason, invite, request.locale, created->account.id)
        .run();
    if (invite) conn->query("UPDATE invites SET uses = uses + 1 WHERE id = ?", *invite).run();
    // `agreement` accepted the terms in effect: which version, and when, is kept.
    if (auto terms = legal::pending_terms(*conn, created->account.id))
        (void)legal::accept_terms(*conn, created->account.id, terms->effective_date, "signup");
    // Moderators learn of every sign-up (and of those waiting for them).
    auto staff = conn->query(
        "SELECT account_id FROM users WHERE role IN ('admin', 'moderator') AND approved = 1");
    std::vector<std::int64_t> staff_ids;
    while (staff.step())
        staff_ids.push_back(staff.int64(0));
    for (auto id : staff_ids)
        store::insert_notification(*conn, id, "admin.sign_up", created->account.id, std::nullopt);
    tx.commit();
    created->user.approved = approved;
    return std::move(*created);
}

std::string create_invite(store::Database& db, std::optional<std::int64_t> created_by,
                          std::optional<int> max_uses, std::optional<int> expires_in_days) {
    std::string code = crypto::random_token(12);
    auto id = next_id();
    std::optional<std::int64_t> expires;
    if (expires_in_days) expires = now_unix_ms() + *expires_in_days * day_ms;
    std::optional<std::int64_t> uses;
    if (max_uses) uses = *max_uses;
    auto conn = db.acquire();
    conn->query("INSERT INTO invites (id, code_hash, created_by, max_uses, expires_at, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                id, crypto::sha256_hex(code), created_by, uses, expires, id_time_ms(id))
        .run();
    return code;
}

} // namespace agora

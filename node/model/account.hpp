// Plain account and user records: local and remote accounts are the same kind of row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace agora {

// The account categories members and visitors see; each maps to an ActivityPub actor type.
enum class AccountKind { person, organization, public_body, business, group, bot };
enum class Role { member, moderator, admin };

std::string_view to_string(AccountKind kind);
std::optional<AccountKind> parse_account_kind(std::string_view text);
// Person, Organization, Group or Service.
std::string_view activitypub_type(AccountKind kind);

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct Account {
    std::int64_t id = 0;
    std::string username;
    std::optional<std::string> domain; // nullopt for local accounts
    std::string display_name;
    std::string note; // HTML
    AccountKind kind = AccountKind::person;
    bool locked = false;
    bool discoverable = true;
    std::string public_key_pem;
    std::optional<std::string> private_key_pem;
    std::int64_t created_at = 0; // unix ms
    std::int64_t updated_at = 0;
    // Remote accounts: the actor id and the profile page it gives. Local ones derive theirs from
    // the username (LocalUrls).
    std::optional<std::string> uri, url;

    bool local() const { return !domain.has_value(); }
    // A remote account's profile page: the one its server gives, else its actor id (as Mastodon).
    std::string remote_page() const { return url.value_or(uri.value_or("")); }
};

// Sign-in data of a local account.
struct User {
    std::int64_t account_id = 0;
    std::string password_hash;
    Role role = Role::member;
    bool approved = true;
    bool must_change_password = false;
    std::int64_t created_at = 0;
};

} // namespace agora

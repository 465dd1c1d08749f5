// Plain account and user records: names of kinds and roles, and the actor type of each kind.
#include "model/account.hpp"

#include <array>
#include <utility>

namespace agora {

namespace {
constexpr std::array<std::pair<AccountKind, std::string_view>, 6> kind_names{{
    {AccountKind::person, "person"},
    {AccountKind::organization, "organization"},
    {AccountKind::public_body, "public_body"},
    {AccountKind::business, "business"},
    {AccountKind::group, "group"},
    {AccountKind::bot, "bot"},
}};
constexpr std::array<std::pair<Role, std::string_view>, 3> role_names{{
    {Role::member, "member"},
    {Role::moderator, "moderator"},
    {Role::admin, "admin"},
}};
} // namespace

std::string_view to_string(AccountKind kind) {
    for (auto& [k, name] : kind_names)
        if (k == kind) return name;
    return "person";
}

std::optional<AccountKind> parse_account_kind(std::string_view text) {
    for (auto& [k, name] : kind_names)
        if (name == text) return k;
    return std::nullopt;
}

std::string_view activitypub_type(AccountKind kind) {
    switch (kind) {
    case AccountKind::person:
        return "Person";
    case AccountKind::organization:
    case AccountKind::public_body:
    case AccountKind::business:
        return "Organization";
    case AccountKind::group:
        return "Group";
    case AccountKind::bot:
        return "Service";
    }
    return "Person";
}

std::string_view to_string(Role role) {
    for (auto& [r, name] : role_names)
        if (r == role) return name;
    return "member";
}

std::optional<Role> parse_role(std::string_view text) {
    for (auto& [r, name] : role_names)
        if (name == text) return r;
    return std::nullopt;
}

} // namespace agora

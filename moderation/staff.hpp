// Who may use the admin API: moderators and admins (403 for anyone else, as Mastodon).
#pragma once

#include "api/api.hpp"

#include <optional>

namespace agora::moderation {

// nullopt when the caller is a moderator or an admin; Mastodon's 403 otherwise.
std::optional<http::Response> refuse_non_staff(const api::Call& call);
// nullopt when the caller is an admin; Mastodon's 403 otherwise.
std::optional<http::Response> refuse_non_admin(const api::Call& call);

} // namespace agora::moderation

// A member changes their profile (Mastodon's update_credentials): names, note, metadata fields,
// avatar and header, flags and posting defaults, checked whole and written in one transaction.
#pragma once

#include "media/profile_images.hpp"
#include "model/account.hpp"

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora {

struct Config;
namespace store {
class Database;
}

// Mastodon's limits, in characters.
inline constexpr std::size_t display_name_limit = 30;
inline constexpr std::size_t profile_note_limit = 500;
inline constexpr std::size_t max_profile_fields = 4;
inline constexpr std::size_t profile_field_limit = 255;

struct ProfileFieldInput {
    std::string name;
    std::string value;
};

// Only what is set changes.
struct ProfileChange {
    std::optional<std::string> display_name;
    std::optional<std::string> note;
    std::optional<std::string_view> avatar; // the uploaded bytes
    std::optional<std::string_view> header;
    std::optional<bool> locked, bot, discoverable, hide_collections, indexable;
    std::optional<std::vector<ProfileFieldInput>> fields; // replaces them all; blank pairs dropped
    std::optional<std::string> privacy;                   // public, unlisted, private
    std::optional<bool> sensitive;
    std::optional<std::string> language; // an ISO 639 code; empty clears it
};

// A failure the client can act on: the HTTP status (422) and Mastodon's message.
struct ProfileError {
    int status;
    std::string message;
};

// Applies the change, writes an "account.updated" event, and when the account stops being
// locked accepts the follow requests waiting for it (as Mastodon does). Nothing is written when
// any part is refused. Returns the account as it now is.
std::expected<Account, ProfileError> update_profile(store::Database& db, const Config& config,
                                                    const Account& account,
                                                    const ProfileChange& change);

// Mastodon's DELETE /api/v1/profile/avatar and /header: back to the default image.
std::expected<Account, ProfileError> remove_profile_image(store::Database& db, const Config& config,
                                                          const Account& account,
                                                          ProfileImageKind kind);

} // namespace agora

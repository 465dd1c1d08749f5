// Avatars and headers: uploads through the media pipeline (type from the bytes, metadata
// stripped), scaled into Mastodon's boxes, stored under unguessable names, and found again by URL.
#pragma once

#include "media/media_service.hpp"
#include "model/profile.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace agora {

struct Config;
namespace store {
class Connection;
}

enum class ProfileImageKind { avatar, header };

// "avatars" or "headers", as in the files' URLs.
std::string_view url_folder(ProfileImageKind kind);

// Stored files, relative to storage.media_dir; `static_path` only for an animation (its first
// frame, for avatar_static / header_static).
struct StoredProfileImage {
    std::string path;
    std::optional<std::string> static_path;
};

// Processes an uploaded avatar (fit into 400x400) or header (fit into 1500x500) and writes its
// files; nothing is written when it is refused (422 with Mastodon's "Validation failed: ...").
std::expected<StoredProfileImage, MediaError>
store_profile_image(const Config& config, ProfileImageKind kind, std::string_view bytes);

// Removes the files of an image no profile uses any more (missing files are not an error).
void remove_profile_image_files(const Config& config, const std::optional<std::string>& path,
                                const std::optional<std::string>& static_path);

// The URL of a profile's avatar or header, still or not; the default image when it has none.
std::string profile_image_url(const Config& config, const AccountProfile& profile,
                              ProfileImageKind kind, bool still);
// The stored type of a profile's image ("image/png"...); nullopt when it has none.
std::optional<std::string> profile_image_type(const AccountProfile& profile, ProfileImageKind kind);

// The file behind /system/accounts/{avatars|headers}/{account_id}/{original|static}/{name}, when
// the name is that of the account's current image (avatars and headers are public).
std::optional<ServableMedia>
find_servable_profile_image(store::Connection& conn, const Config& config, std::string_view folder,
                            std::int64_t account_id, std::string_view style, std::string_view name);

} // namespace agora

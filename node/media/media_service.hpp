// Media attachments: uploads (validated, processed, stored under unguessable names), alt text and
// focus, deletion, and who may load a stored file.
#pragma once

#include "model/account.hpp"
#include "model/media.hpp"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace agora {

struct Config;
namespace store {
class Database;
class Connection;
} // namespace store

// A failure the client can act on: the HTTP status (404, 422) and Mastodon's message.
struct MediaError {
    int status;
    std::string message;
};

// Mastodon's limit on alt text, in characters.
inline constexpr std::size_t media_description_limit = 1500;
// Unattached uploads older than this are removed (Mastodon keeps them about a day).
inline constexpr std::int64_t unattached_media_lifetime_ms = 24LL * 3600 * 1000;

struct MediaUpload {
    std::string_view file; // the uploaded bytes, as received
    std::optional<std::string> description;
    std::optional<std::string> focus; // "x,y"
};

// Processes and stores an image for `owner`; nothing is written when it is refused.
std::expected<MediaAttachment, MediaError> upload_media(store::Database& db, const Config& config,
                                                        const Account& owner,
                                                        const MediaUpload& upload);

// The owner's media while it is not attached to a status; 404 for anything else, as Mastodon.
std::expected<MediaAttachment, MediaError>
find_own_unattached_media(store::Connection& conn, const Account& owner, std::int64_t id);

// Sets the alt text (an empty text clears it) and/or the focal point of unattached media.
std::expected<MediaAttachment, MediaError>
update_media(store::Database& db, const Account& owner, std::int64_t id,
             const std::optional<std::string>& description,
             const std::optional<std::string>& focus);

// Deletes the owner's unattached media and its files; 422 when a status uses it.
std::expected<void, MediaError> delete_media(store::Database& db, const Config& config,
                                             const Account& owner, std::int64_t id);

// Removes the unattached uploads older than a day (a few at a time) and their files.
void remove_stale_media(store::Database& db, const Config& config, int limit = 20);

// Alt text checks: valid UTF-8, at most 1500 characters. The error is Mastodon's message.
std::optional<std::string> description_error(std::string_view description);
// Parses a focal point "x,y" with both in -1..1.
std::optional<std::pair<double, double>> parse_focus(std::string_view text);

// Writes a file under the media folder whole or not at all: a temporary name first, then a rename.
void write_media_file(const std::filesystem::path& path, std::string_view bytes);

// The public URL of the original or of the preview.
std::string media_url(const Config& config, const MediaAttachment& media, bool preview);

// A stored file someone asked for by URL, when they may have it.
struct ServableMedia {
    std::filesystem::path path;
    std::string content_type;
    bool shared_cache_ok = false; // attached to a public or unlisted status
};

// Who may load a file: its name must match (the URL's secret). Without a token, the unguessable
// URL is the key, as in Mastodon. With a token (Authorization or ?access_token=), the viewer must
// also be allowed: the uploader for unattached media, someone who can see the status for media of
// a private or direct status. `style` is "original" or "small".
std::optional<ServableMedia> find_servable_media(store::Connection& conn, const Config& config,
                                                 std::int64_t id, std::string_view style,
                                                 std::string_view name, bool has_token,
                                                 std::optional<std::int64_t> viewer);

} // namespace agora

// Avatars and headers: processed through the media pipeline, stored, and found again by URL.
#include "media/profile_images.hpp"

#include "config/config.hpp"
#include "crypto/tokens.hpp"
#include "media/image_processing.hpp"
#include "store/profiles_repo.hpp"

#include <cctype>
#include <filesystem>

namespace agora {

namespace {
namespace fs = std::filesystem;

// Mastodon's boxes: avatars 400x400, headers 1500x500.
struct Box {
    int width, height;
};
Box box_of(ProfileImageKind kind) {
    return kind == ProfileImageKind::avatar ? Box{400, 400} : Box{1500, 500};
}

std::string_view file_name(std::string_view relative_path) {
    auto slash = relative_path.rfind('/');
    return slash == std::string_view::npos ? relative_path : relative_path.substr(slash + 1);
}

const std::optional<std::string>& path_of(const AccountProfile& p, ProfileImageKind kind) {
    return kind == ProfileImageKind::avatar ? p.avatar_path : p.header_path;
}
const std::optional<std::string>& static_path_of(const AccountProfile& p, ProfileImageKind kind) {
    return kind == ProfileImageKind::avatar ? p.avatar_static_path : p.header_static_path;
}
} // namespace

std::string_view url_folder(ProfileImageKind kind) {
    return kind == ProfileImageKind::avatar ? "avatars" : "headers";
}

std::expected<StoredProfileImage, MediaError>
store_profile_image(const Config& config, ProfileImageKind kind, std::string_view bytes) {
    std::string what = kind == ProfileImageKind::avatar ? "Avatar" : "Header";
    if (bytes.empty())
        return std::unexpected(MediaError{422, "Validation failed: " + what + " can't be blank"});
    if (bytes.size() > config.media.max_image_bytes)
        return std::unexpected(MediaError{
            422, "Validation failed: " + what + " file size must be less than " +
                     std::to_string(config.media.max_image_bytes / (1024 * 1024)) + " MiB"});
    media::ImageLimits limits;
    auto box = box_of(kind);
    limits.max_width = box.width;
    limits.max_height = box.height;
    // The still frame of an animation is as large as the animation.
    limits.preview_pixels = std::int64_t(box.width) * box.height;
    auto processed = media::process_image(bytes, limits);
    if (!processed && processed.error().kind == media::ImageError::Kind::unavailable)
        return std::unexpected(MediaError{500, processed.error().message});
    if (!processed) {
        std::string why = processed.error().message; // "File content type is invalid: ..."
        if (!why.empty())
            why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
        return std::unexpected(MediaError{422, "Validation failed: " + what + " " + why});
    }

    std::string token = crypto::random_token(18);
    std::string folder = "accounts/" + token.substr(0, 2) + "/";
    StoredProfileImage stored;
    stored.path = folder + token + "." + media::file_extension(processed->original.format);
    if (processed->animated)
        stored.static_path =
            folder + token + "_static." + media::file_extension(processed->preview.format);
    fs::path root(config.storage.media_dir);
    try {
        write_media_file(root / stored.path, processed->original.bytes);
        if (stored.static_path)
            write_media_file(root / *stored.static_path, processed->preview.bytes);
    } catch (...) {
        remove_profile_image_files(config, stored.path, stored.static_path);
        throw;
    }
    return stored;
}

void remove_profile_image_files(const Config& config, const std::optional<std::string>& path,
                                const std::optional<std::string>& static_path) {
    std::error_code ec;
    for (const auto* relative : {&path, &static_path})
        if (*relative && !(*relative)->empty())
            fs::remove(fs::path(config.storage.media_dir) / **relative, ec);
}

std::string profile_image_url(const Config& config, const AccountProfile& profile,
                              ProfileImageKind kind, bool still) {
    // Written with one allocation: an account entity carries four of these.
    const auto& path = path_of(profile, kind);
    // A remote account's image stays where its server keeps it until media are cached here.
    const auto& remote =
        kind == ProfileImageKind::avatar ? profile.avatar_remote_url : profile.header_remote_url;
    if (!path && remote) return *remote;
    std::string out;
    out.reserve(config.base_url().size() + 96);
    out += config.base_url();
    if (!path) {
        out += '/';
        out += url_folder(kind);
        out += "/original/missing.png";
        return out;
    }
    // A still image is its own static version; an animation has its first frame beside it.
    bool use_static = still && static_path_of(profile, kind);
    out += "/system/accounts/";
    out += url_folder(kind);
    out += '/';
    out += std::to_string(profile.account_id);
    out += use_static ? "/static/" : "/original/";
    out += file_name(use_static ? *static_path_of(profile, kind) : *path);
    return out;
}

std::optional<std::string> profile_image_type(const AccountProfile& profile,
                                              ProfileImageKind kind) {
    const auto& path = path_of(profile, kind);
    if (!path) return std::nullopt;
    auto format = media::format_of_extension(path->substr(path->rfind('.') + 1));
    if (!format) return std::nullopt;
    return std::string(media::mime_type(*format));
}

std::optional<ServableMedia>
find_servable_profile_image(store::Connection& conn, const Config& config, std::string_view folder,
                            std::int64_t account_id, std::string_view style,
                            std::string_view name) {
    std::optional<ProfileImageKind> kind;
    for (auto k : {ProfileImageKind::avatar, ProfileImageKind::header})
        if (folder == url_folder(k)) kind = k;
    if (!kind || (style != "original" && style != "static")) return std::nullopt;
    auto profile = store::find_profile(conn, account_id);
    const auto& path = style == "static" ? static_path_of(profile, *kind) : path_of(profile, *kind);
    if (!path || !crypto::constant_time_equals(file_name(*path), name)) return std::nullopt;
    auto format = media::format_of_extension(path->substr(path->rfind('.') + 1));
    if (!format) return std::nullopt;
    ServableMedia out;
    out.path = fs::path(config.storage.media_dir) / *path;
    out.content_type = media::mime_type(*format);
    out.shared_cache_ok = true;
    return out;
}

} // namespace agora

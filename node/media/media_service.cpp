// Media attachments: uploads, alt text and focus, deletion, and who may load a stored file.
#include "media/media_service.hpp"

#include "config/config.hpp"
#include "crypto/tokens.hpp"
#include "media/image_processing.hpp"
#include "statuses/status_service.hpp"
#include "statuses/text_format.hpp"
#include "store/database.hpp"
#include "store/media_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

#include <charconv>
#include <cmath>
#include <fstream>

namespace agora {

namespace {
namespace fs = std::filesystem;
using Error = std::unexpected<MediaError>;

MediaError not_found() {
    return {404, "Record not found"};
}

std::string size_in_words(std::size_t bytes) {
    if (bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + " MiB";
    if (bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
    return std::to_string(bytes) + " bytes";
}

} // namespace

void write_media_file(const fs::path& path, std::string_view bytes) {
    fs::create_directories(path.parent_path());
    fs::path partial = path;
    partial += ".part";
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) {
            std::error_code ec;
            fs::remove(partial, ec);
            throw std::runtime_error("cannot write " + partial.string());
        }
    }
    fs::rename(partial, path);
}

namespace {

void remove_files(const Config& config, const MediaAttachment& media) {
    std::error_code ec;
    for (const auto& relative : {media.file_path, media.preview_path})
        if (!relative.empty()) fs::remove(fs::path(config.storage.media_dir) / relative, ec);
}

std::string_view file_name(std::string_view relative_path) {
    auto slash = relative_path.rfind('/');
    return slash == std::string_view::npos ? relative_path : relative_path.substr(slash + 1);
}

std::size_t utf8_characters(std::string_view text) {
    std::size_t count = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

std::optional<std::string> normalized_description(const std::optional<std::string>& text) {
    if (!text || text->find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
    return text;
}

std::expected<std::pair<double, double>, MediaError> checked_focus(std::string_view text) {
    auto focus = parse_focus(text);
    if (!focus)
        return Error({422, "Validation failed: Focus must be two numbers from -1.0 to 1.0, "
                           "separated by a comma (\"x,y\")"});
    return *focus;
}
} // namespace

std::optional<std::string> description_error(std::string_view description) {
    if (!valid_utf8(description)) return "Validation failed: Description is not valid UTF-8";
    if (utf8_characters(description) > media_description_limit)
        return "Validation failed: Description is too long (maximum is " +
               std::to_string(media_description_limit) + " characters)";
    return std::nullopt;
}

std::optional<std::pair<double, double>> parse_focus(std::string_view text) {
    auto comma = text.find(',');
    if (comma == std::string_view::npos) return std::nullopt;
    auto number = [](std::string_view part) -> std::optional<double> {
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ')
            part.remove_suffix(1);
        if (!part.empty() && part.front() == '+') part.remove_prefix(1);
        double value = 0;
        auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || ec != std::errc() || end != part.data() + part.size() ||
            !std::isfinite(value) || value < -1.0 || value > 1.0)
            return std::nullopt;
        return value;
    };
    auto x = number(text.substr(0, comma));
    auto y = number(text.substr(comma + 1));
    if (!x || !y) return std::nullopt;
    return std::pair{*x, *y};
}

std::string media_url(const Config& config, const MediaAttachment& media, bool preview) {
    const std::string& path = preview ? media.preview_path : media.file_path;
    return config.base_url() + "/system/media_attachments/files/" + std::to_string(media.id) +
           (preview ? "/small/" : "/original/") + std::string(file_name(path));
}

std::expected<MediaAttachment, MediaError> upload_media(store::Database& db, const Config& config,
                                                        const Account& owner,
                                                        const MediaUpload& upload) {
    if (upload.file.empty()) return Error({422, "Validation failed: File can't be blank"});
    if (upload.file.size() > config.media.max_image_bytes)
        return Error({422, "Validation failed: File is too large (at most " +
                               size_in_words(config.media.max_image_bytes) + ")"});
    auto description = normalized_description(upload.description);
    if (description)
        if (auto error = description_error(*description)) return Error({422, *error});
    std::pair<double, double> focus{0, 0};
    if (upload.focus && !upload.focus->empty()) {
        auto parsed = checked_focus(*upload.focus);
        if (!parsed) return std::unexpected(parsed.error());
        focus = *parsed;
    }

    auto processed = media::process_image(upload.file);
    if (!processed && processed.error().kind == media::ImageError::Kind::unavailable)
        return Error({500, processed.error().message}); // as Mastodon answers a processing error
    if (!processed) return Error({422, "Validation failed: " + processed.error().message});

    MediaAttachment media;
    media.id = next_id();
    media.account_id = owner.id;
    media.type = "image"; // animated GIFs too: no video transcoding here (Mastodon: gifv)
    media.content_type = media::mime_type(processed->original.format);
    // Unguessable names, spread over folders by their first characters.
    std::string token = crypto::random_token(18);
    std::string folder = token.substr(0, 2) + "/";
    media.file_path = folder + token + "." + media::file_extension(processed->original.format);
    media.preview_path =
        folder + token + "_small." + media::file_extension(processed->preview.format);
    media.file_size = static_cast<std::int64_t>(processed->original.bytes.size());
    media.width = processed->original.width;
    media.height = processed->original.height;
    media.preview_width = processed->preview.width;
    media.preview_height = processed->preview.height;
    media.description = description;
    media.focus_x = focus.first;
    media.focus_y = focus.second;
    media.blurhash = processed->blurhash;
    media.created_at = now_unix_ms();

    fs::path root(config.storage.media_dir);
    try {
        write_media_file(root / media.file_path, processed->original.bytes);
        write_media_file(root / media.preview_path, processed->preview.bytes);
        auto conn = db.acquire();
        store::insert_media(*conn, media);
    } catch (...) {
        remove_files(config, media);
        throw;
    }
    remove_stale_media(db, config);
    return media;
}

std::expected<MediaAttachment, MediaError>
find_own_unattached_media(store::Connection& conn, const Account& owner, std::int64_t id) {
    auto media = store::find_media(conn, id);
    if (!media || media->account_id != owner.id || media->status_id) return Error(not_found());
    return *media;
}

std::expected<MediaAttachment, MediaError>
update_media(store::Database& db, const Account& owner, std::int64_t id,
             const std::optional<std::string>& description,
             const std::optional<std::string>& focus) {
    auto conn = db.acquire();
    auto media = find_own_unattached_media(*conn, owner, id);
    if (!media) return media;
    if (description)
        if (auto error = description_error(*description)) return Error({422, *error});
    std::optional<std::pair<double, double>> point;
    if (focus && !focus->empty()) {
        auto parsed = checked_focus(*focus);
        if (!parsed) return std::unexpected(parsed.error());
        point = *parsed;
    }
    store::Transaction tx(*conn);
    if (description)
        store::update_media_description(*conn, id, normalized_description(description));
    if (point) store::update_media_focus(*conn, id, point->first, point->second);
    tx.commit();
    return find_own_unattached_media(*conn, owner, id);
}

std::expected<void, MediaError> delete_media(store::Database& db, const Config& config,
                                             const Account& owner, std::int64_t id) {
    MediaAttachment media;
    {
        auto conn = db.acquire();
        auto found = store::find_media(*conn, id);
        if (!found || found->account_id != owner.id) return Error(not_found());
        if (found->status_id) return Error({422, "Media attachment is currently used by a status"});
        media = *found;
        store::delete_media_row(*conn, id);
    }
    remove_files(config, media);
    return {};
}

void remove_stale_media(store::Database& db, const Config& config, int limit) {
    std::vector<MediaAttachment> stale;
    {
        auto conn = db.acquire();
        stale = store::list_unattached_media_before(
            *conn, now_unix_ms() - unattached_media_lifetime_ms, limit);
        for (const auto& media : stale)
            store::delete_media_row(*conn, media.id);
    }
    for (const auto& media : stale)
        remove_files(config, media);
    if (!stale.empty())
        log::info("removed " + std::to_string(stale.size()) + " unattached media older than a day");
}

std::optional<ServableMedia> find_servable_media(store::Connection& conn, const Config& config,
                                                 std::int64_t id, std::string_view style,
                                                 std::string_view name, bool has_token,
                                                 std::optional<std::int64_t> viewer) {
    auto media = store::find_media(conn, id);
    if (!media || media->remote_url) return std::nullopt;
    bool preview = style == "small";
    if (!preview && style != "original") return std::nullopt;
    const std::string& relative = preview ? media->preview_path : media->file_path;
    if (relative.empty() || !crypto::constant_time_equals(file_name(relative), name))
        return std::nullopt;

    ServableMedia out;
    if (media->status_id) {
        auto status = store::find_status(conn, *media->status_id);
        if (!status) return std::nullopt;
        out.shared_cache_ok =
            status->visibility == Visibility::public_ || status->visibility == Visibility::unlisted;
        if (has_token && !out.shared_cache_ok && !can_see(conn, *status, viewer))
            return std::nullopt;
    } else if (has_token && viewer != media->account_id) {
        return std::nullopt;
    }
    auto extension = relative.substr(relative.rfind('.') + 1);
    auto format = media::format_of_extension(extension);
    if (!format) return std::nullopt;
    out.content_type = media::mime_type(*format);
    out.path = fs::path(config.storage.media_dir) / relative;
    return out;
}

} // namespace agora

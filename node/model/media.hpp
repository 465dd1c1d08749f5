// Plain media attachment records: an uploaded image, its preview and what describes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace agora {

struct MediaAttachment {
    std::int64_t id = 0;
    std::int64_t account_id = 0;
    std::optional<std::int64_t> status_id; // nullopt until attached to a status
    std::string type = "image";            // image, gifv, video, audio, unknown
    std::string content_type;              // of the kept original, e.g. "image/jpeg"
    std::string file_path;                 // relative to storage.media_dir
    std::string preview_path;              // relative to storage.media_dir
    std::int64_t file_size = 0;
    int width = 0;
    int height = 0;
    int preview_width = 0;
    int preview_height = 0;
    std::optional<std::string> description; // alt text
    double focus_x = 0;                     // -1 (left) .. 1 (right)
    double focus_y = 0;                     // -1 (bottom) .. 1 (top)
    std::optional<std::string> blurhash;
    std::optional<std::string> remote_url;
    std::int64_t created_at = 0;
};

} // namespace agora

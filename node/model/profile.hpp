// A member's profile beyond the accounts row (the note as written, metadata fields, avatar and
// header images, collection and search flags) and the defaults their new statuses get.
#pragma once

#include "model/status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora {

// A profile metadata pair ("Website" → "https://..."): the value as written and as HTML.
struct ProfileField {
    std::string name;
    std::string value;
    std::string value_html;
};

struct AccountProfile {
    std::int64_t account_id = 0;
    std::string note_source; // the note as the member wrote it (accounts.note is its HTML)
    std::vector<ProfileField> fields;
    // Files relative to storage.media_dir; a static path only for an animated image.
    std::optional<std::string> avatar_path, avatar_static_path;
    std::optional<std::string> header_path, header_static_path;
    // A remote account's images stay where its server keeps them (nothing is downloaded yet).
    std::optional<std::string> avatar_remote_url, header_remote_url;
    bool hide_collections = false;
    bool indexable = false;
};

// What a new status gets when the client does not say (Mastodon's source[privacy], ...).
struct PostingDefaults {
    Visibility visibility = Visibility::public_;
    bool sensitive = false;
    std::optional<std::string> language;
};

} // namespace agora

// Plain hashtag records: a tag, one day of its use, and a tag an account follows.
#pragma once

#include <cstdint>
#include <string>

namespace agora {

struct Tag {
    std::int64_t id = 0;      // 0: a valid name nobody has used or followed yet
    std::string name;         // normalised (see normalize_hashtag): the key
    std::string display_name; // as first written
};

// One UTC day of a tag's public use: how many statuses carried it, by how many accounts.
struct TagUse {
    std::int64_t day_start_ms = 0;
    std::int64_t uses = 0;
    std::int64_t accounts = 0;
};

} // namespace agora

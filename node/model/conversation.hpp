// A direct conversation as one participant sees it: the others in it, its last status, whether
// it holds something they have not read.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace agora {

struct Conversation {
    std::int64_t id = 0;
    std::int64_t account_id = 0;               // whose view of the conversation this is
    std::vector<std::int64_t> participant_ids; // the others, sorted; empty: a note to oneself
    std::optional<std::int64_t> last_status_id;
    bool unread = false;
    std::int64_t updated_at = 0;
};

} // namespace agora

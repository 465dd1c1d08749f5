// Plain poll records: a status's poll with its options and running counts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora {

struct Poll {
    std::int64_t id = 0;
    std::int64_t status_id = 0;
    std::vector<std::string> options; // titles, in order; a vote names an option by its index
    bool multiple = false;
    bool hide_totals = false;
    std::optional<std::int64_t> expires_at;
    std::int64_t votes_count = 0;            // every choice counts
    std::int64_t voters_count = 0;           // every account counts once
    std::optional<std::int64_t> notified_at; // when its end was announced
    // A remote poll's votes per option as its server counts them (local votes added as cast).
    std::optional<std::vector<std::int64_t>> remote_counts;
    std::int64_t created_at = 0;

    bool expired(std::int64_t now_ms) const { return expires_at && *expires_at <= now_ms; }
};

} // namespace agora

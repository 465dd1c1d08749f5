// 64-bit time-sortable identifiers: milliseconds since the epoch in the high bits, a sequence
// below.
#pragma once

#include <cstdint>

namespace agora {

// Returns a new id, strictly greater than every id this process returned before.
// Layout (as Mastodon's): (unix milliseconds << 16) | 16 bits of sequence, started at random.
std::int64_t next_id();

// The id that sorts before every id made at or after `unix_ms` (for "since" queries).
constexpr std::int64_t id_floor_for_time(std::int64_t unix_ms) {
    return unix_ms << 16;
}
constexpr std::int64_t id_time_ms(std::int64_t id) {
    return id >> 16;
}

} // namespace agora

// Counts for the instance's weekly activity (/api/v1/instance/activity): what local members did
// between two instants, read from the rows themselves (no separate counters are kept).
#pragma once

#include <cstdint>

namespace agora::store {

class Connection;

struct ActivityCounts {
    std::int64_t statuses = 0;      // local public and unlisted statuses, boosts included
    std::int64_t logins = 0;        // distinct local accounts that were issued a token
    std::int64_t registrations = 0; // local accounts created (pending ones included)
};

// Between `from_ms` (included) and `to_ms` (excluded), unix milliseconds.
ActivityCounts count_activity(Connection& conn, std::int64_t from_ms, std::int64_t to_ms);

} // namespace agora::store

// Status rows: reads and writes, one place for their SQL.
#pragma once

#include "model/status.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace agora::store {

class Connection;

void insert_status(Connection& conn, const Status& status);

// Public and unlisted statuses of an account, newest first, with ids in (min_id, max_id).
std::vector<Status> list_public_statuses(Connection& conn, std::int64_t account_id,
                                         std::optional<std::int64_t> max_id,
                                         std::optional<std::int64_t> min_id, int limit);
std::int64_t count_public_statuses(Connection& conn, std::int64_t account_id);

} // namespace agora::store

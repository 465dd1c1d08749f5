// Lists as feeds use them: a member's list by id, whether an author is in one of a member's
// exclusive lists, and which lists a new status reaches (for their streams).
#pragma once

#include "model/status.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace agora::store {

class Connection;

// List `list_id` of `owner` (id and title); nullopt when there is none of theirs.
std::optional<FeedList> find_owned_list(Connection& conn, std::int64_t owner, std::int64_t list_id);

// Whether `owner` keeps `author` in one of their exclusive lists.
bool in_exclusive_list(Connection& conn, std::int64_t owner, std::int64_t author);

// The lists status `status_id` reaches now: those its author is in whose owner's home feed holds
// it (so what fan-out left out of the feed stays out of the list) and whose replies policy shows
// it.
std::vector<std::int64_t> lists_reached_by(Connection& conn, std::int64_t status_id);

} // namespace agora::store

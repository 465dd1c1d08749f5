// What a member's `hide` filters take out of the lists they read: a status rendered with its
// `filtered` results is hidden in a context when one of them is a hide filter for that context.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace agora::api {

// Whether `status` (a rendered Status) is hidden from `viewer` in `context` (home,
// notifications, public, thread, account). One's own statuses are never hidden.
bool hidden_by_filters(const nlohmann::json& status, std::string_view context,
                       std::optional<std::int64_t> viewer);

} // namespace agora::api

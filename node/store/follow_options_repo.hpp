// The options of follows and follow requests (boosts shown, new posts notified, languages): read,
// written, and carried from a request to the follow that authorises it.
#pragma once

#include "model/follow_options.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace agora::store {

class Connection;

// Which row holds the options: a follow, or a request waiting for the followed account.
enum class FollowRow { follow, request };

// The options of `follower`'s follow of (or request to follow) `target`; nullopt without one.
std::optional<FollowOptions> find_follow_options(Connection& conn, FollowRow row,
                                                 std::int64_t follower, std::int64_t target);
// Saves the options of an existing follow or request (nothing happens without one).
void save_follow_options(Connection& conn, FollowRow row, std::int64_t follower,
                         std::int64_t target, const FollowOptions& options);

// Languages as the `languages` column keeps them: NULL when never set, else the codes joined by
// commas ('' for an empty list). Codes never hold a comma (they are checked before).
std::optional<std::string> languages_column(const std::optional<std::vector<std::string>>& codes);
std::optional<std::vector<std::string>> languages_of_column(const std::optional<std::string>& text);

} // namespace agora::store

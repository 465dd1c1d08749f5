// What moderators did to an account (silenced, suspended, media marked sensitive, login
// disabled): the account_moderation rows, read by every path that enforces them.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace agora::store {

class Connection;

struct AccountModeration {
    std::int64_t account_id = 0;
    std::optional<std::int64_t> silenced_at, suspended_at, sensitized_at, disabled_at;

    bool silenced() const { return silenced_at.has_value(); }
    bool suspended() const { return suspended_at.has_value(); }
    bool sensitized() const { return sensitized_at.has_value(); }
    bool disabled() const { return disabled_at.has_value(); }
};

// The account's state; all unset when no moderator ever acted on it.
AccountModeration find_account_moderation(Connection& conn, std::int64_t account_id);
bool is_account_suspended(Connection& conn, std::int64_t account_id);
// The states of several accounts at once (those without a row are left out).
std::unordered_map<std::int64_t, AccountModeration>
find_account_moderations(Connection& conn, const std::vector<std::int64_t>& account_ids);

// Which of the four a change sets or clears.
enum class ModerationFlag { silenced, suspended, sensitized, disabled };
// Sets (at `now`) or clears a flag; false when it was already so.
bool set_moderation_flag(Connection& conn, std::int64_t account_id, ModerationFlag flag, bool on,
                         std::int64_t now);

// SQL conditions on a status row aliased `s` (no binding): its author is not suspended.
extern const char* const author_not_suspended;

} // namespace agora::store

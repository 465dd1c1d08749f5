// A member's filters (Mastodon's v2 filters): a title, the contexts where it applies, what to do
// with a matching status, and the keywords and statuses it matches.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora {

// Where a filter applies: home (and lists), notifications, public (and hashtag) timelines,
// threads, account pages.
inline constexpr std::array<std::string_view, 5> filter_contexts{"home", "notifications", "public",
                                                                 "thread", "account"};
// warn: shown behind a warning; hide: not shown; blur: media hidden behind a warning (4.4).
inline constexpr std::array<std::string_view, 3> filter_actions{"warn", "hide", "blur"};

struct Filter {
    std::int64_t id = 0;
    std::int64_t account_id = 0;
    std::string title;
    std::vector<std::string> context;
    std::string action = "warn";
    std::optional<std::int64_t> expires_at; // unix ms; none: never expires
    std::int64_t created_at = 0;

    bool expired(std::int64_t now_ms) const { return expires_at && *expires_at <= now_ms; }
    bool applies_in(std::string_view where) const {
        for (const auto& c : context)
            if (c == where) return true;
        return false;
    }
};

struct FilterKeyword {
    std::int64_t id = 0;
    std::int64_t filter_id = 0;
    std::string keyword;
    bool whole_word = true;
};

struct FilterStatus {
    std::int64_t id = 0;
    std::int64_t filter_id = 0;
    std::int64_t status_id = 0;
};

} // namespace agora

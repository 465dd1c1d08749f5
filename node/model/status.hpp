// Plain status records: local and remote statuses are the same kind of row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace agora {

enum class Visibility { public_, unlisted, private_, direct };

const char* to_string(Visibility visibility);
std::optional<Visibility> parse_visibility(std::string_view text);

struct Status {
    std::int64_t id = 0;
    std::int64_t account_id = 0;
    std::optional<std::string> uri; // remote object id; local ids derive from the author's URL
    bool local = true;
    Visibility visibility = Visibility::public_;
    std::string content; // HTML
    std::int64_t created_at = 0;
};

} // namespace agora

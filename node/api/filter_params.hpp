// Reading a filter from a request, for the v2 and v1 filter endpoints: title (or v1 phrase),
// context, action, expiry, with Mastodon's validation messages, collected into one 422.
#pragma once

#include "api/api.hpp"
#include "model/filter.hpp"

#include <string>
#include <vector>

namespace agora::api {

inline constexpr std::size_t max_filter_title_characters = 256;
inline constexpr std::size_t max_filter_keyword_characters = 256;

// Problems found in a request, answered together as one 422 ("Validation failed: A, B").
using Problems = std::vector<std::string>;
http::Response problems_response(const Problems& problems);
http::Response not_found();

std::string trim(std::string_view text);
// A title or keyword: valid UTF-8, not blank, at most `max` characters; else a problem for
// `what`.
void check_filter_text(Problems& problems, const std::string& what, const std::string& value,
                       std::size_t max);
// Rails' cast of a boolean field; blank is "not given".
std::optional<bool> rails_bool(const std::string& value);

// `title`, `context[]`, `filter_action` and `expires_in` (seconds; blank or null: never) from the
// request, over `filter`. When not `creating`, what is left out is kept.
void read_filter_fields(const Params& params, Filter& filter, bool creating, Problems& problems);
// `expires_in` alone (v1 shares it).
void read_filter_expiry(const Params& params, Filter& filter, Problems& problems);
// `context[]` alone: trimmed, blanks dropped, each one of filter_contexts.
void read_filter_context(const Params& params, Filter& filter, bool creating, Problems& problems);

} // namespace agora::api

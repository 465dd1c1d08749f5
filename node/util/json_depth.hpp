// A cheap pre-check of JSON nesting depth, so hostile documents never reach a recursive parser.
#pragma once

#include <string_view>

namespace agora {

// True when no array or object in `text` nests deeper than `max_depth` (strings are skipped).
// The text need not be valid JSON: the parser still judges that.
bool json_depth_within(std::string_view text, int max_depth);

} // namespace agora

// HTTP dates (RFC 9110 section 5.6.7): the `Date` header that draft-cavage signatures cover.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace agora::federation {

// "Sun, 06 Nov 1994 08:49:37 GMT" (IMF-fixdate) for unix seconds.
std::string format_http_date(std::int64_t unix_seconds);
// Unix seconds of an IMF-fixdate, or of the obsolete RFC 850 and asctime forms a recipient must
// still accept; nullopt for anything else (or an impossible date).
std::optional<std::int64_t> parse_http_date(std::string_view text);

} // namespace agora::federation

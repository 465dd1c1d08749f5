// Standard base64 (RFC 4648 section 4), as HTTP signatures and body digests write it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace agora::federation {

// Padded standard base64 of `bytes`.
std::string base64_encode(std::string_view bytes);
// The bytes of standard base64 `text`, padded or not; nullopt on any other character (no
// whitespace, no URL-safe alphabet) or on a malformed length.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace agora::federation

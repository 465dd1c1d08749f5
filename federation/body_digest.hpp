// Body digests that signatures cover: `Digest: SHA-256=...` (RFC 3230, with draft-cavage) and
// `Content-Digest: sha-256=:...:` (RFC 9530, with RFC 9421).
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace agora::federation {

// "SHA-256=<base64>"
std::string digest_header(std::string_view body);
// "sha-256=:<base64>:"
std::string content_digest_header(std::string_view body);

enum class DigestProblem {
    malformed,   // not a list of algorithm=value pairs (or a value is not base64)
    unsupported, // no SHA-256 (or, in Content-Digest, SHA-512) value to check
    mismatch,    // a value we can check disagrees with the body
};

// Checks a `Digest` header against the body: every SHA-256 and SHA-512 value it carries must
// match (names are case-insensitive), other algorithms are ignored, and at least one must be
// checked.
std::expected<void, DigestProblem> check_digest_header(std::string_view header,
                                                       std::string_view body);
// The same for a `Content-Digest` field (a structured Dictionary of byte sequences).
std::expected<void, DigestProblem> check_content_digest(std::string_view header,
                                                        std::string_view body);

} // namespace agora::federation

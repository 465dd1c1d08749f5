// A small, strict multipart/form-data parser (RFC 7578) for uploads: bounded parts, bounded part
// headers, CRLF framing only; anything malformed is an error, never a guess.
#pragma once

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora::media {

struct MultipartPart {
    std::string name;                    // Content-Disposition's name
    std::optional<std::string> filename; // present for file parts
    std::string content_type;            // as the client claimed it (never trusted); may be empty
    std::string_view body;               // points into the parsed body
};

struct MultipartLimits {
    std::size_t max_parts = 16;
    std::size_t max_part_header_bytes = 4096; // all header lines of one part together
    std::size_t max_header_lines = 8;         // per part
};

// True when a Content-Type names multipart/form-data (any case, any parameters).
bool is_multipart_form(std::string_view content_type);

// The boundary parameter of a multipart Content-Type (quoted or not); nullopt when it is missing
// or not a valid RFC 2046 boundary (1 to 70 characters of the allowed set, no trailing space).
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Splits `body` into its parts. The parts' bodies point into `body`, which must outlive them.
// The error says what is wrong, in words a client developer can act on.
std::expected<std::vector<MultipartPart>, std::string>
parse_multipart(std::string_view body, std::string_view boundary,
                const MultipartLimits& limits = {});

// The first part named `name`, or nullptr.
const MultipartPart* find_part(const std::vector<MultipartPart>& parts, std::string_view name);

} // namespace agora::media

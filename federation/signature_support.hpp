// What the draft-cavage and RFC 9421 code share: reading headers, the host and clock checks,
// splitting a URL to sign, and building errors. Internal to the signature files.
#pragma once

#include "federation/http_signature.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace agora::federation::signature_support {

// How many times the header `name` occurs (case-insensitive).
int header_count(std::span<const http::Header> headers, std::string_view name);
// All values of `name`, each trimmed of spaces and tabs, joined by ", " (the rule of both
// schemes); nullopt when absent.
std::optional<std::string> combined_header(std::span<const http::Header> headers,
                                           std::string_view name);
// Whether a value may go into a signed string: no CR, LF or NUL (which would let one header
// pose as another line).
bool safe_line(std::string_view value);

// The authority as RFC 9110 normalises it: host lowercased, the scheme's default port dropped.
std::string normalized_authority(std::string_view scheme, std::string_view authority);

std::int64_t now_seconds(const VerifyOptions& options);
std::unexpected<SignatureError> fail(SignatureFailure failure, std::string message,
                                     std::string key_id = {});
// The Host check: exactly one Host header, naming `expected_authority` when that is set.
std::expected<void, SignatureError>
check_host(const ReceivedRequest& request, const VerifyOptions& options, const std::string& key_id);
// The clock window: `created` within [now - max_age, now + skew], and `expires` not passed by
// more than the skew.
std::expected<void, SignatureError> check_times(std::optional<std::int64_t> created,
                                                std::optional<std::int64_t> expires,
                                                const VerifyOptions& options,
                                                const std::string& key_id);
// Whether the request carries content whose digest must be signed: a POST, or any body.
bool has_content(const ReceivedRequest& request);

// An absolute URL split for signing.
struct UrlParts {
    std::string scheme;    // lowercased
    std::string authority; // normalised
    std::string target;    // path and query, "/" when the path is empty
};
std::optional<UrlParts> split_url(std::string_view url);

// Sets Host (from the URL when absent; refuses one that disagrees) and Date (when absent), and
// removes earlier signature fields: the common first step of both signers.
std::expected<UrlParts, std::string> prepare_outgoing(OutgoingRequest& request, std::int64_t now);
const std::string* find_header(const std::vector<http::Header>& headers, std::string_view name);

} // namespace agora::federation::signature_support

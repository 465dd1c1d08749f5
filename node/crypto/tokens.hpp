// Random bearer secrets (tokens, codes, client ids) and the one-way hashes they are stored as.
#pragma once

#include <string>
#include <string_view>

namespace agora::crypto {

// `bytes` random bytes as URL-safe base64 without padding (32 bytes -> 43 characters).
std::string random_token(std::size_t bytes = 32);
// Lowercase hex SHA-256: what the database keeps of a secret, never the secret itself.
std::string sha256_hex(std::string_view data);
// URL-safe base64 of the raw SHA-256, as PKCE's S256 code challenge is written.
std::string sha256_base64url(std::string_view data);
// Compares without leaking where two equal-length strings first differ.
bool constant_time_equals(std::string_view a, std::string_view b);

} // namespace agora::crypto

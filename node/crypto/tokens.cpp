// Random bearer secrets (tokens, codes, client ids) and the one-way hashes they are stored as.
#include "crypto/tokens.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace agora::crypto {

namespace {
std::string base64url(const unsigned char* data, std::size_t size) {
    std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                    '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(out.find('\0'));
    return out;
}

void sha256(std::string_view data, unsigned char (&digest)[32]) {
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
}
} // namespace

std::string random_token(std::size_t bytes) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    return base64url(raw.data(), raw.size());
}

std::string sha256_hex(std::string_view data) {
    unsigned char digest[32];
    sha256(data, digest);
    static const char* hex = "0123456789abcdef";
    std::string out;
    out.reserve(64);
    for (unsigned char c : digest) {
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 15]);
    }
    return out;
}

std::string sha256_base64url(std::string_view data) {
    unsigned char digest[32];
    sha256(data, digest);
    return base64url(digest, sizeof digest);
}

bool constant_time_equals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace agora::crypto

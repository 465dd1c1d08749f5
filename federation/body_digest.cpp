// Body digests that signatures cover: `Digest: SHA-256=...` (RFC 3230, with draft-cavage) and
// `Content-Digest: sha-256=:...:` (RFC 9530, with RFC 9421).
#include "federation/body_digest.hpp"
#include "util/blanks.hpp"

#include "federation/base64.hpp"
#include "federation/structured_fields.hpp"
#include "http/message.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <optional>
#include <stdexcept>

namespace agora::federation {

namespace {

std::string hash(const EVP_MD* algorithm, std::string_view body) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(body.data(), body.size(), digest, &length, algorithm, nullptr) != 1)
        throw std::runtime_error("digest failed");
    return std::string(reinterpret_cast<char*>(digest), length);
}

// The hash an algorithm name stands for, if it is one we check.
const EVP_MD* checked_algorithm(std::string_view name) {
    if (http::iequals(name, "sha-256")) return EVP_sha256();
    if (http::iequals(name, "sha-512")) return EVP_sha512();
    return nullptr;
}

bool same_bytes(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace

std::string digest_header(std::string_view body) {
    return "SHA-256=" + base64_encode(hash(EVP_sha256(), body));
}

std::string content_digest_header(std::string_view body) {
    return "sha-256=:" + base64_encode(hash(EVP_sha256(), body)) + ":";
}

std::expected<void, DigestProblem> check_digest_header(std::string_view header,
                                                       std::string_view body) {
    bool checked = false;
    while (true) {
        auto comma = header.find(',');
        auto pair = trim_blanks(header.substr(0, comma));
        auto equals = pair.find('=');
        if (equals == std::string_view::npos || equals == 0)
            return std::unexpected(DigestProblem::malformed);
        if (auto* algorithm = checked_algorithm(trim_blanks(pair.substr(0, equals)))) {
            auto expected = base64_decode(trim_blanks(pair.substr(equals + 1)));
            if (!expected) return std::unexpected(DigestProblem::malformed);
            if (!same_bytes(*expected, hash(algorithm, body)))
                return std::unexpected(DigestProblem::mismatch);
            checked = true;
        }
        if (comma == std::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    if (!checked) return std::unexpected(DigestProblem::unsupported);
    return {};
}

std::expected<void, DigestProblem> check_content_digest(std::string_view header,
                                                        std::string_view body) {
    auto dictionary = sf::parse_dictionary(header);
    if (!dictionary) return std::unexpected(DigestProblem::malformed);
    bool checked = false;
    for (const auto& [name, member] : *dictionary) {
        auto* algorithm = checked_algorithm(name);
        if (!algorithm) continue;
        auto* item = std::get_if<sf::Item>(&member);
        auto* bytes = item ? std::get_if<sf::ByteSequence>(&item->value) : nullptr;
        if (!bytes) return std::unexpected(DigestProblem::malformed);
        if (!same_bytes(bytes->bytes, hash(algorithm, body)))
            return std::unexpected(DigestProblem::mismatch);
        checked = true;
    }
    if (!checked) return std::unexpected(DigestProblem::unsupported);
    return {};
}

} // namespace agora::federation

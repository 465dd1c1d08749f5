// Password hashing (argon2id through libsodium) and generated one-time passwords.
#include "crypto/password.hpp"

#include <sodium.h>

#include <stdexcept>

namespace agora::crypto {

namespace {
void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium failed to initialise");
}
} // namespace

std::string hash_password(std::string_view password) {
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(
            out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("password hashing ran out of memory");
    return out;
}

bool verify_password(std::string_view password, const std::string& hash) {
    ensure_sodium();
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string generate_password(std::size_t length) {
    ensure_sodium();
    static constexpr std::string_view alphabet =
        "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string out;
    out.reserve(length);
    for (std::size_t i = 0; i < length; ++i)
        out.push_back(alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))]);
    return out;
}

} // namespace agora::crypto

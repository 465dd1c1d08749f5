// Keys that sign and verify HTTP signatures: RSA (PKCS#1 v1.5 and PSS) and Ed25519, through
// OpenSSL 3's EVP interface, parsed once and reused.
#include "federation/signature_keys.hpp"

#include "federation/base64.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <optional>
#include <stdexcept>

namespace agora::federation {

namespace {

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

Bio memory_bio(std::string_view text) {
    return Bio(BIO_new_mem_buf(text.data(), int(text.size())), BIO_free);
}

std::shared_ptr<EVP_PKEY> own(EVP_PKEY* key) {
    return {key, EVP_PKEY_free};
}

// The DER bytes of the first PEM block labelled `label`.
std::optional<std::string> pem_body(std::string_view pem, std::string_view label) {
    std::string begin = "-----BEGIN " + std::string(label) + "-----";
    std::string end = "-----END " + std::string(label) + "-----";
    auto start = pem.find(begin);
    if (start == std::string_view::npos) return std::nullopt;
    start += begin.size();
    auto stop = pem.find(end, start);
    if (stop == std::string_view::npos) return std::nullopt;
    std::string base64;
    for (char c : pem.substr(start, stop - start))
        if (c != '\n' && c != '\r' && c != ' ' && c != '\t') base64.push_back(c);
    return base64_decode(base64);
}

std::expected<KeyType, std::string> type_of(EVP_PKEY* key) {
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
        return KeyType::rsa;
    case EVP_PKEY_RSA_PSS:
        return KeyType::rsa_pss;
    case EVP_PKEY_ED25519:
        return KeyType::ed25519;
    default:
        return std::unexpected("unsupported key type (RSA or Ed25519 expected)");
    }
}

const EVP_MD* digest_of(SignatureAlgorithm algorithm) {
    switch (algorithm) {
    case SignatureAlgorithm::rsa_v1_5_sha256:
        return EVP_sha256();
    case SignatureAlgorithm::rsa_v1_5_sha512:
    case SignatureAlgorithm::rsa_pss_sha512:
        return EVP_sha512();
    case SignatureAlgorithm::ed25519:
        return nullptr; // pure Ed25519 hashes internally
    }
    return nullptr;
}

// Sets the RSA padding on a context begun with EVP_DigestSignInit/EVP_DigestVerifyInit.
bool set_padding(EVP_PKEY_CTX* context, SignatureAlgorithm algorithm) {
    if (algorithm == SignatureAlgorithm::rsa_pss_sha512)
        return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING) > 0 &&
               EVP_PKEY_CTX_set_rsa_mgf1_md(context, EVP_sha512()) > 0 &&
               EVP_PKEY_CTX_set_rsa_pss_saltlen(context, 64) > 0;
    if (algorithm == SignatureAlgorithm::ed25519) return true;
    return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) > 0;
}

} // namespace

bool key_fits(KeyType type, SignatureAlgorithm algorithm) {
    switch (algorithm) {
    case SignatureAlgorithm::rsa_v1_5_sha256:
    case SignatureAlgorithm::rsa_v1_5_sha512:
        return type == KeyType::rsa;
    case SignatureAlgorithm::rsa_pss_sha512:
        return type == KeyType::rsa || type == KeyType::rsa_pss;
    case SignatureAlgorithm::ed25519:
        return type == KeyType::ed25519;
    }
    return false;
}

std::expected<PublicKey, std::string> PublicKey::from_pem(std::string_view pem) {
    if (pem.size() > 64 * 1024) return std::unexpected("no usable PEM key");
    // The DER is decoded directly: OpenSSL 3's PEM readers go through its generic decoders,
    // three times slower (and ten times slower than verifying a signature).
    // Each reader must consume the whole DER structure: trailing bytes are refused.
    auto whole = [](const std::string& der, auto read) -> EVP_PKEY* {
        auto data = reinterpret_cast<const unsigned char*>(der.data());
        EVP_PKEY* key = read(&data, long(der.size()));
        if (key && data != reinterpret_cast<const unsigned char*>(der.data() + der.size())) {
            EVP_PKEY_free(key);
            return nullptr;
        }
        return key;
    };
    EVP_PKEY* key = nullptr;
    if (auto der = pem_body(pem, "PUBLIC KEY")) // SubjectPublicKeyInfo, what actors publish
        key = whole(*der, [](const unsigned char** data, long size) {
            return d2i_PUBKEY(nullptr, data, size);
        });
    else if (auto rsa = pem_body(pem, "RSA PUBLIC KEY")) // PKCS#1, which some still publish
        key = whole(*rsa, [](const unsigned char** data, long size) {
            return d2i_PublicKey(EVP_PKEY_RSA, nullptr, data, size);
        });
    if (!key) {
        ERR_clear_error();
        return std::unexpected("the public key is not a readable PEM key");
    }
    auto owned = own(key);
    auto type = type_of(key);
    if (!type) return std::unexpected(type.error());
    return PublicKey(std::move(owned), *type);
}

std::expected<PublicKey, std::string> PublicKey::from_ed25519_bytes(std::string_view bytes) {
    if (bytes.size() != 32) return std::unexpected("an Ed25519 public key has 32 bytes");
    EVP_PKEY* key = EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(bytes.data()), 32);
    if (!key) return std::unexpected("not an Ed25519 public key");
    return PublicKey(own(key), KeyType::ed25519);
}

bool PublicKey::verify(SignatureAlgorithm algorithm, std::string_view data,
                       std::string_view signature) const {
    if (!key_fits(type_, algorithm) || signature.empty()) return false;
    DigestContext context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_PKEY_CTX* key_context = nullptr;
    if (!context || EVP_DigestVerifyInit(context.get(), &key_context, digest_of(algorithm), nullptr,
                                         key_.get()) != 1)
        return false;
    bool verified =
        set_padding(key_context, algorithm) &&
        EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                         signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                         data.size()) == 1;
    if (!verified) ERR_clear_error(); // a forged signature leaves nothing behind for the next call
    return verified;
}

std::expected<PrivateKey, std::string> PrivateKey::from_pem(std::string_view pem) {
    if (pem.empty() || pem.size() > 64 * 1024) return std::unexpected("no usable PEM key");
    auto bio = memory_bio(pem);
    EVP_PKEY* key = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    if (!key) {
        ERR_clear_error();
        return std::unexpected("the private key is not a readable PEM key");
    }
    auto owned = own(key);
    auto type = type_of(key);
    if (!type) return std::unexpected(type.error());
    return PrivateKey(std::move(owned), *type);
}

SignatureAlgorithm PrivateKey::default_algorithm() const {
    switch (type_) {
    case KeyType::rsa:
        return SignatureAlgorithm::rsa_v1_5_sha256;
    case KeyType::rsa_pss:
        return SignatureAlgorithm::rsa_pss_sha512;
    case KeyType::ed25519:
        return SignatureAlgorithm::ed25519;
    }
    return SignatureAlgorithm::rsa_v1_5_sha256;
}

std::string PrivateKey::sign(SignatureAlgorithm algorithm, std::string_view data) const {
    if (!key_fits(type_, algorithm))
        throw std::runtime_error("signature algorithm does not fit the key");
    DigestContext context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_PKEY_CTX* key_context = nullptr;
    if (!context ||
        EVP_DigestSignInit(context.get(), &key_context, digest_of(algorithm), nullptr,
                           key_.get()) != 1 ||
        !set_padding(key_context, algorithm))
        throw std::runtime_error("cannot start signing");
    std::size_t size = 0;
    auto input = reinterpret_cast<const unsigned char*>(data.data());
    if (EVP_DigestSign(context.get(), nullptr, &size, input, data.size()) != 1)
        throw std::runtime_error("cannot size the signature");
    std::string signature(size, '\0');
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                       input, data.size()) != 1)
        throw std::runtime_error("signing failed");
    signature.resize(size);
    return signature;
}

crypto::KeyPair generate_ed25519_keypair() {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), EVP_PKEY_free);
    if (!key) throw std::runtime_error("Ed25519 key generation failed");
    Bio pub(BIO_new(BIO_s_mem()), BIO_free);
    Bio priv(BIO_new(BIO_s_mem()), BIO_free);
    if (!pub || !priv || PEM_write_bio_PUBKEY(pub.get(), key.get()) != 1 ||
        PEM_write_bio_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        throw std::runtime_error("writing the Ed25519 key as PEM failed");
    auto drain = [](BIO* bio) {
        char* data = nullptr;
        long size = BIO_get_mem_data(bio, &data);
        return std::string(data, std::size_t(size));
    };
    return {drain(pub.get()), drain(priv.get())};
}

} // namespace agora::federation

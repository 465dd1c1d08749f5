// Keys that sign and verify HTTP signatures: RSA (PKCS#1 v1.5 and PSS) and Ed25519, through
// OpenSSL 3's EVP interface, parsed once and reused.
#pragma once

#include "crypto/keys.hpp"

#include <expected>
#include <memory>
#include <string>
#include <string_view>

using EVP_PKEY = struct evp_pkey_st;

namespace agora::federation {

enum class KeyType { rsa, rsa_pss, ed25519 };

// A signature algorithm, named by what it computes (the schemes name it differently).
enum class SignatureAlgorithm {
    rsa_v1_5_sha256, // draft-cavage rsa-sha256, RFC 9421 rsa-v1_5-sha256
    rsa_v1_5_sha512, // what some hs2019 signers mean with an RSA key
    rsa_pss_sha512,  // RFC 9421 rsa-pss-sha512 (verification only is needed here)
    ed25519,         // RFC 9421 ed25519, draft-cavage hs2019 with an Ed25519 key
};

// Whether `algorithm` can be computed with a key of `type`.
bool key_fits(KeyType type, SignatureAlgorithm algorithm);

class PublicKey {
public:
    // SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY": RSA, RSA-PSS or Ed25519) or PKCS#1 PEM
    // ("BEGIN RSA PUBLIC KEY"). Other key types (EC, DSA...) are refused.
    static std::expected<PublicKey, std::string> from_pem(std::string_view pem);
    // A raw 32-byte Ed25519 public key (as FEP-521a's publicKeyMultibase carries it).
    static std::expected<PublicKey, std::string> from_ed25519_bytes(std::string_view bytes);

    KeyType type() const { return type_; }
    // False when the signature does not verify, or `algorithm` does not fit the key.
    bool verify(SignatureAlgorithm algorithm, std::string_view data,
                std::string_view signature) const;

private:
    PublicKey(std::shared_ptr<EVP_PKEY> key, KeyType type) : key_(std::move(key)), type_(type) {}
    std::shared_ptr<EVP_PKEY> key_;
    KeyType type_;
};

class PrivateKey {
public:
    // PKCS#8 PEM ("BEGIN PRIVATE KEY") or PKCS#1 PEM ("BEGIN RSA PRIVATE KEY").
    static std::expected<PrivateKey, std::string> from_pem(std::string_view pem);

    KeyType type() const { return type_; }
    // The algorithm the fediverse expects from this key: RSA PKCS#1 v1.5 SHA-256, or Ed25519.
    SignatureAlgorithm default_algorithm() const;
    // Throws std::runtime_error if OpenSSL fails or `algorithm` does not fit the key.
    std::string sign(SignatureAlgorithm algorithm, std::string_view data) const;

private:
    PrivateKey(std::shared_ptr<EVP_PKEY> key, KeyType type) : key_(std::move(key)), type_(type) {}
    std::shared_ptr<EVP_PKEY> key_;
    KeyType type_;
};

// A fresh Ed25519 key pair (PEM: SubjectPublicKeyInfo public, PKCS#8 private). RSA pairs come
// from crypto::generate_rsa_keypair.
crypto::KeyPair generate_ed25519_keypair();

} // namespace agora::federation

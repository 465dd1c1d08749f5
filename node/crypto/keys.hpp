// RSA key pairs for ActivityPub actors (PEM: SubjectPublicKeyInfo public, PKCS#8 private).
#pragma once

#include <string>

namespace agora::crypto {

struct KeyPair {
    std::string public_pem;
    std::string private_pem;
};

// A fresh RSA-2048 key pair. Throws std::runtime_error if OpenSSL fails.
KeyPair generate_rsa_keypair(int bits = 2048);

} // namespace agora::crypto

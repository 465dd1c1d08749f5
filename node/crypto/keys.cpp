// RSA key pairs for ActivityPub actors (PEM: SubjectPublicKeyInfo public, PKCS#8 private).
#include "crypto/keys.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>
#include <stdexcept>

namespace agora::crypto {

namespace {
std::string drain(BIO* bio) {
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    return std::string(data, std::size_t(size));
}
} // namespace

KeyPair generate_rsa_keypair(int bits) {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        EVP_RSA_gen(static_cast<unsigned>(bits)), EVP_PKEY_free);
    if (!key) throw std::runtime_error("RSA key generation failed");
    std::unique_ptr<BIO, decltype(&BIO_free)> pub(BIO_new(BIO_s_mem()), BIO_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> priv(BIO_new(BIO_s_mem()), BIO_free);
    if (!pub || !priv || PEM_write_bio_PUBKEY(pub.get(), key.get()) != 1 ||
        PEM_write_bio_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        throw std::runtime_error("writing the RSA key as PEM failed");
    return {drain(pub.get()), drain(priv.get())};
}

} // namespace agora::crypto

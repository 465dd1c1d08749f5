// HTTP signatures of server-to-server requests: choosing the scheme a request carries, and the
// cryptographic check shared by both.
#include "federation/http_signature.hpp"

#include "federation/cavage_signature.hpp"
#include "federation/rfc9421_signature.hpp"
#include "federation/signature_support.hpp"

namespace agora::federation {

ReceivedRequest received(const http::Request& request) {
    return {request.method, request.target, request.headers, request.body};
}

std::string_view failure_name(SignatureFailure failure) {
    switch (failure) {
    case SignatureFailure::unsigned_request:
        return "unsigned_request";
    case SignatureFailure::malformed:
        return "malformed";
    case SignatureFailure::unsupported_algorithm:
        return "unsupported_algorithm";
    case SignatureFailure::not_covered:
        return "not_covered";
    case SignatureFailure::missing_header:
        return "missing_header";
    case SignatureFailure::digest_mismatch:
        return "digest_mismatch";
    case SignatureFailure::expired:
        return "expired";
    case SignatureFailure::not_yet_valid:
        return "not_yet_valid";
    case SignatureFailure::host_mismatch:
        return "host_mismatch";
    case SignatureFailure::key_mismatch:
        return "key_mismatch";
    case SignatureFailure::bad_signature:
        return "bad_signature";
    }
    return "unknown";
}

bool key_refetch_may_help(const SignatureError& error) {
    return !error.key_id.empty() && (error.failure == SignatureFailure::bad_signature ||
                                     error.failure == SignatureFailure::key_mismatch);
}

std::expected<SignatureClaim, SignatureError> read_signature(const ReceivedRequest& request,
                                                             const VerifyOptions& options) {
    // A Signature-Input field means RFC 9421 (as Mastodon and Fedify decide it).
    if (signature_support::header_count(request.headers, "signature-input") > 0)
        return read_rfc9421_signature(request, options);
    return read_cavage_signature(request, options);
}

std::expected<void, SignatureError> check_signature(const SignatureClaim& claim,
                                                    const PublicKey& key) {
    std::vector<SignatureAlgorithm> algorithms;
    if (claim.named_algorithm) {
        if (!key_fits(key.type(), *claim.named_algorithm))
            return signature_support::fail(SignatureFailure::key_mismatch,
                                           "the key of " + claim.key_id +
                                               " cannot check the algorithm the signature names",
                                           claim.key_id);
        algorithms.push_back(*claim.named_algorithm);
    } else {
        // The key's type decides (draft-cavage hs2019; RFC 9421 without alg). Some hs2019
        // signers hash RSA with SHA-512: GoToSocial accepts both, so do we.
        switch (key.type()) {
        case KeyType::rsa:
            algorithms.push_back(SignatureAlgorithm::rsa_v1_5_sha256);
            if (claim.scheme == SignatureScheme::draft_cavage)
                algorithms.push_back(SignatureAlgorithm::rsa_v1_5_sha512);
            break;
        case KeyType::rsa_pss:
            algorithms.push_back(SignatureAlgorithm::rsa_pss_sha512);
            break;
        case KeyType::ed25519:
            algorithms.push_back(SignatureAlgorithm::ed25519);
            break;
        }
    }
    for (auto algorithm : algorithms)
        for (const auto& data : claim.signed_data)
            if (key.verify(algorithm, data, claim.signature)) return {};
    return signature_support::fail(SignatureFailure::bad_signature,
                                   "the signature does not verify with the key " + claim.key_id,
                                   claim.key_id);
}

std::expected<SignatureClaim, SignatureError> verify_signature(const ReceivedRequest& request,
                                                               const PublicKey& key,
                                                               const VerifyOptions& options) {
    auto claim = read_signature(request, options);
    if (!claim) return claim;
    if (auto checked = check_signature(*claim, key); !checked)
        return std::unexpected(checked.error());
    return claim;
}

} // namespace agora::federation

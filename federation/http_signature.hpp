// HTTP signatures of server-to-server requests: the types both schemes share (draft-cavage and
// RFC 9421), the signers, and the verification the inbox calls for whichever scheme it gets.
#pragma once

#include "federation/signature_keys.hpp"
#include "http/message.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace agora::federation {

enum class SignatureScheme { draft_cavage, rfc9421 };

// A request as it arrived: what verification reads.
struct ReceivedRequest {
    std::string_view method;
    std::string_view target; // the request target as sent: path and query
    std::span<const http::Header> headers;
    std::string_view body;
};
ReceivedRequest received(const http::Request& request);

// A request about to be sent: the signers add their headers to it.
struct OutgoingRequest {
    std::string method; // "GET", "POST"
    std::string url;    // absolute http(s) URL
    std::vector<http::Header> headers;
    std::string body;
};

// draft-cavage-http-signatures-12 as Mastodon sends it: adds Host, Date and, for a POST or a
// body, `Digest: SHA-256=` when absent, then a `Signature` with keyId, algorithm (rsa-sha256 for
// an RSA key, hs2019 for Ed25519), headers "(request-target) host date digest content-type" for
// a POST (content-type when present), "(request-target) host date" (+ accept when present) for
// a GET, and signature. Replaces any signature already there. `now` 0 is the system clock.
std::expected<void, std::string> sign_cavage(OutgoingRequest& request, const PrivateKey& key,
                                             std::string_view key_id, std::int64_t now = 0);
// RFC 9421 as Mastodon and Fedify accept it: adds Host, Date and, for a POST or a body,
// `Content-Digest: sha-256=` when absent, then `Signature-Input: sig1=("@method" "@target-uri"
// ["content-type"] "content-digest");created=...;keyid="...";alg="..."` and `Signature: sig1=:...:`
// (alg rsa-v1_5-sha256 or ed25519). Replaces any signature already there.
std::expected<void, std::string> sign_rfc9421(OutgoingRequest& request, const PrivateKey& key,
                                              std::string_view key_id, std::int64_t now = 0);

// Why a request's signature was refused.
enum class SignatureFailure {
    unsigned_request,      // no Signature (or Signature-Input) header at all
    malformed,             // a signature field, parameter or covered value that cannot be read
    unsupported_algorithm, // an algorithm (or digest algorithm) not implemented here
    not_covered,           // something the policy requires is not signed
    missing_header,        // a signed header is absent from the request
    digest_mismatch,       // the body does not match its signed digest
    expired,               // signed too long ago, or past its `expires`
    not_yet_valid,         // signed in the future, beyond the allowed clock skew
    host_mismatch,         // the Host header does not name this server
    key_mismatch,          // the key cannot compute the algorithm the signature names
    bad_signature,         // the signature does not verify with the key
};

struct SignatureError {
    SignatureFailure failure;
    std::string message; // says what is wrong, for logs and the 401 body
    std::string key_id;  // the key the signature names, when it could be read
};

// "bad_signature", "expired"...
std::string_view failure_name(SignatureFailure failure);
// Whether fetching the signer's key again may help (it may have been rotated).
bool key_refetch_may_help(const SignatureError& error);

struct VerifyOptions {
    std::int64_t now = 0;                   // unix seconds; 0 is the system clock
    std::int64_t max_age_seconds = 3600;    // how old a signature (created, or Date) may be
    std::int64_t clock_skew_seconds = 3600; // how far in the future; the grace after `expires`
    std::string scheme = "https";           // the scheme this server is reached by (@target-uri)
    // When set, the request's Host must name this authority ("agora.example", "host:8443").
    std::string expected_authority;
    // The coverage the fediverse expects: draft-cavage (request-target), host, date or (created),
    // and digest with a body; RFC 9421 created, @method, the target (@target-uri, or @authority
    // or host with @path and @query), and content-digest with a body. Off only in tests of
    // other people's examples.
    bool require_fediverse_coverage = true;
    std::string rfc9421_label; // which of several RFC 9421 signatures; empty: the first one
};

// A signature read from a request and checked for everything but the cryptography (structure,
// coverage, host, clock window, body digest): what remains is to fetch `key_id` and call
// check_signature.
struct SignatureClaim {
    SignatureScheme scheme = SignatureScheme::draft_cavage;
    std::string key_id;
    // The algorithm the signature names, which the key must fit; nullopt for draft-cavage hs2019
    // and for RFC 9421 without `alg`, where the key's type decides.
    std::optional<SignatureAlgorithm> named_algorithm;
    // What was signed, rebuilt from the request. A draft-cavage signature over a target with a
    // query has a second reading without the query (signed so by older Mastodon and by Fedify).
    std::vector<std::string> signed_data;
    std::string signature;               // decoded bytes
    std::optional<std::int64_t> created; // the signed creation time (created, or Date)
};

std::expected<SignatureClaim, SignatureError> read_signature(const ReceivedRequest& request,
                                                             const VerifyOptions& options = {});
std::expected<void, SignatureError> check_signature(const SignatureClaim& claim,
                                                    const PublicKey& key);
// Both steps, for a caller that already holds the key.
std::expected<SignatureClaim, SignatureError> verify_signature(const ReceivedRequest& request,
                                                               const PublicKey& key,
                                                               const VerifyOptions& options = {});

} // namespace agora::federation

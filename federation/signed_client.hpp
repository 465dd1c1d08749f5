// Requests to other servers signed by an actor's key: draft-cavage first (what most of the
// fediverse verifies), and when a server answers 401 the same request once more with RFC 9421
// (or the other way round). The scheme that worked is remembered per domain, in memory only:
// after a restart each domain is learned again with one extra request.
#pragma once

#include "federation/http_client.hpp"
#include "federation/signature_keys.hpp"

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace agora::federation {

// The key a request is signed with, and the keyId peers fetch to check it.
struct SigningKey {
    PrivateKey key;
    std::string key_id;
};

// Which signature scheme each domain (authority: host[:port]) accepts, as learned.
class SchemeMemory {
public:
    SignatureScheme scheme_for(std::string_view authority) const; // draft-cavage unless learned
    void remember(std::string_view authority, SignatureScheme scheme);

private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, SignatureScheme> schemes_;
};

class SignedClient {
public:
    explicit SignedClient(HttpClient& http) : http_(http) {}

    // Signs with the scheme remembered for the request's domain; on a 401, once more with the
    // other scheme, remembered when the server accepts it.
    void send_async(OutgoingRequest request, SigningKey key, HttpCallback done);
    HttpResult send(OutgoingRequest request, const SigningKey& key);

    // A signed GET with the given Accept header.
    HttpResult get(const std::string& url, const std::string& accept, const SigningKey& key);
    // A signed POST of `body` (Digest / Content-Digest are added by the signers).
    HttpResult post(const std::string& url, std::string body, const std::string& content_type,
                    const SigningKey& key);

    SchemeMemory& schemes() { return schemes_; }
    HttpClient& http() { return http_; }

private:
    HttpClient& http_;
    SchemeMemory schemes_;
};

} // namespace agora::federation

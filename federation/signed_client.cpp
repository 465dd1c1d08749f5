// Signed requests to other servers, with the 401 → other scheme retry remembered per domain.
#include "federation/signed_client.hpp"

#include "federation/remote_url.hpp"

#include <future>
#include <memory>

namespace agora::federation {

namespace {
SignatureScheme other(SignatureScheme scheme) {
    return scheme == SignatureScheme::draft_cavage ? SignatureScheme::rfc9421
                                                   : SignatureScheme::draft_cavage;
}

std::string authority_of(const std::string& url) {
    auto parsed = parse_remote_url(url);
    return parsed ? parsed->authority() : std::string();
}

// Signs each hop with `forced` for `forced_authority`, and with the remembered scheme elsewhere.
RequestSigner signer(const SchemeMemory& memory, std::shared_ptr<const SigningKey> key,
                     std::string forced_authority, SignatureScheme forced) {
    return [&memory, key, forced_authority,
            forced](OutgoingRequest& request) -> std::expected<void, std::string> {
        auto authority = authority_of(request.url);
        auto scheme = authority == forced_authority ? forced : memory.scheme_for(authority);
        if (scheme == SignatureScheme::rfc9421) return sign_rfc9421(request, key->key, key->key_id);
        return sign_cavage(request, key->key, key->key_id);
    };
}
} // namespace

SignatureScheme SchemeMemory::scheme_for(std::string_view authority) const {
    std::lock_guard lock(mutex_);
    auto it = schemes_.find(std::string(authority));
    return it == schemes_.end() ? SignatureScheme::draft_cavage : it->second;
}

void SchemeMemory::remember(std::string_view authority, SignatureScheme scheme) {
    std::lock_guard lock(mutex_);
    schemes_[std::string(authority)] = scheme;
}

void SignedClient::send_async(OutgoingRequest request, SigningKey key, HttpCallback done) {
    auto shared_key = std::make_shared<const SigningKey>(std::move(key));
    auto authority = authority_of(request.url);
    auto first = schemes_.scheme_for(authority);
    auto retry = request; // the 401 path sends it again
    http_.send_async(std::move(request), signer(schemes_, shared_key, authority, first),
                     [this, shared_key, authority, first, retry = std::move(retry),
                      done = std::move(done)](HttpResult result) mutable {
                         if (!result || result->status != 401) {
                             std::move(done)(std::move(result));
                             return;
                         }
                         // The 401 came from where the request ended (after redirects): retry there
                         // with the scheme that was not used there.
                         auto answered = authority_of(result->url);
                         auto used = answered == authority ? first : schemes_.scheme_for(answered);
                         auto second = other(used);
                         http_.send_async(std::move(retry),
                                          signer(schemes_, shared_key, answered, second),
                                          [this, answered, second,
                                           done = std::move(done)](HttpResult again) mutable {
                                              if (again && again->status != 401)
                                                  schemes_.remember(answered, second);
                                              std::move(done)(std::move(again));
                                          });
                     });
}

HttpResult SignedClient::send(OutgoingRequest request, const SigningKey& key) {
    auto promise = std::make_shared<std::promise<HttpResult>>();
    auto future = promise->get_future();
    send_async(std::move(request), key,
               [promise](HttpResult result) { promise->set_value(std::move(result)); });
    try {
        return future.get();
    } catch (const std::future_error&) {
        return std::unexpected(FetchError{FetchFailure::cancelled, "the HTTP client stopped"});
    }
}

HttpResult SignedClient::get(const std::string& url, const std::string& accept,
                             const SigningKey& key) {
    return send({"GET", url, {{"Accept", accept}}, {}}, key);
}

HttpResult SignedClient::post(const std::string& url, std::string body,
                              const std::string& content_type, const SigningKey& key) {
    return send({"POST", url, {{"Content-Type", content_type}}, std::move(body)}, key);
}

} // namespace agora::federation

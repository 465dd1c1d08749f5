// Signed GETs of this server's ActivityPub documents: the signer, secure mode, Vary.
#include "federation/signed_fetch.hpp"

#include "federation/domain_gate.hpp"
#include "federation/federation.hpp"
#include "federation/federation_client.hpp"
#include "federation/remote_url.hpp"
#include "node.hpp"

namespace agora::federation {

SignedFetch::SignedFetch(Node& node)
    : node_(node), verifier_(node, Federation::of(node).client().actors()),
      required_(node.config().federation.authorized_fetch) {}

std::expected<FetchSigner, std::string> SignedFetch::verify(const http::Request& request) const {
    if (request.header("Signature").empty() && request.header("Signature-Input").empty())
        return std::unexpected("this request must be signed (HTTP Signatures)");
    auto sender = verifier_.verify_signer(request);
    if (!sender) return std::unexpected(sender.error().message);
    auto url = parse_remote_url(sender->actor_uri);
    if (!url) return std::unexpected("the signer's id is not a URL");
    if (!federates_with_url(node_, sender->actor_uri))
        return std::unexpected("the signer's domain may not fetch from this server");
    return FetchSigner{std::move(sender->actor_uri), sender->account_id, url->host};
}

std::optional<FetchSigner> SignedFetch::signer(const http::Request& request) const {
    auto signer = verify(request);
    if (!signer) return std::nullopt;
    return std::move(*signer);
}

std::expected<std::optional<FetchSigner>, http::Response>
SignedFetch::gate(const http::Request& request) const {
    if (!required_) return std::nullopt;
    auto signer = verify(request);
    if (!signer) {
        auto refusal = http::error_response(401, signer.error());
        vary_by_signer(refusal, false);
        return std::unexpected(std::move(refusal));
    }
    return std::optional<FetchSigner>(std::move(*signer));
}

void vary_by_signer(http::Response& response, bool private_answer) {
    response.header("Vary", "Signature");
    if (private_answer) response.header("Cache-Control", "private");
}

} // namespace agora::federation

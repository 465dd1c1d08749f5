// GETs of this server's ActivityPub documents (actors, objects, collections): who signed them,
// checked as inbox deliveries are (federation/inbox_verifier.hpp, without a body), whether an
// unsigned one is answered at all (federation.authorized_fetch, Mastodon's secure mode), and the
// headers of answers that depend on the signer.
#pragma once

#include "federation/inbox_verifier.hpp"
#include "http/message.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace agora {
class Node;
}

namespace agora::federation {

// The actor whose key signed a GET.
struct FetchSigner {
    std::string actor_uri;
    std::int64_t account_id = 0; // the signer's accounts row
    std::string domain;          // the host of actor_uri
};

class SignedFetch {
public:
    explicit SignedFetch(Node& node); // the node's Federation must be installed

    // The signer of `request`: nullopt when it is unsigned, badly signed (bad signature, forged
    // or unknown key, stale date, wrong host...), signed by one of this server's own actors, or
    // by an actor of a domain the instance does not federate with (suspended, or not allowed in
    // allow-list mode: federation/domain_gate.hpp). Fetches an unknown key (a blocking call).
    std::optional<FetchSigner> signer(const http::Request& request) const;
    // The same with the reason a request has no usable signer, for the 401 of secure mode.
    std::expected<FetchSigner, std::string> verify(const http::Request& request) const;

    // Whether unsigned GETs are refused (federation.authorized_fetch).
    bool required() const { return required_; }
    // In secure mode, the signer of `request` or the 401 it is answered; otherwise nullopt (no
    // signature is checked: what anyone may read is served to anyone).
    std::expected<std::optional<FetchSigner>, http::Response>
    gate(const http::Request& request) const;

private:
    Node& node_;
    InboxVerifier verifier_;
    bool required_;
};

// Marks an answer that depends on who signed the request: `Vary: Signature`, and
// `Cache-Control: private` when it holds something not everyone may read (shared caches must
// never hand it to someone else).
void vary_by_signer(http::Response& response, bool private_answer);

} // namespace agora::federation

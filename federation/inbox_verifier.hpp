// Who delivered an activity to an inbox: the HTTP signature (draft-cavage or RFC 9421) checked
// against the body's digest, the clock and this server's host, with the signer's key found among
// stored actors or fetched, fetched again once when the stored key no longer verifies (rotation);
// then the key's owner must be the activity's actor (FEP-fe34).
#pragma once

#include "federation/http_signature.hpp"
#include "http/message.hpp"

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace agora {
class Node;
}

namespace agora::federation {

class ActorResolver;

struct InboxSender {
    std::string actor_uri;
    std::int64_t account_id = 0; // the signer's accounts row
};

// Why a delivery is refused: always 401, with a message for the sender (and the log).
struct InboxRefusal {
    std::string message;
};

class InboxVerifier {
public:
    InboxVerifier(Node& node, ActorResolver& actors);

    // The sender of `request`, who must be `actor_uri` (the activity's actor).
    std::expected<InboxSender, InboxRefusal> verify(const http::Request& request,
                                                    std::string_view actor_uri) const;
    // Whoever signed `request` (a signed GET: no body, no activity), checked the same way.
    std::expected<InboxSender, InboxRefusal> verify_signer(const http::Request& request) const;

private:
    ActorResolver& actors_;
    VerifyOptions options_; // this server's scheme and host; the default clock window
};

} // namespace agora::federation

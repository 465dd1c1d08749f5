// WebFinger (RFC 7033) and host-meta (RFC 6415): how other servers find a local account's actor.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace agora {
class Node;
}

namespace agora::federation {

// The outcome of reading a `resource` parameter: a local username, or why it cannot be one.
struct ResourceLookup {
    enum class Kind { username, malformed, foreign } kind;
    std::string username;
};

// Accepts "acct:user@domain", "user@domain", "@user@domain", and the actor or profile URL.
ResourceLookup parse_resource(std::string_view resource, std::string_view local_domain,
                              std::string_view base_url);

void install_webfinger_routes(Node& node);

} // namespace agora::federation

// Who is really asking: the TCP peer, or, when the peer is a trusted reverse proxy, the address it
// says it forwards for (X-Forwarded-For). Used in memory for rate limiting; never logged.
#pragma once

#include "http/message.hpp"
#include "util/ip_address.hpp"

#include <expected>
#include <string>
#include <vector>

namespace agora::http {

class TrustedProxies {
public:
    TrustedProxies() = default;
    // Each entry an address or a CIDR network ("127.0.0.1/8", "::1"); the error names the first
    // entry that is neither.
    static std::expected<TrustedProxies, std::string> parse(const std::vector<std::string>& list);

    bool contains(const IpAddress& address) const;

private:
    std::vector<IpNetwork> networks_;
};

// The peer when it is not a trusted proxy. Otherwise X-Forwarded-For is read from the right (the
// entry the proxy appended) to the left, skipping trusted proxies: the first other address is the
// client. Entries left of it are the client's own claims and are ignored. When every entry is
// trusted, or one is not an address (the chain cannot be followed further), the last trusted hop
// is returned: the caller cannot know better than "a trusted proxy".
IpAddress client_address(const Request& request, const TrustedProxies& proxies);

} // namespace agora::http

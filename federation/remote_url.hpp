// Absolute http(s) URLs of other servers, parsed strictly before anything connects to them, with
// their origin (scheme, host, port) for the same-origin checks of FEP-fe34.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace agora::federation {

struct RemoteUrl {
    std::string scheme; // "https" or "http"
    std::string host;   // lower case; an IPv6 literal without its brackets
    std::uint16_t port = 443;
    std::string target; // path and query, at least "/"; the fragment is dropped

    bool ipv6_literal() const { return host.find(':') != std::string::npos; }
    // host[:port] as a Host header writes it: brackets around IPv6, the default port left out.
    std::string authority() const;
    // scheme://authority
    std::string origin() const;
    // The whole URL, normalised (origin + target).
    std::string str() const;
};

// Accepts http and https URLs with a host name (ASCII letters, digits, '-' and '.'), an IPv4
// address or a bracketed IPv6 address, an optional port, and a path and query of printable ASCII.
// Refuses user information ("user@host"), empty hosts, bad ports, spaces and control characters.
std::optional<RemoteUrl> parse_remote_url(std::string_view text);

// Where a redirect's Location points, read against the URL that answered: absolute URLs,
// scheme-relative ("//host/path"), absolute paths and relative paths.
std::optional<RemoteUrl> resolve_location(const RemoteUrl& base, std::string_view location);

// Whether two URLs have the same scheme, host and port (false when either does not parse).
bool same_origin(std::string_view a, std::string_view b);

} // namespace agora::federation

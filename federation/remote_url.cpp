// Absolute http(s) URLs of other servers: strict parsing, origins, redirect targets.
#include "federation/remote_url.hpp"

#include "util/ip_address.hpp"

#include <charconv>

namespace agora::federation {

namespace {
bool host_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

bool target_char(char c) {
    return c > 0x20 && c < 0x7f;
}

std::uint16_t default_port(std::string_view scheme) {
    return scheme == "https" ? 443 : 80;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

// "host", "host:port", "[v6]", "[v6]:port" into host and port.
bool parse_authority(std::string_view authority, RemoteUrl& url) {
    std::string_view host = authority;
    std::string_view port_text;
    if (authority.starts_with("[")) {
        auto close = authority.find(']');
        if (close == std::string_view::npos) return false;
        host = authority.substr(1, close - 1);
        auto rest = authority.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return false;
            port_text = rest.substr(1);
        }
        if (host.find(':') == std::string_view::npos || !parse_ip_address(host)) return false;
    } else {
        auto colon = authority.rfind(':');
        if (colon != std::string_view::npos) {
            host = authority.substr(0, colon);
            port_text = authority.substr(colon + 1);
        }
        std::string lowered = lower(host);
        if (lowered.empty() || lowered.size() > 253 || lowered.front() == '.' ||
            lowered.front() == '-' || lowered.find("..") != std::string::npos)
            return false;
        for (char c : lowered)
            if (!host_name_char(c)) return false;
    }
    url.host = lower(host);
    if (url.host.empty()) return false;
    url.port = default_port(url.scheme);
    if (authority.back() == ':') return false;
    if (!port_text.empty()) {
        unsigned port = 0;
        auto [end, ec] =
            std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
        if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
            port > 65535)
            return false;
        url.port = std::uint16_t(port);
    }
    return true;
}

// The path and query of `rest` (which starts with '/', '?' or is empty), fragment dropped.
std::optional<std::string> parse_target(std::string_view rest) {
    rest = rest.substr(0, rest.find('#'));
    std::string target = rest.empty() || rest.front() == '?' ? "/" : "";
    target += rest;
    for (char c : target)
        if (!target_char(c)) return std::nullopt;
    return target;
}

// The directory part of a path ("/a/b/c" → "/a/b/").
std::string_view directory_of(std::string_view target) {
    target = target.substr(0, target.find('?'));
    return target.substr(0, target.rfind('/') + 1);
}
} // namespace

std::string RemoteUrl::authority() const {
    std::string out = ipv6_literal() ? "[" + host + "]" : host;
    if (port != default_port(scheme)) out += ":" + std::to_string(port);
    return out;
}

std::string RemoteUrl::origin() const {
    return scheme + "://" + authority();
}

std::string RemoteUrl::str() const {
    return origin() + target;
}

std::optional<RemoteUrl> parse_remote_url(std::string_view text) {
    auto colon = text.find("://");
    if (colon == std::string_view::npos) return std::nullopt;
    RemoteUrl url;
    url.scheme = lower(text.substr(0, colon));
    if (url.scheme != "https" && url.scheme != "http") return std::nullopt;
    auto rest = text.substr(colon + 3);
    auto authority_end = rest.find_first_of("/?#");
    auto authority = rest.substr(0, authority_end);
    if (authority.empty() || authority.find('@') != std::string_view::npos ||
        !parse_authority(authority, url))
        return std::nullopt;
    auto target = parse_target(
        authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end));
    if (!target) return std::nullopt;
    url.target = std::move(*target);
    return url;
}

std::optional<RemoteUrl> resolve_location(const RemoteUrl& base, std::string_view location) {
    if (location.empty()) return std::nullopt;
    if (location.find("://") != std::string_view::npos &&
        location.find("://") < location.find_first_of("/?#"))
        return parse_remote_url(location);
    if (location.starts_with("//"))
        return parse_remote_url(base.scheme + ":" + std::string(location));
    RemoteUrl url = base;
    std::optional<std::string> target;
    if (location.front() == '/')
        target = parse_target(location);
    else if (location.front() == '?')
        target = parse_target(base.target.substr(0, base.target.find('?')) + std::string(location));
    else
        target = parse_target(std::string(directory_of(base.target)) + std::string(location));
    if (!target) return std::nullopt;
    url.target = std::move(*target);
    return url;
}

bool same_origin(std::string_view a, std::string_view b) {
    auto x = parse_remote_url(a);
    auto y = parse_remote_url(b);
    return x && y && x->scheme == y->scheme && x->host == y->host && x->port == y->port;
}

} // namespace agora::federation

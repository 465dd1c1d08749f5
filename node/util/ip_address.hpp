// IP addresses and networks (CIDR) in binary form, for rate limiting and trusted proxies. There is
// deliberately no way to turn an address back into text: it is never written anywhere.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace agora {

class IpAddress {
public:
    IpAddress() = default; // the IPv6 unspecified address "::"

    static IpAddress v4(const std::array<std::uint8_t, 4>& bytes);
    // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) becomes the IPv4 address it carries.
    static IpAddress v6(const std::array<std::uint8_t, 16>& bytes);

    bool is_v4() const { return v4_; }
    bool is_loopback() const;
    // 16 bytes: IPv4 addresses in their IPv4-mapped IPv6 form.
    const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }
    // The same address with every bit past the first `bits` (of its own family) cleared.
    IpAddress masked(unsigned bits) const;

    friend bool operator==(const IpAddress&, const IpAddress&) = default;

private:
    std::array<std::uint8_t, 16> bytes_{};
    bool v4_ = false;
};

// "192.0.2.7", "2001:db8::1", "[2001:db8::1]"; nullopt for anything else (host names included).
std::optional<IpAddress> parse_ip_address(std::string_view text);

class IpNetwork {
public:
    IpNetwork(IpAddress base, unsigned prefix_bits);
    bool contains(const IpAddress& address) const;

private:
    IpAddress base_;
    unsigned prefix_bits_;
};

// "10.0.0.0/8", "fc00::/7", or a single address ("::1" is ::1/128); nullopt when malformed or the
// prefix is longer than the family allows. Bits past the prefix are ignored ("127.0.0.1/8" works).
std::optional<IpNetwork> parse_ip_network(std::string_view text);

} // namespace agora

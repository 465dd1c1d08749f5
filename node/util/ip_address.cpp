// IP addresses and networks (CIDR) in binary form, for rate limiting and trusted proxies.
#include "util/ip_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>

namespace agora {

namespace {
constexpr std::array<std::uint8_t, 12> v4_mapped_prefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
}

IpAddress IpAddress::v4(const std::array<std::uint8_t, 4>& bytes) {
    IpAddress a;
    std::copy(v4_mapped_prefix.begin(), v4_mapped_prefix.end(), a.bytes_.begin());
    std::copy(bytes.begin(), bytes.end(), a.bytes_.begin() + 12);
    a.v4_ = true;
    return a;
}

IpAddress IpAddress::v6(const std::array<std::uint8_t, 16>& bytes) {
    IpAddress a;
    a.bytes_ = bytes;
    a.v4_ = std::equal(v4_mapped_prefix.begin(), v4_mapped_prefix.end(), bytes.begin());
    return a;
}

bool IpAddress::is_loopback() const {
    if (v4_) return bytes_[12] == 127;
    for (std::size_t i = 0; i < 15; ++i)
        if (bytes_[i] != 0) return false;
    return bytes_[15] == 1;
}

IpAddress IpAddress::masked(unsigned bits) const {
    IpAddress out = *this;
    unsigned keep = v4_ ? 96 + std::min(bits, 32u) : std::min(bits, 128u);
    for (unsigned i = 0; i < 16; ++i) {
        unsigned first_bit = i * 8;
        if (first_bit >= keep)
            out.bytes_[i] = 0;
        else if (keep - first_bit < 8)
            out.bytes_[i] &= std::uint8_t(0xff << (8 - (keep - first_bit)));
    }
    return out;
}

std::optional<IpAddress> parse_ip_address(std::string_view text) {
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
        text = text.substr(1, text.size() - 2);
    if (text.empty() || text.size() > 45) return std::nullopt;
    std::string copy(text); // inet_pton wants a terminated string
    std::array<std::uint8_t, 4> v4{};
    if (inet_pton(AF_INET, copy.c_str(), v4.data()) == 1) return IpAddress::v4(v4);
    std::array<std::uint8_t, 16> v6{};
    if (inet_pton(AF_INET6, copy.c_str(), v6.data()) == 1) return IpAddress::v6(v6);
    return std::nullopt;
}

IpNetwork::IpNetwork(IpAddress base, unsigned prefix_bits)
    : base_(base.masked(prefix_bits)), prefix_bits_(prefix_bits) {}

bool IpNetwork::contains(const IpAddress& address) const {
    return address.is_v4() == base_.is_v4() && address.masked(prefix_bits_) == base_;
}

std::optional<IpNetwork> parse_ip_network(std::string_view text) {
    auto slash = text.find('/');
    auto address = parse_ip_address(text.substr(0, slash));
    if (!address) return std::nullopt;
    unsigned family_bits = address->is_v4() ? 32 : 128;
    unsigned bits = family_bits;
    if (slash != std::string_view::npos) {
        auto digits = text.substr(slash + 1);
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
        if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
            bits > family_bits)
            return std::nullopt;
    }
    return IpNetwork(*address, bits);
}

} // namespace agora

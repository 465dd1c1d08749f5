// The SSRF guard's rule: which addresses an outbound request may connect to.
#include "federation/address_policy.hpp"

#include <string_view>
#include <vector>

namespace agora::federation {

namespace {
const std::vector<IpNetwork>& non_public_networks() {
    static const std::vector<IpNetwork> networks = [] {
        static constexpr std::string_view cidrs[] = {
            // IPv4 (RFC 6890 special-purpose registry, and multicast / reserved space)
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
            "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
            "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "255.255.255.255/32",
            // IPv6
            "::/128", "::1/128", "::/96",     // unspecified, loopback, IPv4-compatible (deprecated)
            "64:ff9b::/96", "64:ff9b:1::/48", // NAT64
            "100::/64",                       // discard-only
            "2001::/32",                      // Teredo
            "2001:2::/48", "2001:10::/28", "2001:20::/28", // benchmarking, ORCHID
            "2001:db8::/32",                               // documentation
            "2002::/16",                                   // 6to4
            "3fff::/20",                                   // documentation (RFC 9637)
            "5f00::/16",                                   // segment routing
            "fc00::/7",                                    // unique local
            "fe80::/10",                                   // link-local
            "fec0::/10",                                   // site-local (deprecated)
            "ff00::/8",                                    // multicast
        };
        std::vector<IpNetwork> out;
        for (auto cidr : cidrs)
            out.push_back(*parse_ip_network(cidr));
        return out;
    }();
    return networks;
}
} // namespace

bool is_public_address(const IpAddress& address) {
    for (const auto& network : non_public_networks())
        if (network.contains(address)) return false;
    return true;
}

} // namespace agora::federation

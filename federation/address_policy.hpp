// The SSRF guard's rule: which addresses an outbound request may connect to. Checked on each
// address a host name resolves to, right before connecting, never on the name itself.
#pragma once

#include "util/ip_address.hpp"

namespace agora::federation {

// False for addresses that are not on the public internet: unspecified, loopback, private
// (RFC 1918, unique local), carrier-grade NAT, link-local, multicast, broadcast, reserved,
// documentation and benchmarking ranges, and the IPv6 transition prefixes that can carry one
// of them (NAT64, 6to4, Teredo). IPv4-mapped IPv6 addresses are judged as IPv4.
bool is_public_address(const IpAddress& address);

} // namespace agora::federation

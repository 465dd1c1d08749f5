// The SSRF guard's rule: public addresses pass, every private or special range is refused.
#include "federation/address_policy.hpp"

#include <catch2/catch.hpp>

using namespace agora;
using agora::federation::is_public_address;

TEST_CASE("address policy: public addresses pass", "[unit][ssrf]") {
    for (const char* ok : {"1.1.1.1", "93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1",
                           "2606:4700:4700::1111", "2a01:4f8::1", "::ffff:93.184.216.34"}) {
        INFO(ok);
        CHECK(is_public_address(*parse_ip_address(ok)));
    }
}

TEST_CASE("address policy: private, loopback, link-local and special ranges are refused",
          "[unit][ssrf]") {
    for (const char* bad : {"0.0.0.0",
                            "10.1.2.3",
                            "100.64.0.1",
                            "127.0.0.1",
                            "127.255.255.254",
                            "169.254.169.254",
                            "172.16.0.1",
                            "172.31.255.255",
                            "192.0.0.1",
                            "192.0.2.1",
                            "192.168.1.1",
                            "198.18.0.1",
                            "198.51.100.1",
                            "203.0.113.1",
                            "224.0.0.1",
                            "239.255.255.250",
                            "240.0.0.1",
                            "255.255.255.255",
                            "::",
                            "::1",
                            "::127.0.0.1",
                            "::ffff:127.0.0.1",
                            "::ffff:10.0.0.1",
                            "64:ff9b::a00:1",
                            "2001::1",
                            "2001:db8::1",
                            "2002:7f00:1::",
                            "fc00::1",
                            "fd12:3456::1",
                            "fe80::1",
                            "fec0::1",
                            "ff02::1",
                            "100::1"}) {
        INFO(bad);
        CHECK_FALSE(is_public_address(*parse_ip_address(bad)));
    }
}

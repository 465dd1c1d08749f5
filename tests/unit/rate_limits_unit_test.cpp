// The pieces under the rate limits: IP addresses and networks, who the client is behind trusted
// proxies, the bounded fixed-window counters, and the limiter's rules with a fixed clock.
#include "api/rate_counters.hpp"
#include "api/rate_limits.hpp"
#include "http/client_address.hpp"
#include "util/ip_address.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

using namespace agora;

namespace {
IpAddress ip(std::string_view text) {
    auto parsed = parse_ip_address(text);
    INFO(text);
    REQUIRE(parsed);
    return *parsed;
}

http::TrustedProxies trusted(const std::vector<std::string>& list) {
    auto proxies = http::TrustedProxies::parse(list);
    REQUIRE(proxies);
    return *proxies;
}

http::Request request_from(std::string_view peer, std::vector<std::string> forwarded = {}) {
    http::Request r;
    r.method = "GET";
    r.path = r.target = "/api/v1/timelines/public";
    r.peer = ip(peer);
    for (auto& f : forwarded)
        r.headers.emplace_back("X-Forwarded-For", f);
    return r;
}

Config config_with(double scale, std::vector<std::string> proxies = {"127.0.0.1/8", "::1"}) {
    Config c;
    c.rate_limits.scale = scale;
    c.http.trusted_proxies = std::move(proxies);
    return c;
}
} // namespace

TEST_CASE("ip addresses: both families, mapped IPv4, nothing else", "[unit][rate_limits]") {
    CHECK(ip("192.0.2.7").is_v4());
    CHECK_FALSE(ip("2001:db8::1").is_v4());
    CHECK(ip("::ffff:192.0.2.7") == ip("192.0.2.7"));
    CHECK(ip("[2001:db8::1]") == ip("2001:DB8:0::1"));
    CHECK(ip("127.3.4.5").is_loopback());
    CHECK(ip("::1").is_loopback());
    CHECK_FALSE(ip("::2").is_loopback());
    for (auto bad : {"", "localhost", "192.0.2", "192.0.2.1.5", "2001:db8::1::2", "1.2.3.4 ",
                     "[1.2.3.4", "300.1.1.1"})
        CHECK_FALSE(parse_ip_address(bad));
    CHECK(ip("2001:db8:1:2:aaaa::1").masked(64) == ip("2001:db8:1:2::"));
    CHECK(ip("192.0.2.200").masked(25) == ip("192.0.2.128"));
}

TEST_CASE("ip networks: CIDR prefixes per family", "[unit][rate_limits]") {
    auto loopback = parse_ip_network("127.0.0.1/8");
    REQUIRE(loopback);
    CHECK(loopback->contains(ip("127.255.0.1")));
    CHECK_FALSE(loopback->contains(ip("128.0.0.1")));
    CHECK_FALSE(loopback->contains(ip("::1")));
    auto single = parse_ip_network("::1");
    REQUIRE(single);
    CHECK(single->contains(ip("::1")));
    CHECK_FALSE(single->contains(ip("::2")));
    auto ula = parse_ip_network("fc00::/7");
    REQUIRE(ula);
    CHECK(ula->contains(ip("fd12:3456::1")));
    CHECK_FALSE(ula->contains(ip("fe80::1")));
    auto everything = parse_ip_network("0.0.0.0/0");
    REQUIRE(everything);
    CHECK(everything->contains(ip("203.0.113.1")));
    CHECK_FALSE(everything->contains(ip("2001:db8::1")));
    for (auto bad : {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8x", "host/8"})
        CHECK_FALSE(parse_ip_network(bad));
}

TEST_CASE("client address: X-Forwarded-For only from trusted proxies, right to left",
          "[unit][rate_limits]") {
    auto proxies = trusted({"127.0.0.1/8", "::1", "10.0.0.0/8"});
    // A peer that is not trusted is the client, whatever it claims.
    CHECK(http::client_address(request_from("198.51.100.1", {"203.0.113.9"}), proxies) ==
          ip("198.51.100.1"));
    // A trusted peer without the header: the peer itself.
    CHECK(http::client_address(request_from("127.0.0.1"), proxies) == ip("127.0.0.1"));
    CHECK(http::client_address(request_from("127.0.0.1", {"203.0.113.9"}), proxies) ==
          ip("203.0.113.9"));
    // The client's own claims, left of what the proxy appended, are ignored.
    CHECK(http::client_address(request_from("127.0.0.1", {"1.1.1.1, 203.0.113.9"}), proxies) ==
          ip("203.0.113.9"));
    // Trusted hops are skipped; several fields are one list.
    CHECK(http::client_address(request_from("127.0.0.1", {"203.0.113.9, 10.0.0.2", "10.0.0.3"}),
                               proxies) == ip("203.0.113.9"));
    CHECK(http::client_address(request_from("::1", {"2001:db8::7"}), proxies) == ip("2001:db8::7"));
    CHECK(http::client_address(request_from("127.0.0.1", {"[2001:db8::7]:1234"}), proxies) ==
          ip("2001:db8::7"));
    CHECK(http::client_address(request_from("127.0.0.1", {"203.0.113.9:1234"}), proxies) ==
          ip("203.0.113.9"));
    // A chain that cannot be followed ends at the last trusted hop.
    CHECK(http::client_address(request_from("127.0.0.1", {"203.0.113.9, unknown"}), proxies) ==
          ip("127.0.0.1"));
    CHECK(http::client_address(request_from("127.0.0.1", {"203.0.113.9, unknown, 10.0.0.5"}),
                               proxies) == ip("10.0.0.5"));
    CHECK(http::client_address(request_from("127.0.0.1", {"10.0.0.5"}), proxies) == ip("10.0.0.5"));
    // Nobody trusted: the header is never read.
    CHECK(http::client_address(request_from("127.0.0.1", {"203.0.113.9"}), trusted({})) ==
          ip("127.0.0.1"));
    CHECK_FALSE(http::TrustedProxies::parse({"127.0.0.1", "nope"}));
}

TEST_CASE("rate counters: fixed windows on the epoch, bounded, thread-safe",
          "[unit][rate_limits]") {
    api::FixedWindowCounters counters(300, 3);
    api::CounterKey a{0, 1}, b{0, 2}, c{0, 3}, d{0, 4};
    CHECK(counters.hit(a, 600) == 1);
    CHECK(counters.hit(a, 899) == 2);
    CHECK(counters.hit(a, 900) == 1); // a new window
    CHECK(counters.hit(b, 900) == 1);
    CHECK(counters.hit(c, 900) == 1);
    CHECK(counters.size() == 3);
    // Full: the key seen least recently goes (a was just seen again, so b).
    CHECK(counters.hit(a, 901) == 2);
    CHECK(counters.hit(d, 901) == 1);
    CHECK(counters.size() == 3);
    CHECK(counters.hit(b, 902) == 1); // b was forgotten; c goes now
    CHECK(counters.hit(a, 902) == 3);
    // Keys idle past their window are dropped as new hits come.
    CHECK(counters.hit(a, 1300) == 1);
    CHECK(counters.size() == 1);

    api::FixedWindowCounters shared(300, 1000);
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] {
            for (int n = 0; n < 5000; ++n)
                shared.hit({0, std::uint64_t(n % 10)}, 1000);
        });
    for (auto& t : threads)
        t.join();
    for (int k = 0; k < 10; ++k)
        CHECK(shared.hit({0, std::uint64_t(k)}, 1000) == 2001);
}

TEST_CASE("rate limiter: Mastodon's limits, scaled, with a fixed clock", "[unit][rate_limits]") {
    api::RateLimiter limiter(config_with(1.0));
    auto api_route = api::route_limits("GET", "/api/v1/timelines/public");
    CHECK(api_route.api);
    auto outsider = request_from("127.0.0.1", {"203.0.113.1"});
    std::int64_t now_us = 1'700'000'123'456'789; // 23.456789 seconds into a 5-minute window
    auto verdict = limiter.check(outsider, api_route, {}, nullptr, now_us);
    CHECK(verdict.counted);
    CHECK_FALSE(verdict.refused);
    CHECK(verdict.limit == 300);
    CHECK(verdict.remaining == 299);
    std::int64_t window_end = (1'700'000'123 / 300 + 1) * 300;
    CHECK(verdict.reset_unix_us == window_end * 1'000'000 + 456'789);
    CHECK(verdict.retry_after_seconds == window_end - 1'700'000'123);
    CHECK(api::rate_limit_time(verdict.reset_unix_us) == "2023-11-14T22:20:00.456789Z");
    CHECK(api::rate_limit_time(0) == "1970-01-01T00:00:00.000000Z");
    CHECK(api::rate_limit_time(1'709'251'199'000'001) == "2024-02-29T23:59:59.000001Z");
    CHECK(api::rate_limit_time(4'102'444'800'000'000) == "2100-01-01T00:00:00.000000Z");
    for (int i = 0; i < 299; ++i)
        limiter.check(outsider, api_route, {}, nullptr, now_us);
    verdict = limiter.check(outsider, api_route, {}, nullptr, now_us);
    CHECK(verdict.refused);
    CHECK(verdict.remaining == 0);
    // The next window starts afresh.
    verdict = limiter.check(outsider, api_route, {}, nullptr, window_end * 1'000'000);
    CHECK_FALSE(verdict.refused);
    CHECK(verdict.remaining == 299);
    // The machine itself is not counted; neither are routes outside the API.
    CHECK_FALSE(limiter.check(request_from("127.0.0.1"), api_route, {}, nullptr, now_us).counted);
    CHECK_FALSE(
        limiter.check(outsider, api::route_limits("GET", "/users/{name}"), {}, nullptr, now_us)
            .counted);

    api::RateLimiter scaled(config_with(2.0));
    CHECK(scaled.check(outsider, api_route, {}, nullptr, now_us).limit == 600);
    api::RateLimiter small(config_with(0.1));
    CHECK(small.check(outsider, api::route_limits("POST", "/api/v1/accounts"), {}, nullptr, now_us)
              .limit == 1); // 5 x 0.1, never below 1

    Config off = config_with(1.0);
    off.rate_limits.enabled = false;
    api::RateLimiter disabled(off);
    CHECK_FALSE(disabled.check(outsider, api_route, {}, nullptr, now_us).counted);
}

TEST_CASE("rate limiter: which routes have their own limits", "[unit][rate_limits]") {
    using Family = api::RouteLimits::Family;
    CHECK(api::route_limits("POST", "/api/v1/accounts").family == Family::sign_up);
    CHECK(api::route_limits("GET", "/api/v1/accounts/{id}").family == Family::other);
    CHECK(api::route_limits("POST", "/api/v1/media").family == Family::media_upload);
    CHECK(api::route_limits("POST", "/api/v2/media").family == Family::media_upload);
    CHECK(api::route_limits("PUT", "/api/v1/media/{id}").family == Family::other);
    CHECK(api::route_limits("DELETE", "/api/v1/statuses/{id}").family == Family::status_deletion);
    CHECK(api::route_limits("POST", "/api/v1/statuses/{id}/unreblog").family ==
          Family::status_deletion);
    CHECK(api::route_limits("POST", "/oauth/token").family == Family::token);
    CHECK_FALSE(api::route_limits("POST", "/oauth/token").api);
    CHECK(api::route_limits("POST", "/oauth/authorize").family == Family::sign_in);
}

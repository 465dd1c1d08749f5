// ISO 8601 instants as Mastodon and ActivityPub write them, checked against the C library's
// calendar over four centuries (leap years, century rules, instants before 1970).
#include "util/time.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <ctime>
#include <random>

namespace {
std::string reference(std::int64_t unix_ms, bool day_only) {
    std::int64_t secs = unix_ms / 1000 - (unix_ms % 1000 < 0);
    int ms = int(unix_ms - secs * 1000);
    std::time_t t = secs;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[64];
    if (day_only)
        std::snprintf(out, sizeof out, "%04d-%02d-%02dT00:00:00Z", tm.tm_year + 1900, tm.tm_mon + 1,
                      tm.tm_mday);
    else
        std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                      tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
    return out;
}
} // namespace

TEST_CASE("time: ISO 8601 instants and days", "[time]") {
    CHECK(agora::iso8601(0) == "1970-01-01T00:00:00.000Z");
    CHECK(agora::iso8601(1'795'000'000'123) == "2026-11-18T11:06:40.123Z");
    CHECK(agora::iso8601(951'782'400'000) == "2000-02-29T00:00:00.000Z");
    CHECK(agora::iso8601(-1) == "1969-12-31T23:59:59.999Z");
    CHECK(agora::iso8601_day(1'795'000'000'123) == "2026-11-18T00:00:00Z");
    std::mt19937_64 random(42);
    // From 1800 to 2200, in milliseconds.
    std::uniform_int_distribution<std::int64_t> instant(-5'364'662'400'000, 7'258'118'400'000);
    for (int i = 0; i < 20000; ++i) {
        auto t = instant(random);
        INFO(t);
        REQUIRE(agora::iso8601(t) == reference(t, false));
        REQUIRE(agora::iso8601_day(t) == reference(t, true));
    }
}

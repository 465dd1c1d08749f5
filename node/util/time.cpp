// Wall-clock helpers: unix milliseconds and the ISO 8601 / HTTP date forms the protocols use.
#include "util/time.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace agora {

std::int64_t now_unix_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {
std::tm utc(std::int64_t unix_ms) {
    std::time_t secs = unix_ms / 1000;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    return tm;
}
} // namespace

std::string iso8601(std::int64_t unix_ms) {
    auto tm = utc(unix_ms);
    char out[64];
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, int(unix_ms % 1000));
    return out;
}

std::string iso8601_day(std::int64_t unix_ms) {
    auto tm = utc(unix_ms);
    char out[64];
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT00:00:00Z", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday);
    return out;
}

} // namespace agora

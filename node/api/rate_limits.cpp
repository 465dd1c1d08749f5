// Rate limits on the client API, as Mastodon applies them, counted in memory.
#include "api/rate_limits.hpp"

#include "api/rate_counters.hpp"
#include "node.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

namespace agora::api {

namespace {
// How many keys each limit tracks at most (~130 bytes each): past this, the key seen least
// recently is forgotten. Thousands of distinct clients within one window is far beyond what an
// association's instance sees; under a flood of addresses it bounds memory, not safety.
constexpr std::size_t keys_per_limit = 16384;

// Mastodon's throttles (config/initializers/rack_attack.rb): limit and period in seconds.
struct Default {
    std::uint32_t limit;
    std::int64_t period;
};
constexpr Default defaults[] = {
    {1500, 5 * 60}, // per account, every API call
    {300, 5 * 60},  // per token, every API call
    {300, 5 * 60},  // per address, API calls without a user token
    {30, 30 * 60},  // per account, media uploads
    {5, 30 * 60},   // per address, sign-ups
    {300, 15 * 60}, // per account, paging requests
    {300, 15 * 60}, // per address, paging requests without a user token
    {30, 30 * 60},  // per account, status deletions and unreblogs
    {25, 5 * 60},   // per address, sign-ins (Mastodon's /auth/sign_in)
};

CounterKey id_key(std::int64_t id) {
    return {0, std::uint64_t(id)};
}

// IPv6 clients are counted per /64, as Mastodon does: one host usually holds the whole block.
CounterKey address_key(const IpAddress& address) {
    auto bytes = (address.is_v4() ? address : address.masked(64)).bytes();
    CounterKey key;
    for (int i = 0; i < 8; ++i) {
        key.high = key.high << 8 | bytes[i];
        key.low = key.low << 8 | bytes[8 + i];
    }
    return key;
}

bool has_value(const Params& params, std::string_view key) {
    auto value = params.get(key);
    return value && value->find_first_not_of(" \t\r\n") != std::string::npos;
}

// Mastodon's paging_request?: page, min_id, max_id or since_id present.
bool is_paging(const Params* params) {
    return params && (has_value(*params, "page") || has_value(*params, "min_id") ||
                      has_value(*params, "max_id") || has_value(*params, "since_id"));
}

std::int64_t now_unix_us() {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}
} // namespace

RouteLimits route_limits(std::string_view method, std::string_view pattern) {
    using Family = RouteLimits::Family;
    RouteLimits out;
    out.api = pattern.starts_with("/api/");
    if (method == "POST" && pattern == "/api/v1/accounts")
        out.family = Family::sign_up;
    else if (method == "POST" && (pattern == "/oauth/authorize" || pattern == "/settings/delete"))
        out.family = Family::sign_in;
    else if (method == "POST" && pattern == "/oauth/token")
        out.family = Family::token;
    else if (method == "POST" && (pattern == "/api/v1/media" || pattern == "/api/v2/media"))
        out.family = Family::media_upload;
    else if ((method == "DELETE" && pattern == "/api/v1/statuses/{id}") ||
             (method == "POST" && pattern == "/api/v1/statuses/{id}/unreblog"))
        out.family = Family::status_deletion;
    return out;
}

RateLimiter::RateLimiter(const Config& config) : enabled_(config.rate_limits.enabled) {
    auto proxies = http::TrustedProxies::parse(config.http.trusted_proxies);
    if (!proxies)
        throw std::invalid_argument("http.trusted_proxies: not an address: " + proxies.error());
    proxies_ = std::move(*proxies);
    for (std::size_t rule = 0; rule < rule_count; ++rule) {
        long long scaled = std::llround(defaults[rule].limit * config.rate_limits.scale);
        limits_[rule].limit = std::uint32_t(std::max(1LL, scaled));
        limits_[rule].counters =
            std::make_unique<FixedWindowCounters>(defaults[rule].period, keys_per_limit);
    }
}

RateLimiter::~RateLimiter() = default;

IpAddress RateLimiter::client_of(const http::Request& request) const {
    return http::client_address(request, proxies_);
}

RateVerdict RateLimiter::check(const http::Request& request, const RouteLimits& route,
                               const Requester& who, const Params* params) {
    return check(request, route, who, params, now_unix_us());
}

RateVerdict RateLimiter::check(const http::Request& request, const RouteLimits& route,
                               const Requester& who, const Params* params,
                               std::int64_t now_unix_us) {
    using Family = RouteLimits::Family;
    RateVerdict verdict;
    if (!enabled_) return verdict;
    bool sign_in = route.family == Family::sign_in ||
                   (route.family == Family::token && params &&
                    params->get("grant_type") == std::optional<std::string>("password"));
    if (!route.api && !sign_in) return verdict;
    IpAddress client = client_of(request);
    if (proxies_.contains(client)) return verdict;

    std::int64_t now = now_unix_us / 1'000'000;
    std::int64_t fraction_us = now_unix_us % 1'000'000;
    bool paging = route.api && is_paging(params);
    bool user = who.account_id.has_value();
    auto count = [&](Rule rule, const CounterKey& key) {
        auto& limit = limits_[rule];
        std::uint32_t hits = limit.counters->hit(key, now);
        std::uint32_t remaining = hits >= limit.limit ? 0 : limit.limit - hits;
        bool exceeded = hits > limit.limit;
        // The verdict tells of the limit closest to being exceeded (the first, on a tie).
        if (!exceeded && verdict.counted && remaining >= verdict.remaining) return false;
        std::int64_t period = limit.counters->period_seconds();
        std::int64_t until_reset = period - now % period;
        verdict.counted = true;
        verdict.refused = exceeded;
        verdict.limit = limit.limit;
        verdict.remaining = remaining;
        verdict.reset_unix_us = (now + until_reset) * 1'000'000 + fraction_us;
        verdict.retry_after_seconds = until_reset;
        return exceeded;
    };
    // Mastodon's order; like Rack::Attack, the first limit exceeded ends the counting.
    if (route.api && user && count(per_account, id_key(*who.account_id))) return verdict;
    if (route.api && who.token_id && count(per_token, id_key(*who.token_id))) return verdict;
    if (route.api && !user && count(per_address, address_key(client))) return verdict;
    if (route.family == Family::media_upload && user &&
        count(media_uploads, id_key(*who.account_id)))
        return verdict;
    if (route.family == Family::sign_up && count(sign_ups, address_key(client))) return verdict;
    if (paging && user && count(paging_per_account, id_key(*who.account_id))) return verdict;
    if (paging && !user && count(paging_per_address, address_key(client))) return verdict;
    if (route.family == Family::status_deletion && user &&
        count(deletions, id_key(*who.account_id)))
        return verdict;
    if (sign_in && count(sign_ins, address_key(client))) return verdict;
    return verdict;
}

std::string rate_limit_time(std::int64_t unix_us) {
    // Written by hand: it is on every limited answer, and snprintf alone cost more than the
    // counting (callgrind).
    using namespace std::chrono;
    auto micros = sys_time<microseconds>(microseconds(unix_us));
    auto day = floor<days>(micros);
    year_month_day date(day);
    hh_mm_ss time(floor<microseconds>(micros - day));
    std::string out = "0000-00-00T00:00:00.000000Z";
    auto put = [&out](std::size_t at, std::size_t width, long long value) {
        for (std::size_t i = width; i-- > 0; value /= 10)
            out[at + i] = char('0' + value % 10);
    };
    put(0, 4, int(date.year()));
    put(5, 2, unsigned(date.month()));
    put(8, 2, unsigned(date.day()));
    put(11, 2, time.hours().count());
    put(14, 2, time.minutes().count());
    put(17, 2, time.seconds().count());
    put(20, 6, time.subseconds().count());
    return out;
}

void add_rate_limit_headers(http::Response& response, const RateVerdict& verdict) {
    if (!verdict.counted) return;
    response.headers.reserve(response.headers.size() + 3);
    response.header("X-RateLimit-Limit", std::to_string(verdict.limit));
    response.header("X-RateLimit-Remaining", std::to_string(verdict.remaining));
    response.header("X-RateLimit-Reset", rate_limit_time(verdict.reset_unix_us));
}

http::Response too_many_requests(const RateVerdict& verdict) {
    auto response = http::error_response(429, "Too many requests");
    add_rate_limit_headers(response, verdict);
    response.header("Retry-After", std::to_string(verdict.retry_after_seconds));
    return response;
}

http::Handler with_rate_limits(Node& node, std::string_view method, std::string_view pattern,
                               http::Handler handler) {
    return [&node, limits = route_limits(method, pattern),
            handler = std::move(handler)](http::Request& request) {
        auto verdict = node.rate_limiter().check(request, limits, {}, nullptr);
        if (verdict.refused) return too_many_requests(verdict);
        auto response = handler(request);
        add_rate_limit_headers(response, verdict);
        return response;
    };
}

} // namespace agora::api

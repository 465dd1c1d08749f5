// Rate limits on the client API, as Mastodon applies them (its Rack::Attack throttles: same limits,
// same periods, fixed windows), counted in memory per token, account or client address. Nothing
// is stored: a restart forgets every count, and addresses never leave this process's memory.
#pragma once

#include "api/params.hpp"
#include "config/config.hpp"
#include "http/client_address.hpp"
#include "http/router.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace agora {
class Node;
}

namespace agora::api {

class FixedWindowCounters;

// The limits a route is subject to, decided once when it is registered.
struct RouteLimits {
    enum class Family {
        other,
        sign_up,         // POST /api/v1/accounts
        sign_in,         // POST /oauth/authorize (the sign-in form)
        token,           // POST /oauth/token: a sign-in when grant_type is password
        media_upload,    // POST /api/v1/media, /api/v2/media
        status_deletion, // DELETE /api/v1/statuses/{id}, POST /api/v1/statuses/{id}/unreblog
    };
    bool api = false; // under /api/: the general per-token, per-account and per-address limits
    Family family = Family::other;
};
RouteLimits route_limits(std::string_view method, std::string_view pattern);

// Who is asking, as far as a valid token tells (nothing for anonymous or refused tokens).
struct Requester {
    std::optional<std::int64_t> token_id;
    std::optional<std::int64_t> account_id; // user tokens only
};

// The outcome for one request, told by the limit closest to being exceeded (or the one exceeded).
struct RateVerdict {
    bool counted = false; // some limit counted this request: the X-RateLimit headers are due
    bool refused = false; // 429
    std::uint32_t limit = 0;
    std::uint32_t remaining = 0;
    std::int64_t reset_unix_us = 0; // when the window of that limit ends
    std::int64_t retry_after_seconds = 0;
};

class RateLimiter {
public:
    explicit RateLimiter(const Config& config);
    ~RateLimiter();

    // Counts the request against every limit that applies to it, in Mastodon's order, stopping
    // at the first one exceeded. `params` (when the request could be read) tells paging requests
    // and the password grant. Requests from a trusted proxy's own address (by default the machine
    // itself: local tools, or a proxy that did not say whom it forwards for) are not limited, as
    // Mastodon does not limit localhost.
    RateVerdict check(const http::Request& request, const RouteLimits& route, const Requester& who,
                      const Params* params);
    RateVerdict check(const http::Request& request, const RouteLimits& route, const Requester& who,
                      const Params* params, std::int64_t now_unix_us);

    // The address a request is counted under (for tests of the proxy rules).
    IpAddress client_of(const http::Request& request) const;

private:
    enum Rule : std::size_t {
        per_account,
        per_token,
        per_address,
        media_uploads,
        sign_ups,
        paging_per_account,
        paging_per_address,
        deletions,
        sign_ins,
        rule_count
    };
    struct Limit {
        std::uint32_t limit;
        std::unique_ptr<FixedWindowCounters> counters;
    };

    bool enabled_;
    http::TrustedProxies proxies_;
    std::array<Limit, rule_count> limits_;
};

// X-RateLimit-Limit, -Remaining and -Reset, when the verdict counted the request.
void add_rate_limit_headers(http::Response& response, const RateVerdict& verdict);
// 429 {"error":"Too many requests"} with the headers and Retry-After.
http::Response too_many_requests(const RateVerdict& verdict);
// "2026-05-04T09:15:00.123456Z": Mastodon writes X-RateLimit-Reset with microseconds.
std::string rate_limit_time(std::int64_t unix_us);

// The same limits for a route registered outside api::add (the web sign-in form).
http::Handler with_rate_limits(Node& node, std::string_view method, std::string_view pattern,
                               http::Handler handler);

} // namespace agora::api

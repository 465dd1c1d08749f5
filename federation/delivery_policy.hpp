// What an attempt to deliver an activity says, as Mastodon reads it: delivered (2xx), to try
// again later (5xx, 401, 408, 429, redirects, timeouts and connection failures), or refused for
// good (any other 4xx, and what can never be sent: bad URLs, addresses the SSRF guard refuses);
// whether it shows the domain alive or failing; and how long to wait before the next attempt.
#pragma once

#include "federation/http_client.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace agora::federation {

enum class DeliveryVerdict {
    delivered,
    retry,
    refused,
    cancelled, // the client stopped: the row stays as it was, tried again after a restart
};

// What the attempt tells of the inbox's domain: it answered (even with an error of ours), it did
// not (or failed itself: 5xx), or nothing (the request never left).
enum class DomainSignal { alive, failed, none };

struct AttemptJudgement {
    DeliveryVerdict verdict = DeliveryVerdict::retry;
    DomainSignal domain = DomainSignal::none;
    std::string error;                       // for the row's last_error and the logs; empty on 2xx
    std::optional<std::int64_t> retry_after; // seconds, from Retry-After on 429 and 503
};

AttemptJudgement judge_attempt(const HttpResult& result);

// The wait before the next attempt after `attempts` failed ones (1, 2...): one minute, doubled
// with each failure, times `jitter` (drawn in [0.75, 1.25)). Thirteen attempts span about three
// days (the 13th comes about 68 hours after the first).
std::int64_t retry_delay_ms(int attempts, double jitter);

} // namespace agora::federation

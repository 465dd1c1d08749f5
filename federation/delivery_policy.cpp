// What an attempt to deliver an activity says, and how long to wait before the next one.
#include "federation/delivery_policy.hpp"

#include <algorithm>
#include <charconv>

namespace agora::federation {

namespace {
constexpr std::int64_t first_retry_ms = 60'000;
constexpr int max_doublings = 20; // the wait stops growing (a few years) long before overflowing

std::optional<std::int64_t> retry_after_seconds(const HttpResponse& response) {
    auto text = response.header("retry-after");
    std::int64_t seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc() || end != text.data() + text.size() || seconds < 0)
        return std::nullopt; // an HTTP date, or nothing: the back-off decides alone
    return seconds;
}
} // namespace

AttemptJudgement judge_attempt(const HttpResult& result) {
    AttemptJudgement j;
    if (!result) {
        j.error = std::string(failure_name(result.error().failure)) + ": " + result.error().message;
        switch (result.error().failure) {
        case FetchFailure::cancelled:
            j.verdict = DeliveryVerdict::cancelled;
            break;
        case FetchFailure::bad_url:
        case FetchFailure::scheme_refused:
        case FetchFailure::method_refused:
        case FetchFailure::address_refused:
        case FetchFailure::signing_failed:
            j.verdict = DeliveryVerdict::refused; // the same request can never leave
            break;
        default: // no answer: name resolution, connection, TLS, timeouts, unreadable answers
            j.verdict = DeliveryVerdict::retry;
            j.domain = DomainSignal::failed;
        }
        return j;
    }
    int status = result->status;
    if (status >= 200 && status < 300) {
        j.verdict = DeliveryVerdict::delivered;
        j.domain = DomainSignal::alive;
        return j;
    }
    j.error = "HTTP " + std::to_string(status);
    bool unsalvageable =
        status >= 400 && status < 500 && status != 401 && status != 408 && status != 429;
    j.verdict = unsalvageable ? DeliveryVerdict::refused : DeliveryVerdict::retry;
    j.domain = status >= 500 ? DomainSignal::failed : DomainSignal::alive;
    if (status == 429 || status == 503) j.retry_after = retry_after_seconds(*result);
    return j;
}

std::int64_t retry_delay_ms(int attempts, double jitter) {
    int doublings = std::clamp(attempts - 1, 0, max_doublings);
    double delay = double(first_retry_ms << doublings) * std::clamp(jitter, 0.5, 2.0);
    return std::int64_t(delay);
}

} // namespace agora::federation

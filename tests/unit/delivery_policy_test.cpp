// Delivery's rules on their own: how each answer is read, the back-off, and its settings.
#include "config/config.hpp"
#include "federation/delivery_policy.hpp"
#include "federation/delivery_worker.hpp"

#include <catch2/catch.hpp>

using namespace agora;
using namespace agora::federation;

namespace {
HttpResult answer(int status, std::vector<http::Header> headers = {}) {
    HttpResponse r;
    r.status = status;
    r.headers = std::move(headers);
    return r;
}

HttpResult failure(FetchFailure f) {
    return std::unexpected(FetchError{f, "test"});
}

const std::string base =
    "[instance]\ndomain = \"social.example.org\"\n[storage]\ndatabase = \"sqlite:a.db\"\n";
} // namespace

TEST_CASE("delivery policy: 2xx delivers and shows the domain alive", "[unit][delivery]") {
    for (int status : {200, 201, 202, 204}) {
        auto j = judge_attempt(answer(status));
        CHECK(j.verdict == DeliveryVerdict::delivered);
        CHECK(j.domain == DomainSignal::alive);
    }
}

TEST_CASE("delivery policy: server errors and timeouts are retried, other 4xx refused",
          "[unit][delivery]") {
    for (int status : {500, 502, 503, 504}) {
        auto j = judge_attempt(answer(status));
        CHECK(j.verdict == DeliveryVerdict::retry);
        CHECK(j.domain == DomainSignal::failed);
        CHECK(j.error == "HTTP " + std::to_string(status));
    }
    // Mastodon retries these: the server is there, but not ready for us now.
    for (int status : {401, 408, 429, 301, 302}) {
        INFO(status);
        auto j = judge_attempt(answer(status));
        CHECK(j.verdict == DeliveryVerdict::retry);
        CHECK(j.domain == DomainSignal::alive);
    }
    for (int status : {400, 403, 404, 405, 410, 413, 422}) {
        INFO(status);
        auto j = judge_attempt(answer(status));
        CHECK(j.verdict == DeliveryVerdict::refused);
        CHECK(j.domain == DomainSignal::alive);
    }
    for (auto f :
         {FetchFailure::timeout, FetchFailure::connect_failed, FetchFailure::resolve_failed,
          FetchFailure::tls_failed, FetchFailure::protocol_error}) {
        auto j = judge_attempt(failure(f));
        CHECK(j.verdict == DeliveryVerdict::retry);
        CHECK(j.domain == DomainSignal::failed);
        CHECK_FALSE(j.error.empty());
    }
    for (auto f : {FetchFailure::bad_url, FetchFailure::scheme_refused,
                   FetchFailure::address_refused, FetchFailure::signing_failed}) {
        auto j = judge_attempt(failure(f));
        CHECK(j.verdict == DeliveryVerdict::refused);
        CHECK(j.domain == DomainSignal::none);
    }
    auto cancelled = judge_attempt(failure(FetchFailure::cancelled));
    CHECK(cancelled.verdict == DeliveryVerdict::cancelled);
    CHECK(cancelled.domain == DomainSignal::none);
}

TEST_CASE("delivery policy: Retry-After in seconds is read on 429 and 503 only",
          "[unit][delivery]") {
    CHECK(judge_attempt(answer(429, {{"Retry-After", "120"}})).retry_after == 120);
    CHECK(judge_attempt(answer(503, {{"retry-after", "7"}})).retry_after == 7);
    CHECK_FALSE(judge_attempt(answer(500, {{"Retry-After", "120"}})).retry_after);
    CHECK_FALSE(
        judge_attempt(answer(429, {{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}})).retry_after);
    CHECK_FALSE(judge_attempt(answer(429, {{"Retry-After", "-5"}})).retry_after);
    CHECK_FALSE(judge_attempt(answer(429, {{"Retry-After", "12abc"}})).retry_after);
}

TEST_CASE("delivery policy: the back-off doubles from a minute and spans about three days",
          "[unit][delivery]") {
    CHECK(retry_delay_ms(1, 1.0) == 60'000);
    CHECK(retry_delay_ms(2, 1.0) == 120'000);
    CHECK(retry_delay_ms(3, 1.0) == 240'000);
    CHECK(retry_delay_ms(1, 0.75) == 45'000);
    CHECK(retry_delay_ms(1, 1.25) == 75'000);
    std::int64_t total = 0;
    int attempts = 1;
    while (total + retry_delay_ms(attempts, 1.0) <= 72 * 3600 * 1000LL)
        total += retry_delay_ms(attempts++, 1.0);
    CHECK(attempts == 13); // 12 waits fit in three days: 13 attempts in all
    CHECK(total > 60 * 3600 * 1000LL);
    // Never overflows, whatever the count.
    CHECK(retry_delay_ms(1000, 1.0) > 0);
    CHECK(retry_delay_ms(0, 1.0) == 60'000);
}

TEST_CASE("delivery config: defaults, values and bad values", "[unit][config][delivery]") {
    auto c = parse_config(base, "agora.toml", {});
    REQUIRE(c);
    auto o = DeliveryOptions::from_config(*c);
    CHECK(o.concurrency == 64);
    CHECK(o.per_domain == 4);
    CHECK(o.retry_for == std::chrono::hours(72));
    CHECK(o.unreachable_after == 10);
    CHECK(o.probe_interval == std::chrono::seconds(600));

    auto set = parse_config(base + "[federation]\ndelivery_concurrency = 8\ndelivery_per_domain = "
                                   "2\ndelivery_retry_hours = 24\ndelivery_unreachable_after = "
                                   "3\ndelivery_probe_interval = 60\n",
                            "agora.toml", {});
    REQUIRE(set);
    o = DeliveryOptions::from_config(*set);
    CHECK(o.concurrency == 8);
    CHECK(o.per_domain == 2);
    CHECK(o.retry_for == std::chrono::hours(24));
    CHECK(o.unreachable_after == 3);
    CHECK(o.probe_interval == std::chrono::seconds(60));

    auto env = parse_config(base, "agora.toml",
                            {{"AGORA_FEDERATION_DELIVERY_CONCURRENCY", "16"},
                             {"AGORA_FEDERATION_DELIVERY_PROBE_INTERVAL", "30"}});
    REQUIRE(env);
    CHECK(env->federation.delivery_concurrency == 16);
    CHECK(env->federation.delivery_probe_seconds == 30);

    struct Case {
        std::string toml, key;
    };
    for (const auto& bad : std::vector<Case>{
             {"delivery_concurrency = 0", "federation.delivery_concurrency"},
             {"delivery_concurrency = 1025", "federation.delivery_concurrency"},
             {"delivery_concurrency = \"many\"", "federation.delivery_concurrency"},
             {"delivery_per_domain = 0", "federation.delivery_per_domain"},
             {"delivery_per_domain = 65", "federation.delivery_per_domain"},
             {"delivery_concurrency = 2\ndelivery_per_domain = 4",
              "federation.delivery_per_domain"},
             {"delivery_retry_hours = 0", "federation.delivery_retry_hours"},
             {"delivery_retry_hours = 721", "federation.delivery_retry_hours"},
             {"delivery_unreachable_after = 0", "federation.delivery_unreachable_after"},
             {"delivery_probe_interval = 5", "federation.delivery_probe_interval"},
             {"delivery_probe_interval = 86401", "federation.delivery_probe_interval"},
         }) {
        INFO(bad.toml);
        auto parsed = parse_config(base + "[federation]\n" + bad.toml + "\n", "agora.toml", {});
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().key == bad.key);
    }
}

// Fixed-window request counters kept in memory: one count per key and window, O(1) per hit,
// thread-safe, bounded (idle keys are dropped, and past the capacity the least recently seen).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <unordered_map>

namespace agora::api {

// 128 bits identify what is counted: a token or account id, or an IP address.
struct CounterKey {
    std::uint64_t high = 0;
    std::uint64_t low = 0;
    friend bool operator==(const CounterKey&, const CounterKey&) = default;
};

class FixedWindowCounters {
public:
    // Windows of `period_seconds`, aligned on the Unix epoch (as Rack::Attack counts).
    FixedWindowCounters(std::int64_t period_seconds, std::size_t capacity);

    // Counts one more hit for `key` in the window holding `now_seconds`; returns the count so far
    // in that window, this hit included.
    std::uint32_t hit(const CounterKey& key, std::int64_t now_seconds);

    std::int64_t period_seconds() const { return period_; }
    std::size_t size() const;

private:
    struct Counter {
        CounterKey key;
        std::int64_t window_end; // unix seconds at which this count stops applying
        std::uint32_t count;
    };
    struct KeyHash {
        std::size_t operator()(const CounterKey& k) const;
    };

    std::int64_t period_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::list<Counter> recent_; // most recently hit first
    std::unordered_map<CounterKey, std::list<Counter>::iterator, KeyHash> index_;
};

} // namespace agora::api

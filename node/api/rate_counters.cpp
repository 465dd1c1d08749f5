// Fixed-window request counters kept in memory: O(1) per hit, thread-safe, bounded.
#include "api/rate_counters.hpp"

#include <algorithm>

namespace agora::api {

namespace {
// At most this many expired counters are dropped per hit: the cleaning is spread over requests
// instead of stalling one of them when a whole window ends.
constexpr int max_evictions_per_hit = 4;

std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}
} // namespace

std::size_t FixedWindowCounters::KeyHash::operator()(const CounterKey& k) const {
    return std::size_t(mix(k.high ^ mix(k.low)));
}

FixedWindowCounters::FixedWindowCounters(std::int64_t period_seconds, std::size_t capacity)
    : period_(period_seconds > 0 ? period_seconds : 1), capacity_(capacity > 0 ? capacity : 1) {
    index_.reserve(std::min<std::size_t>(capacity_, 1024));
}

std::uint32_t FixedWindowCounters::hit(const CounterKey& key, std::int64_t now_seconds) {
    std::int64_t window_end = (now_seconds / period_ + 1) * period_;
    std::lock_guard lock(mutex_);
    // The least recently hit counters are at the back; once their window is over they count for
    // nothing and may go.
    for (int i = 0;
         i < max_evictions_per_hit && !recent_.empty() && recent_.back().window_end <= now_seconds;
         ++i) {
        index_.erase(recent_.back().key);
        recent_.pop_back();
    }
    if (auto found = index_.find(key); found != index_.end()) {
        auto counter = found->second;
        recent_.splice(recent_.begin(), recent_, counter);
        if (counter->window_end != window_end) {
            counter->window_end = window_end;
            counter->count = 0;
        }
        return ++counter->count;
    }
    if (index_.size() >= capacity_) {
        // Full: forget the counter seen least recently, even if its window is still running.
        index_.erase(recent_.back().key);
        recent_.pop_back();
    }
    recent_.push_front(Counter{key, window_end, 1});
    index_.emplace(key, recent_.begin());
    return 1;
}

std::size_t FixedWindowCounters::size() const {
    std::lock_guard lock(mutex_);
    return index_.size();
}

} // namespace agora::api

// 64-bit time-sortable identifiers: milliseconds since the epoch in the high bits, a sequence
// below.
#include "util/ids.hpp"

#include "util/time.hpp"

#include <atomic>
#include <random>

namespace agora {

std::int64_t next_id() {
    static std::atomic<std::int64_t> last{0};
    static const std::int64_t random_low = [] {
        std::random_device rd;
        return std::int64_t(rd() & 0x7fff); // leaves headroom so a burst stays in the same ms
    }();
    std::int64_t candidate = id_floor_for_time(now_unix_ms()) | random_low;
    std::int64_t previous = last.load(std::memory_order_relaxed);
    for (;;) {
        std::int64_t next = candidate > previous ? candidate : previous + 1;
        if (last.compare_exchange_weak(previous, next, std::memory_order_relaxed)) return next;
    }
}

} // namespace agora

// Visitors' reports counted per address and overall, in fixed one-hour windows, in memory.
#include "moderation/visitor_limiter.hpp"

namespace agora::moderation {

unsigned& VisitorReportLimiter::count_of(const IpAddress& client, std::int64_t now_ms) {
    if (now_ms - window_start_ >= window_ms) {
        window_start_ = now_ms - now_ms % window_ms;
        total_ = 0;
        by_address_.clear();
    }
    auto network = client.is_v4() ? client : client.masked(64);
    const auto& bytes = network.bytes();
    return by_address_[std::string(bytes.begin(), bytes.end())];
}

bool VisitorReportLimiter::allows(const IpAddress& client, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    return count_of(client, now_ms) < per_address_ && total_ < overall_;
}

void VisitorReportLimiter::record(const IpAddress& client, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    ++count_of(client, now_ms);
    ++total_;
}

} // namespace agora::moderation

// How often visitors (no account) may file reports: at most `per_address` an hour from one
// client address (an IPv6 /64 counts as one address) and `overall` an hour in all, counted in
// this process's memory only. Addresses are never stored nor logged; a restart forgets them.
#pragma once

#include "util/ip_address.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace agora::moderation {

class VisitorReportLimiter {
public:
    VisitorReportLimiter(unsigned per_address = 5, unsigned overall = 60)
        : per_address_(per_address), overall_(overall) {}

    // Whether `client` may file one more report at `now_ms`; record() counts one filed.
    // Refused attempts (bad input) are not counted: only reports written are.
    bool allows(const IpAddress& client, std::int64_t now_ms);
    void record(const IpAddress& client, std::int64_t now_ms);

private:
    unsigned& count_of(const IpAddress& client, std::int64_t now_ms); // mutex_ held
    static constexpr std::int64_t window_ms = 3600 * 1000;
    unsigned per_address_, overall_;
    std::mutex mutex_;
    std::int64_t window_start_ = 0;
    unsigned total_ = 0;
    std::map<std::string, unsigned> by_address_;
};

} // namespace agora::moderation

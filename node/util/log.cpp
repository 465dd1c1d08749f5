// Minimal thread-safe logger: one line per event on stderr, never an IP address.
#include "util/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

namespace agora::log {
namespace {
std::atomic<Level> current{Level::info};
std::mutex output_mutex;

const char* name_of(Level level) {
    switch (level) {
    case Level::debug:
        return "debug";
    case Level::info:
        return "info";
    case Level::warn:
        return "warn";
    case Level::error:
        return "error";
    default:
        return "off";
    }
}
} // namespace

void set_level(Level level) {
    current.store(level, std::memory_order_relaxed);
}
Level level() {
    return current.load(std::memory_order_relaxed);
}

bool parse_level(std::string_view text, Level& out) {
    for (auto l : {Level::debug, Level::info, Level::warn, Level::error, Level::off}) {
        if (text == name_of(l)) {
            out = l;
            return true;
        }
    }
    return false;
}

void write(Level lvl, std::string_view message) {
    if (lvl < level()) return;
    auto now = std::chrono::system_clock::now();
    auto secs = std::chrono::system_clock::to_time_t(now);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char stamp[64];
    std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, int(ms.count()));
    std::string line;
    line.reserve(message.size() + 48);
    line.append(stamp).append(" ").append(name_of(lvl)).append(" ").append(message).append("\n");
    std::lock_guard lock(output_mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace agora::log

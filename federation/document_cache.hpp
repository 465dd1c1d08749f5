// Rendered documents (actors, WebFinger answers) kept in memory for a few seconds: peers fetch
// them far more often than accounts change. An entry is dropped when the node's accounts version
// moves (a change made in this process) or when it is older than the time to live (a change made
// by another process, such as the CLI).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace agora::federation {

class DocumentCache {
public:
    explicit DocumentCache(std::chrono::milliseconds ttl = std::chrono::seconds(10)) : ttl_(ttl) {}

    std::optional<std::string> find(const std::string& key, std::uint64_t version);
    void store(const std::string& key, std::uint64_t version, std::string body);

private:
    struct Entry {
        std::uint64_t version;
        std::chrono::steady_clock::time_point stored_at;
        std::string body;
    };
    std::chrono::milliseconds ttl_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
};

} // namespace agora::federation

// Rendered documents (actors, WebFinger answers) kept in memory for a few seconds.
#include "federation/document_cache.hpp"

namespace agora::federation {

namespace {
constexpr std::size_t max_entries = 4096; // bounded: past it, a cold start costs one render each
}

std::optional<std::string> DocumentCache::find(const std::string& key, std::uint64_t version) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    if (it->second.version != version ||
        std::chrono::steady_clock::now() - it->second.stored_at > ttl_) {
        entries_.erase(it);
        return std::nullopt;
    }
    return it->second.body;
}

void DocumentCache::store(const std::string& key, std::uint64_t version, std::string body) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= max_entries) entries_.clear();
    entries_[key] = {version, std::chrono::steady_clock::now(), std::move(body)};
}

} // namespace agora::federation

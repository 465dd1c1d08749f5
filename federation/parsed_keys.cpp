// Public keys parsed once, by their PEM text.
#include "federation/parsed_keys.hpp"

namespace agora::federation {

std::expected<PublicKey, std::string> ParsedKeys::from_pem(std::string_view pem) {
    {
        std::lock_guard lock(mutex_);
        if (auto it = keys_.find(pem); it != keys_.end()) return it->second;
    }
    auto key = PublicKey::from_pem(pem);
    if (!key) return key;
    std::lock_guard lock(mutex_);
    // Full: start again rather than keep an order of use (the working set refills at once).
    if (keys_.size() >= capacity_) keys_.clear();
    keys_.emplace(std::string(pem), *key);
    return key;
}

} // namespace agora::federation

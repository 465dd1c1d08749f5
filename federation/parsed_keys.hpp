// Public keys parsed once: OpenSSL 3 takes far longer to read a PEM key than to check a signature
// with it, so the keys of the actors that deliver to the inboxes are kept parsed, by their PEM
// text (a rotated key is a new text: never a stale entry).
#pragma once

#include "federation/signature_keys.hpp"

#include <cstddef>
#include <expected>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace agora::federation {

class ParsedKeys {
public:
    explicit ParsedKeys(std::size_t capacity = 20000) : capacity_(capacity) {}

    // PublicKey::from_pem, remembered. Thread-safe.
    std::expected<PublicKey, std::string> from_pem(std::string_view pem);

private:
    struct TextHash { // looked up by string_view: no copy of the PEM text per request
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const {
            return std::hash<std::string_view>{}(text);
        }
    };
    std::size_t capacity_;
    std::mutex mutex_;
    std::unordered_map<std::string, PublicKey, TextHash, std::equal_to<>> keys_;
};

} // namespace agora::federation

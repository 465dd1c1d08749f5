// Standard base64 (RFC 4648 section 4), as HTTP signatures and body digests write it.
#include "federation/base64.hpp"

#include <sodium.h>

namespace agora::federation {

std::string base64_encode(std::string_view bytes) {
    std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1); // the terminating NUL
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    std::string out(text.size() / 4 * 3 + 3, '\0');
    for (int variant :
         {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING}) {
        std::size_t length = 0;
        const char* end = nullptr;
        if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                              text.size(), nullptr, &length, &end, variant) == 0 &&
            end == text.data() + text.size()) {
            out.resize(length);
            return out;
        }
    }
    return std::nullopt;
}

} // namespace agora::federation

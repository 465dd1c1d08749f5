// Form tokens: "<issued unix ms>.<hex HMAC-SHA256(key, issued '|' subject)>".
#include "web/form_token.hpp"

#include "crypto/tokens.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

namespace agora::web {

namespace {
// Forms served by a clock slightly ahead (another thread's "now") are still accepted.
constexpr std::int64_t clock_skew_ms = 60 * 1000;
} // namespace

FormTokens::FormTokens() : key_(crypto::random_token(32)) {}

std::string FormTokens::mac(std::string_view issued, std::string_view subject) const {
    std::string message = std::string(issued) + "|" + std::string(subject);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

std::string FormTokens::issue(std::string_view subject, std::int64_t now_ms) const {
    std::string issued = std::to_string(now_ms);
    return issued + "." + mac(issued, subject);
}

bool FormTokens::valid(std::string_view token, std::string_view subject,
                       std::int64_t now_ms) const {
    auto dot = token.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot > 19) return false;
    auto issued_text = token.substr(0, dot);
    std::int64_t issued = 0;
    auto [end, error] =
        std::from_chars(issued_text.data(), issued_text.data() + issued_text.size(), issued);
    if (error != std::errc{} || end != issued_text.data() + issued_text.size()) return false;
    if (issued > now_ms + clock_skew_ms || now_ms - issued > lifetime_ms) return false;
    return crypto::constant_time_equals(token.substr(dot + 1), mac(issued_text, subject));
}

bool sent_from_this_site(const http::Request& req, const Config& config) {
    auto site = req.header("Sec-Fetch-Site");
    if (!site.empty()) return site == "same-origin" || site == "none";
    auto origin = req.header("Origin");
    if (origin.empty()) return true;
    auto scheme_end = origin.find("://");
    if (scheme_end == std::string_view::npos) return false; // "null": an opaque origin
    auto host = origin.substr(scheme_end + 3);
    return host == req.header("Host") || host == config.instance.domain;
}

} // namespace agora::web

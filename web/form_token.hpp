// Signed, time-limited tokens for the anonymous forms of the web pages (the report form): an
// HMAC-SHA256, under a key drawn when the process starts, of when the form was served and what it
// is about. A restart voids the forms open at that moment (their page asks to send them again).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace agora::web {

class FormTokens {
public:
    // How long a served form may be sent back.
    static constexpr std::int64_t lifetime_ms = 2 * 3600 * 1000;

    FormTokens(); // a fresh random key
    explicit FormTokens(std::string key) : key_(std::move(key)) {}

    // A token for a form about `subject` served at `now_ms`.
    std::string issue(std::string_view subject, std::int64_t now_ms) const;
    // Whether `token` was issued here for `subject`, less than lifetime_ms before `now_ms`.
    bool valid(std::string_view token, std::string_view subject, std::int64_t now_ms) const;

private:
    std::string mac(std::string_view issued, std::string_view subject) const;
    std::string key_;
};

} // namespace agora::web

// Signed, time-limited tokens for the forms of the web pages (report, account deletion): an
// HMAC-SHA256, under a key drawn when the process starts, of when the form was served and what it
// is about. A restart voids the forms open at that moment (their page asks to send them again).
// And the browser's word on where a POST comes from.
#pragma once

#include "config/config.hpp"
#include "http/message.hpp"

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

// Whether a browser sent this POST from one of this site's pages. Browsers say where a request
// comes from (Sec-Fetch-Site, else Origin); requests that say nothing (old browsers, tools) are
// judged by the form token alone.
bool sent_from_this_site(const http::Request& req, const Config& config);

} // namespace agora::web

// Reading a filter from a request, for the v2 and v1 filter endpoints.
#include "api/filter_params.hpp"

#include "statuses/text_format.hpp"
#include "util/time.hpp"

#include <algorithm>
#include <charconv>

namespace agora::api {

namespace {
constexpr std::int64_t max_expires_in_seconds = 100LL * 366 * 24 * 3600;

std::size_t code_points(std::string_view s) {
    return std::size_t(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
} // namespace

http::Response problems_response(const Problems& problems) {
    std::string message;
    for (const auto& p : problems) {
        if (!message.empty()) message += ", ";
        message += p;
    }
    return validation_error(message);
}

http::Response not_found() {
    return http::error_response(404, "Record not found");
}

std::string trim(std::string_view s) {
    auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return "";
    auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

void check_filter_text(Problems& problems, const std::string& what, const std::string& value,
                       std::size_t max) {
    if (!valid_utf8(value))
        problems.push_back(what + " is not valid UTF-8");
    else if (trim(value).empty())
        problems.push_back(what + " can't be blank");
    else if (code_points(value) > max)
        problems.push_back(what + " is too long (maximum is " + std::to_string(max) +
                           " characters)");
}

std::optional<bool> rails_bool(const std::string& v) {
    if (v.empty()) return std::nullopt;
    return v == "true" || v == "1" || v == "on" || v == "t" || v == "TRUE" || v == "True";
}

void read_filter_context(const Params& params, Filter& f, bool creating, Problems& problems) {
    if (creating || params.given("context") || params.has("context")) {
        f.context.clear();
        for (const auto& c : params.list("context")) {
            auto name = trim(c);
            if (!name.empty() &&
                std::find(f.context.begin(), f.context.end(), name) == f.context.end())
                f.context.push_back(name);
        }
    }
    bool known = std::all_of(f.context.begin(), f.context.end(), [](const std::string& c) {
        return std::find(filter_contexts.begin(), filter_contexts.end(), c) !=
               filter_contexts.end();
    });
    if (f.context.empty()) problems.push_back("Context can't be blank");
    if (f.context.empty() || !known) problems.push_back("Context None or invalid context supplied");
}

void read_filter_expiry(const Params& params, Filter& f, Problems& problems) {
    if (!params.given("expires_in")) return;
    auto text = params.get("expires_in").value_or("");
    if (text.empty()) {
        f.expires_at.reset();
        return;
    }
    std::int64_t seconds = -1;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (error != std::errc() || end != text.data() + text.size() || seconds < 0)
        problems.push_back("Expires in is not a number");
    else if (seconds > max_expires_in_seconds)
        problems.push_back("Expires in is too large");
    else
        f.expires_at = now_unix_ms() + seconds * 1000;
}

void read_filter_fields(const Params& params, Filter& f, bool creating, Problems& problems) {
    if (auto title = params.get("title")) f.title = *title;
    check_filter_text(problems, "Title", f.title, max_filter_title_characters);
    read_filter_context(params, f, creating, problems);
    if (auto action = params.get("filter_action"); action && !action->empty()) {
        if (std::find(filter_actions.begin(), filter_actions.end(), *action) ==
            filter_actions.end())
            problems.push_back("Filter action is not included in the list");
        else
            f.action = *action;
    }
    read_filter_expiry(params, f, problems);
}

} // namespace agora::api

// HTML escaping and the page frame every server-rendered page shares.
#pragma once

#include <string>
#include <string_view>

namespace agora::web {

std::string escape(std::string_view text);

struct Page {
    std::string lang;
    std::string title;
    std::string head_extra; // already-safe markup for <head>
    std::string body;       // already-safe markup
};
std::string render(const Page& page);

} // namespace agora::web

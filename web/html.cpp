// HTML escaping and the page frame every server-rendered page shares.
#include "web/html.hpp"

#include "util/html_escape.hpp"

namespace agora::web {

std::string escape(std::string_view text) {
    return escape_html(text);
}

std::string render(const Page& page) {
    // Light, no scripts, no third-party requests: readable on old phones and slow links.
    return "<!DOCTYPE html>\n<html lang=\"" + escape(page.lang) +
           "\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
           escape(page.title) + "</title>\n" + page.head_extra +
           "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:1rem "
           "auto;padding:0 1rem;"
           "line-height:1.5;color:#1a1a1a;background:#fff}a{color:#1a4d8f}"
           ".handle{color:#4a4a4a}</style>\n</head>\n<body>\n<main>\n" +
           page.body + "</main>\n</body>\n</html>\n";
}

} // namespace agora::web

// Markdown to safe HTML with cmark (CommonMark's reference implementation).
#include "legal/markdown.hpp"

#include <cmark.h>

#include <cstdlib>
#include <memory>

namespace agora::legal {

std::string markdown_to_safe_html(std::string_view markdown) {
    // Without CMARK_OPT_UNSAFE, cmark replaces raw HTML with a comment and empties unsafe links;
    // invalid UTF-8 becomes U+FFFD.
    std::unique_ptr<char, decltype(&std::free)> html(
        cmark_markdown_to_html(markdown.data(), markdown.size(),
                               CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART),
        &std::free);
    return html ? std::string(html.get()) : std::string();
}

} // namespace agora::legal

// Markdown to HTML for the instance's published texts (terms, privacy policy), with cmark in its
// safe mode: raw HTML is dropped and javascript:, vbscript:, file: and most data: links emptied.
#pragma once

#include <string>
#include <string_view>

namespace agora::legal {

std::string markdown_to_safe_html(std::string_view markdown);

} // namespace agora::legal

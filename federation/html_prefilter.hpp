// The sanitiser's pre-pass: rewrites remote HTML into a small, bounded stream that gumbo parses.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace agora::federation::html {

struct PrefilterLimits {
    // Open elements plus active formatting elements the parser may hold at once; a start tag
    // that would exceed it is dropped (its text is kept). gumbo's tree is never deeper than
    // this plus the 22 formatting elements the parser can re-open. (remote_html sets it to its
    // own depth limit, 32, plus 26: see kPrefilterSlack there.)
    std::size_t max_depth = 58;
    // Formatting elements the parser may re-open (`<p><b>x<p>y` re-opens `b` in the second
    // paragraph) before the rest of the input is passed on as text only.
    std::size_t max_reopened = 1024;
    // A longer attribute value is dropped with its attribute.
    std::size_t max_attribute_bytes = 8192;
};

// Why a pre-pass: Debian's gumbo 0.10.1 has no depth limit, walks its whole stack of open
// elements for most tags, and re-opens formatting elements without bound, so 50 KB of crafted
// markup costs it seconds and gigabytes. The pre-pass reads the input with an HTML5-conformant
// tokenizer and forwards only:
// - text, with every `<` that opens no tag escaped and NUL characters removed;
// - the tags of the elements the sanitiser may keep (see html_sanitizer.hpp), with only the
//   attributes it may keep, re-quoted (values stay undecoded: gumbo decodes them);
// - a space where a dropped block-level element (div, table cells...) separated text;
// - for MathML, the TeX or plain-text annotation, as Mastodon keeps it.
// script, style, iframe, object, template, svg, head, title, textarea, noscript... go with their
// content; comments, doctypes and processing instructions go. It simulates the HTML5 tree
// builder on what it forwards (for these elements the rules are few) to know how deep gumbo
// will nest, and drops what would go past the limits above.
std::string prefilter(std::string_view input, const PrefilterLimits& limits = {});

} // namespace agora::federation::html

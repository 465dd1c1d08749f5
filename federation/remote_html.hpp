// Remote HTML (post content, summaries, profile notes) made safe to store and show: sanitised on
// the way in with gumbo against Mastodon's allow-list, or reduced to plain text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace agora::federation::remote_html {

struct Limits {
    std::size_t max_input_bytes = 128 * 1024; // longer input is cut at a character boundary
    std::size_t max_depth = 32;               // deeper elements are flattened into their text
};

// Returns an HTML fragment that keeps only:
// - p, br, span, a, del, s, pre, blockquote, code, b, strong, u, i, em, ul, ol, li, ruby, rt,
//   rp (Mastodon's MASTODON_STRICT elements); h1-h6 become <p><strong>; a MathML formula
//   becomes its TeX annotation between `$` (or `$$` for display="block") or its plain-text one;
// - the attributes of html_policy.hpp, values checked: links keep an href of a safe scheme and
//   get rel="nofollow noopener noreferrer" target="_blank", class keeps only microformats and
//   mention/hashtag/ellipsis/invisible/quote-inline, translate only "no";
// - a link without a safe href becomes its bare text.
// Other elements are unwrapped (their text stays; block-level ones leave a space), except
// script, style, iframe, object, embed, template, noscript, svg, head, title, textarea... which
// go with their content. No comment, doctype or processing instruction survives. Text and
// attribute values are decoded by the parser and escaped again, and the result nests so that
// parsing it again gives the same tree (sanitising it again changes nothing). The work is
// linear in the input: nesting is bounded before gumbo sees it (see html_prefilter.hpp).
std::string sanitize(std::string_view html, const Limits& limits = {});

// The text a reader sees, for search, notifications and summaries: paragraphs, headings,
// quotes and lists end with a blank line or a newline, <br> is a newline, other runs of
// whitespace are one space (inside <pre> they are kept), link text stays whole (the parts
// Mastodon hides with class="invisible" included), and nothing is escaped.
std::string to_plain_text(std::string_view html, const Limits& limits = {});

} // namespace agora::federation::remote_html

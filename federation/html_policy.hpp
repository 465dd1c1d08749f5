// What remote HTML may keep: the elements, attributes, classes and link schemes of Mastodon's
// MASTODON_STRICT sanitiser configuration, as plain facts the pre-pass and the writer share.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace agora::federation::html {

// The elements kept (h1-h6 are shown as <p><strong>, as Mastodon shows them).
// clang-format off
enum class Element {
    a, b, blockquote, br, code, del, em, h1, h2, h3, h4, h5, h6, i,
    li, ol, p, pre, rp, rt, ruby, s, span, strong, u, ul
};
// clang-format on
inline constexpr std::size_t kElementCount = 26;

std::optional<Element> kept_element(std::string_view lowercase_name);
std::string_view element_name(Element e);
bool is_heading(Element e);
bool is_formatting(Element e); // a, b, code, em, i, s, strong, u: the parser may re-open them
bool is_block(Element e);      // blockquote, h1-h6, li, ol, p, pre, ul

// a: href rel target class translate lang; span: class translate lang; p: class lang;
// ol: start reversed lang; li: value lang; blockquote ul pre del ruby rt rp h1-h6: lang.
// Mastodon also allows lang on b, strong, i, em, u, s, code and br: Agora drops it there (the
// parser compares the attributes of formatting elements, which the pre-pass must predict).
bool is_kept_attribute(Element e, std::string_view name);

// Every kept link gets this rel and target="_blank". Mastodon dropped noreferrer in December
// 2025 (pull request 37107) and leaves it to its Referrer-Policy header; the federation issue
// asks for it, and it keeps a remote page from learning where its readers came from.
inline constexpr std::string_view kLinkRel = "nofollow noopener noreferrer";

// An href (entities already decoded) a link may keep: an absolute URL whose scheme is one of
// Mastodon's LINK_PROTOCOLS (http, https, dat, dweb, ipfs, ipns, ssb, gopher, xmpp, magnet,
// gemini), with no control character and no leading or trailing space. Relative URLs, and so
// `javascript:`, `data:`, `vbscript:` in any spelling, are refused: the link becomes its text.
bool is_safe_link(std::string_view href);

// The class tokens kept (on a, span and p): microformats (h-*, p-*, u-*, dt-*, e-*), mention,
// hashtag, ellipsis, invisible and quote-inline, made of ASCII letters, digits, `-` and `_`.
std::string kept_classes(std::string_view value);

bool is_language_tag(std::string_view value); // lang: letters, digits and `-`, 1 to 35 long
bool is_list_number(std::string_view value);  // ol start, li value: an integer of 1-9 digits

} // namespace agora::federation::html

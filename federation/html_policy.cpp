// What remote HTML may keep: the elements, attributes, classes and link schemes of Mastodon's
// MASTODON_STRICT sanitiser configuration, as plain facts the pre-pass and the writer share.
#include "federation/html_policy.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <utility>

namespace agora::federation::html {

namespace {

using enum Element;

constexpr std::array<std::pair<std::string_view, Element>, kElementCount> kNames{{
    {"a", a},   {"b", b},       {"blockquote", blockquote},
    {"br", br}, {"code", code}, {"del", del},
    {"em", em}, {"h1", h1},     {"h2", h2},
    {"h3", h3}, {"h4", h4},     {"h5", h5},
    {"h6", h6}, {"i", i},       {"li", li},
    {"ol", ol}, {"p", p},       {"pre", pre},
    {"rp", rp}, {"rt", rt},     {"ruby", ruby},
    {"s", s},   {"span", span}, {"strong", strong},
    {"u", u},   {"ul", ul},
}};

constexpr std::array<std::string_view, 11> kLinkSchemes{
    "http", "https", "dat", "dweb", "ipfs", "ipns", "ssb", "gopher", "xmpp", "magnet", "gemini"};

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_class_token_char(char c) {
    return is_ascii_alnum(c) || c == '-' || c == '_';
}

bool is_kept_class(std::string_view token) {
    if (token.empty() || !std::all_of(token.begin(), token.end(), is_class_token_char))
        return false;
    for (std::string_view prefix : {"h-", "p-", "u-", "dt-", "e-"}) // microformats
        if (token.starts_with(prefix)) return true;
    return is_one_of(token, {"mention", "hashtag", "ellipsis", "invisible", "quote-inline"});
}

} // namespace

std::optional<Element> kept_element(std::string_view lowercase_name) {
    for (const auto& [name, e] : kNames)
        if (name == lowercase_name) return e;
    return std::nullopt;
}

std::string_view element_name(Element e) {
    return kNames[static_cast<std::size_t>(e)].first;
}

bool is_heading(Element e) {
    return e >= h1 && e <= h6;
}

bool is_formatting(Element e) {
    return e == a || e == b || e == code || e == em || e == i || e == s || e == strong || e == u;
}

bool is_block(Element e) {
    return e == blockquote || is_heading(e) || e == li || e == ol || e == p || e == pre || e == ul;
}

bool is_kept_attribute(Element e, std::string_view name) {
    switch (e) {
    case a:
        return is_one_of(name, {"href", "rel", "target", "class", "translate", "lang"});
    case span:
        return is_one_of(name, {"class", "translate", "lang"});
    case p:
        return name == "class" || name == "lang";
    case ol:
        return is_one_of(name, {"start", "reversed", "lang"});
    case li:
        return name == "value" || name == "lang";
    case blockquote:
    case ul:
    case pre:
    case del:
    case ruby:
    case rt:
    case rp:
        return name == "lang";
    default:
        return is_heading(e) && name == "lang";
    }
}

bool is_safe_link(std::string_view href) {
    if (href.empty() || href.front() == ' ' || href.back() == ' ') return false;
    for (unsigned char c : href)
        if (c < 0x20 || c == 0x7f) return false; // tabs and newlines too: browsers drop them
    // The scheme runs to the first `:`; a `/`, `?` or `#` before it makes the URL relative.
    std::size_t end = href.find_first_of(":/?#");
    if (end == std::string_view::npos || end == 0 || href[end] != ':') return false;
    std::string scheme;
    for (char c : href.substr(0, end)) {
        if (!is_ascii_alnum(c) && c != '+' && c != '-' && c != '.') return false;
        scheme += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return std::find(kLinkSchemes.begin(), kLinkSchemes.end(), scheme) != kLinkSchemes.end();
}

std::string kept_classes(std::string_view value) {
    std::string kept;
    std::size_t k = 0;
    while (k < value.size()) {
        std::size_t end = value.find_first_of(" \t\n\f\r", k);
        if (end == std::string_view::npos) end = value.size();
        auto token = value.substr(k, end - k);
        if (is_kept_class(token)) {
            if (!kept.empty()) kept += ' ';
            kept += token;
        }
        k = end + 1;
    }
    return kept;
}

bool is_language_tag(std::string_view value) {
    return !value.empty() && value.size() <= 35 &&
           ((value[0] >= 'a' && value[0] <= 'z') || (value[0] >= 'A' && value[0] <= 'Z')) &&
           std::all_of(value.begin(), value.end(),
                       [](char c) { return is_ascii_alnum(c) || c == '-'; });
}

bool is_list_number(std::string_view value) {
    if (value.starts_with('-')) value.remove_prefix(1);
    return !value.empty() && value.size() <= 9 &&
           std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace agora::federation::html

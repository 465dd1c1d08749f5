// Status text to Mastodon-shaped HTML with a hand-written scanner that follows Mastodon's rules.
#include "statuses/text_format.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <unordered_map>
#include <unordered_set>

namespace agora {

namespace {

constexpr std::size_t npos = std::string_view::npos;
constexpr std::size_t kShownUrlChars = 30;     // TextFormatter.shortened_link
constexpr std::size_t kUrlCountsAs = 23;       // StatusLengthValidator::URL_PLACEHOLDER_CHARS
constexpr std::size_t kMaxUrlChars = 4096;     // twitter-text MAX_URL_LENGTH
constexpr std::size_t kMaxMentionDomain = 253; // Extractor::MAX_DOMAIN_LENGTH
constexpr std::string_view kLinkRel = "nofollow noopener"; // TextFormatter::DEFAULT_REL

using Text = std::u32string;

// The text as code points, with the byte offset of each one (plus one past the end).
struct Decoded {
    Text cps;
    std::vector<std::size_t> offsets;
};

// The code point at `pos` and its length in bytes, or a length <= 0 for invalid UTF-8.
utf8proc_ssize_t read_code_point(std::string_view s, std::size_t pos, utf8proc_int32_t& cp) {
    return utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos),
                            utf8proc_ssize_t(s.size() - pos), &cp);
}

std::expected<Decoded, TextError> decode(std::string_view text) {
    Decoded d;
    d.cps.reserve(text.size());
    d.offsets.reserve(text.size() + 1);
    std::size_t pos = 0;
    while (pos < text.size()) {
        utf8proc_int32_t cp = 0;
        auto n = read_code_point(text, pos, cp);
        if (n <= 0) return std::unexpected(TextError{"text is not valid UTF-8"});
        if (cp == 0) return std::unexpected(TextError{"text contains a NUL character"});
        d.cps.push_back(char32_t(cp));
        d.offsets.push_back(pos);
        pos += std::size_t(n);
    }
    d.offsets.push_back(pos);
    return d;
}

void append_utf8(std::string& out, char32_t c) {
    utf8proc_uint8_t buf[4];
    auto n = utf8proc_encode_char(utf8proc_int32_t(c), buf);
    out.append(reinterpret_cast<const char*>(buf), std::size_t(n));
}

// ---- Character classes, as Ruby's Onigmo sees them on UTF-8 strings ----

utf8proc_category_t category(char32_t c) {
    return utf8proc_category(utf8proc_int32_t(c));
}

bool is_ascii_alnum(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_digit(char32_t c) {
    return c >= '0' && c <= '9';
}
bool is_letter(char32_t c) {
    auto k = category(c);
    return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}
bool is_mark(char32_t c) {
    auto k = category(c);
    return k >= UTF8PROC_CATEGORY_MN && k <= UTF8PROC_CATEGORY_ME;
}
// Symbols Unicode counts as alphabetic: circled and squared Latin letters.
bool is_letter_symbol(char32_t c) {
    return (c >= 0x24B6 && c <= 0x24E9) || (c >= 0x1F130 && c <= 0x1F149) ||
           (c >= 0x1F150 && c <= 0x1F169) || (c >= 0x1F170 && c <= 0x1F189);
}
// [[:space:]]: the White_Space property.
bool is_white_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}
// [[:word:]]: alphabetic characters, marks, decimal digits, connector punctuation.
bool is_word(char32_t c) {
    auto k = category(c);
    return is_letter(c) || is_mark(c) || k == UTF8PROC_CATEGORY_ND || k == UTF8PROC_CATEGORY_NL ||
           k == UTF8PROC_CATEGORY_PC || is_letter_symbol(c);
}
// [[:alpha:]]: the Alphabetic property. Its non-spacing marks (vowel signs, Hebrew and Arabic
// points) are told from diacritics, viramas and selectors by their combining class.
bool is_alpha(char32_t c) {
    auto k = category(c);
    if (is_letter(c) || k == UTF8PROC_CATEGORY_NL || k == UTF8PROC_CATEGORY_MC ||
        is_letter_symbol(c))
        return true;
    if (k != UTF8PROC_CATEGORY_MN) return false;
    if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF) ||
        (c >= 0x180B && c <= 0x180F) || c == 0x0E47 || c == 0x0E4C || c == 0x0E4E)
        return false;
    auto ccc = utf8proc_get_property(utf8proc_int32_t(c))->combining_class;
    return c == 0x0345 || ccc == 0 || (ccc >= 10 && ccc <= 199);
}
bool is_alnum(char32_t c) {
    return is_alpha(c) || category(c) == UTF8PROC_CATEGORY_ND;
}
bool is_hashtag_separator(char32_t c) {
    return c == '_' || c == 0x00B7 || c == 0x30FB || c == 0x200C;
}
// twitter-text's latin_accents: a mention directly followed by one of these is no mention.
bool is_latin_accent(char32_t c) {
    return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x24F) ||
           c == 0x253 || c == 0x254 || c == 0x256 || c == 0x257 || c == 0x259 || c == 0x25B ||
           c == 0x263 || c == 0x268 || c == 0x26F || c == 0x272 || c == 0x289 || c == 0x28B ||
           c == 0x2BB || (c >= 0x300 && c <= 0x36F) || (c >= 0x1E00 && c <= 0x1EFF);
}

// ---- URL character classes (twitter-text, with Mastodon's overrides) ----

bool is_one_of(char32_t c, std::string_view set) {
    return c < 0x80 && set.find(char(c)) != npos;
}
bool is_invalid_char(char32_t c) {
    return c == 0xFFFE || c == 0xFEFF || c == 0xFFFF;
}
bool may_precede_url(char32_t c) {
    return !is_ascii_alnum(c) && !is_one_of(c, "@$#") && c != 0xFF20 && c != 0xFF03 &&
           !is_invalid_char(c);
}
// Letters, marks and digits: what IDNA accepts in a label.
bool is_domain_char(char32_t c) {
    if (c < 0x80) return is_ascii_alnum(c);
    auto k = category(c);
    return k != UTF8PROC_CATEGORY_CN && k < UTF8PROC_CATEGORY_PC;
}
bool is_path_char(char32_t c) {
    return !is_white_space(c) && !is_one_of(c, "<>()?");
}
bool is_path_end_char(char32_t c) {
    return is_path_char(c) && !is_one_of(c, "!*\"';:=,.$%[]~&|@") && c != 0x300C && c != 0x300D;
}
// twitter-text's UCHARS: the non-ASCII characters a query string may hold.
bool is_uchar(char32_t c) {
    return c >= 0xA0 && !(c >= 0xD800 && c <= 0xDFFF) && !(c >= 0xFDD0 && c <= 0xFDEF) &&
           !(c >= 0xFFF0 && c <= 0xFFFF) && !(c >= 0xE0000 && c < 0xE1000) && (c & 0xFFFF) < 0xFFFE;
}
bool is_query_char(char32_t c) {
    return is_ascii_alnum(c) || is_one_of(c, "!?*'();:&=+$/%#[]-_.,~|@^") || is_uchar(c);
}
bool is_query_end_char(char32_t c) {
    return is_ascii_alnum(c) || is_one_of(c, "_&=#/-") || is_uchar(c);
}

// ---- Scanning ----

// Past the run of characters from `i` on that satisfy `pred`.
template <typename Pred>
std::size_t skip_while(const Text& t, std::size_t i, Pred pred) {
    while (i < t.size() && pred(t[i]))
        ++i;
    return i;
}

bool starts_with(const Text& t, std::size_t i, std::string_view s, bool any_case = false) {
    if (i + s.size() > t.size()) return false;
    for (std::size_t k = 0; k < s.size(); ++k) {
        char32_t c = t[i + k];
        if (any_case && c >= 'A' && c <= 'Z') c += 'a' - 'A';
        if (c != char32_t(s[k])) return false;
    }
    return true;
}

enum class Kind { url, hashtag, mention };
struct Entity {
    Kind kind;
    std::size_t begin, end; // code point indices; for hashtags and mentions `begin` is the sign
};

struct DomainScan {
    std::size_t end = npos; // past the top-level domain, or npos
    std::size_t reach = 0;  // past the last label looked at
};

// The top-level domain at the start of a label: a run of ASCII letters, a run of other letters,
// or punycode, not followed by [0-9a-z@+-].
std::size_t tld_end(const Text& t, std::size_t b, std::size_t e) {
    if (starts_with(t, b, "xn--", true)) {
        std::size_t k = std::min(skip_while(t, b + 4, is_ascii_alnum), e);
        return k > b + 4 ? k : npos;
    }
    bool ascii = t[b] < 0x80;
    std::size_t k = b;
    while (k < e && (ascii ? (is_ascii_alnum(t[k]) && !is_digit(t[k]))
                           : (t[k] >= 0x80 && (is_letter(t[k]) || is_mark(t[k])))))
        ++k;
    if (k - b < 2) return npos;
    if (k < t.size() && (is_ascii_alnum(t[k]) || is_one_of(t[k], "@+-"))) return npos;
    return k;
}

// `label.(label.)*tld`, the longest one starting at `start`. Labels may hold inner `-`, and `_`
// except in the label just before the top-level domain.
DomainScan scan_domain(const Text& t, std::size_t start) {
    std::vector<std::pair<std::size_t, std::size_t>> labels;
    std::size_t pos = start;
    while (pos < t.size() && is_domain_char(t[pos])) {
        std::size_t e = pos, last = pos;
        while (e < t.size() && (is_domain_char(t[e]) || t[e] == '-' || t[e] == '_'))
            if (is_domain_char(t[e++])) last = e;
        labels.emplace_back(pos, last);
        if (last >= t.size() || t[last] != '.') break;
        pos = last + 1;
    }
    DomainScan r;
    r.reach = labels.empty() ? start + 1 : labels.back().second;
    for (std::size_t k = labels.size(); k-- > 1;) {
        auto [b, e] = labels[k];
        auto [pb, pe] = labels[k - 1];
        if (std::find(t.begin() + long(pb), t.begin() + long(pe), U'_') != t.begin() + long(pe))
            continue;
        if (auto end = tld_end(t, b, e); end != npos) {
            r.end = end;
            break;
        }
    }
    return r;
}

// `(` path `)` with at most one nested pair.
std::size_t balanced_parens_end(const Text& t, std::size_t open) {
    auto run = [&](std::size_t i) { return skip_while(t, i, is_path_char); };
    std::size_t i = run(open + 1);
    if (i < t.size() && t[i] == ')' && i > open + 1) return i + 1;
    if (i >= t.size() || t[i] != '(') return npos;
    std::size_t j = run(i + 1);
    if (j == i + 1 || j >= t.size() || t[j] != ')') return npos;
    j = run(j + 1);
    return j < t.size() && t[j] == ')' ? j + 1 : npos;
}

// A path ends on a letter, digit, `/`, `)` of a balanced pair...; trailing `.,:!?'"` stay out.
std::size_t scan_path(const Text& t, std::size_t slash) {
    std::size_t i = slash + 1, good = i;
    while (i < t.size()) {
        if (t[i] == '(') {
            i = balanced_parens_end(t, i);
            if (i == npos) break;
            good = i;
        } else if (is_path_char(t[i])) {
            if (is_path_end_char(t[i])) good = i + 1;
            ++i;
        } else {
            break;
        }
    }
    return good;
}

std::size_t scan_query(const Text& t, std::size_t mark) {
    std::size_t good = mark;
    for (std::size_t i = mark + 1; i < t.size() && is_query_char(t[i]); ++i)
        if (is_query_end_char(t[i])) good = i + 1;
    return good;
}

// Port, path and query after a domain.
std::size_t scan_url_tail(const Text& t, std::size_t pos) {
    if (pos + 1 < t.size() && t[pos] == ':' && is_digit(t[pos + 1])) {
        pos = skip_while(t, pos + 1, is_digit);
    }
    if (pos < t.size() && t[pos] == '/') pos = scan_path(t, pos);
    if (pos < t.size() && t[pos] == '?') pos = scan_query(t, pos);
    return pos;
}

std::size_t scheme_length(const Text& t, std::size_t i) {
    static constexpr std::string_view schemes[] = {"https", "http", "dat",    "dweb",  "ipfs",
                                                   "ipns",  "ssb",  "gopher", "gemini"};
    for (auto s : schemes)
        if (starts_with(t, i, s, true) && starts_with(t, i + s.size(), "://")) return s.size() + 3;
    return 0;
}

// Web links. Like Mastodon's scanner, a bare domain (`example.com/...`) is matched and skipped,
// so a scheme inside it starts no link.
void find_urls(const Text& t, std::vector<Entity>& out) {
    std::size_t consumed = 0, i = 0;
    while (i < t.size()) {
        if (i > 0 && (i - 1 < consumed || !may_precede_url(t[i - 1]))) {
            ++i;
            continue;
        }
        if (auto scheme = scheme_length(t, i)) {
            auto domain = scan_domain(t, i + scheme);
            if (domain.end != npos) {
                auto end = scan_url_tail(t, domain.end);
                if (end - i <= kMaxUrlChars) out.push_back({Kind::url, i, end});
                consumed = i = end;
                continue;
            }
        }
        if (!is_domain_char(t[i])) {
            ++i;
            continue;
        }
        auto domain = scan_domain(t, i);
        if (domain.end != npos) {
            consumed = i = scan_url_tail(t, domain.end);
            continue;
        }
        // Later starts inside these labels cannot find a domain; only a scheme can start a link.
        std::size_t next = i + 1;
        while (next < domain.reach && !(may_precede_url(t[next - 1]) && scheme_length(t, next)))
            ++next;
        i = next;
    }
}

std::size_t scan_xmpp(const Text& t, std::size_t pos) {
    auto node_char = [](char32_t c) { return is_ascii_alnum(c) || is_one_of(c, "-._~!$()*+,;=%"); };
    auto resource_char = [&](char32_t c) { return node_char(c) || c == '&' || c == '\''; };
    std::size_t k = skip_while(t, pos, node_char);
    if (k > pos && k < t.size() && t[k] == '@') pos = k + 1;
    auto domain = scan_domain(t, pos);
    if (domain.end == npos) return npos;
    pos = domain.end;
    if (pos < t.size() && t[pos] == '/' && skip_while(t, pos + 1, resource_char) > pos + 1)
        pos = skip_while(t, pos + 1, resource_char);
    if (pos < t.size() && t[pos] == '?') pos = scan_query(t, pos);
    return pos;
}

// Mastodon's extra URIs: `xmpp:user@domain` and `magnet:?...`.
void find_extra_uris(const Text& t, std::vector<Entity>& out) {
    std::size_t consumed = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (i > 0 && (i - 1 < consumed || !may_precede_url(t[i - 1]))) continue;
        std::size_t end = npos;
        if (starts_with(t, i, "xmpp:", true)) {
            end = scan_xmpp(t, i + 5);
        } else if (starts_with(t, i, "magnet:?", true)) {
            end = scan_query(t, i + 7);
            if (end == i + 7) end = npos;
        }
        if (end == npos) continue;
        out.push_back({Kind::url, i, end});
        consumed = end;
        i = end - 1;
    }
}

// Tag::HASHTAG_RE's name: either word characters joined by separators with a letter or separator
// inside, or word characters holding at least one letter.
std::size_t hashtag_name_end(const Text& t, std::size_t start) {
    std::size_t run = start, last_word = npos;
    while (run < t.size() && (is_word(t[run]) || is_hashtag_separator(t[run])))
        if (is_word(t[run++])) last_word = run - 1;
    if (run > start && is_word(t[start]) && last_word != npos && last_word >= start + 2)
        for (std::size_t k = start + 1; k < last_word; ++k)
            if (is_alpha(t[k]) || is_hashtag_separator(t[k])) return last_word + 1;
    std::size_t end = skip_while(t, start, is_word);
    return std::any_of(t.begin() + long(start), t.begin() + long(end), is_alpha) ? end : npos;
}

// `#name` or `＃name` at the start of the text or after white space.
void find_hashtags(const Text& t, std::vector<Entity>& out) {
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] != '#' && t[i] != 0xFF03) continue;
        if (i > 0 && !is_white_space(t[i - 1])) continue;
        std::size_t end = hashtag_name_end(t, i + 1);
        if (end == npos) continue;
        std::size_t tag_end = end;
        // `#tagging https://…` written without the space: the scheme is not part of the tag.
        if (starts_with(t, end, "://")) {
            if (end - i - 1 > 5 && starts_with(t, end - 5, "https"))
                tag_end = end - 5;
            else if (end - i - 1 > 4 && starts_with(t, end - 4, "http"))
                tag_end = end - 4;
        }
        out.push_back({Kind::hashtag, i, tag_end});
        i = end - 1;
    }
}

// `pred+ ([.-]+ pred+)*`, the shape of Account::MENTION_RE's username and domain.
template <typename Pred>
std::size_t scan_dotted(const Text& t, std::size_t pos, Pred pred) {
    std::size_t e = skip_while(t, pos, pred);
    while (e > pos) {
        std::size_t s = skip_while(t, e, [](char32_t c) { return c == '.' || c == '-'; });
        if (s == e || s >= t.size() || !pred(t[s])) break;
        e = skip_while(t, s, pred);
    }
    return e;
}

// `@user` or `@user@domain`, not after `=`, `/` or a word character (so not in e-mail addresses).
void find_mentions(const Text& t, std::vector<Entity>& out) {
    auto username_char = [](char32_t c) { return is_ascii_alnum(c) || c == '_'; };
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] != '@') continue;
        if (i > 0 && (t[i - 1] == '=' || t[i - 1] == '/' || is_word(t[i - 1]))) continue;
        std::size_t end = scan_dotted(t, i + 1, username_char);
        if (end == i + 1) continue;
        std::size_t domain_chars = 0;
        if (end < t.size() && t[end] == '@') {
            std::size_t d = scan_dotted(t, end + 1, is_word);
            if (d > end + 1) {
                domain_chars = d - end - 1;
                end = d;
            }
        }
        std::size_t start = i;
        i = end - 1;
        if (end < t.size() && (t[end] == '@' || t[end] == 0xFF20 || is_latin_accent(t[end]) ||
                               starts_with(t, end, "://")))
            continue;
        if (domain_chars <= kMaxMentionDomain) out.push_back({Kind::mention, start, end});
    }
}

// Sorted by start; an entity overlapping the one kept before it is dropped.
std::vector<Entity> without_overlaps(std::vector<Entity> all) {
    std::stable_sort(all.begin(), all.end(),
                     [](const Entity& a, const Entity& b) { return a.begin < b.begin; });
    std::vector<Entity> kept;
    for (const auto& e : all)
        if (kept.empty() || kept.back().end <= e.begin) kept.push_back(e);
    return kept;
}

// Ruby's String#strip set: NUL is rejected earlier, so ASCII white space.
std::string_view strip(std::string_view s) {
    constexpr std::string_view ws = " \t\n\v\f\r";
    auto b = s.find_first_not_of(ws);
    if (b == npos) return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

bool blank(const Text& t) {
    return std::all_of(t.begin(), t.end(), is_white_space);
}

// ---- HTML ----

void append_escaped(std::string& out, std::string_view s) {
    static constexpr std::string_view special = "&<>\"'";
    static constexpr std::string_view entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
    for (char c : s) {
        auto k = special.find(c);
        if (k == npos)
            out += c;
        else
            out += entities[k];
    }
}

std::string lowercase(std::string_view s) {
    std::string out;
    for (char32_t c : decode(s).value_or(Decoded{}).cps)
        append_utf8(out, char32_t(utf8proc_tolower(utf8proc_int32_t(c))));
    return out;
}

MentionRef mention_ref(std::string_view screen_name) {
    auto at = screen_name.find('@');
    if (at == npos) return {std::string(screen_name), std::nullopt};
    return {std::string(screen_name.substr(0, at)), lowercase(screen_name.substr(at + 1))};
}

std::string mention_key(const MentionRef& m) {
    return lowercase(m.username) + "@" + m.domain.value_or("");
}

// The part of a link that is hidden: `https://www.`, `http://`, `xmpp:`...
std::size_t hidden_prefix(std::string_view url) {
    for (std::string_view p : {"https://www.", "http://www.", "https://", "http://", "xmpp:"})
        if (url.starts_with(p)) return p.size();
    return 0;
}

void append_link(std::string& out, std::string_view text, const Decoded& d, const Entity& e) {
    auto slice = [&](std::size_t b, std::size_t f) {
        return text.substr(d.offsets[b], d.offsets[f] - d.offsets[b]);
    };
    auto url = slice(e.begin, e.end);
    std::size_t shown_from = e.begin + hidden_prefix(url), rest = e.end - shown_from;
    // A single character beyond 30 is shown rather than replaced by an ellipsis.
    std::size_t shown = rest <= kShownUrlChars + 1 ? rest : kShownUrlChars;
    out += "<a href=\"";
    append_escaped(out, url);
    out += "\" target=\"_blank\" rel=\"";
    out += kLinkRel;
    out += "\" translate=\"no\"><span class=\"invisible\">";
    append_escaped(out, slice(e.begin, shown_from));
    out += shown < rest ? "</span><span class=\"ellipsis\">" : "</span><span class=\"\">";
    append_escaped(out, slice(shown_from, shown_from + shown));
    out += "</span><span class=\"invisible\">";
    append_escaped(out, slice(shown_from + shown, e.end));
    out += "</span></a>";
}

// Rails' path-segment escaping of the name as written.
std::string tag_url(std::string_view base_url, std::string_view name) {
    static const char* digits = "0123456789ABCDEF";
    while (base_url.ends_with('/'))
        base_url.remove_suffix(1);
    std::string url(base_url);
    url += "/tags/";
    for (unsigned char c : name) {
        if (is_ascii_alnum(c) || c == '_') {
            url += char(c);
        } else {
            url += '%';
            url += digits[c >> 4];
            url += digits[c & 15];
        }
    }
    return url;
}

// Rails' simple_format, newlines then removed: `\n\n+` separates paragraphs and a single newline
// becomes <br />. The text is stripped, so no paragraph is empty or starts or ends with a newline.
std::string paragraphs(std::string_view html) {
    std::string s;
    s.reserve(html.size());
    for (std::size_t i = 0; i < html.size(); ++i) {
        if (html[i] != '\r')
            s += html[i];
        else if (i + 1 >= html.size() || html[i + 1] != '\n')
            s += '\n';
    }
    std::string out = "<p>";
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\n') {
            out += s[i];
        } else if (i + 1 < s.size() && s[i + 1] == '\n') {
            out += "</p><p>";
            i = std::min(s.find_first_not_of('\n', i), s.size()) - 1;
        } else {
            out += "<br />";
        }
    }
    return out + "</p>";
}

std::size_t grapheme_count(const Text& t) {
    std::size_t count = 0;
    utf8proc_int32_t state = 0;
    for (std::size_t i = 0; i < t.size(); ++i)
        if (i == 0 || utf8proc_grapheme_break_stateful(utf8proc_int32_t(t[i - 1]),
                                                       utf8proc_int32_t(t[i]), &state))
            ++count;
    return count;
}

// Mastodon's ASCIIFolding: Latin-1 and Latin Extended-A letters to their ASCII base letter.
char32_t ascii_fold(char32_t c) {
    // Letters without a canonical decomposition; Æ, Þ, ß, Ĳ, Œ and the signs × ÷ stay as they are.
    static constexpr std::pair<char32_t, char> bases[] = {
        {0xD0, 'D'},  {0xF0, 'd'},  {0x110, 'D'}, {0x111, 'd'}, {0x126, 'H'},
        {0x127, 'h'}, {0x131, 'i'}, {0x138, 'k'}, {0x13F, 'L'}, {0x140, 'l'},
        {0x141, 'L'}, {0x142, 'l'}, {0x149, 'n'}, {0x14A, 'N'}, {0x14B, 'n'},
        {0xD8, 'O'},  {0xF8, 'o'},  {0x166, 'T'}, {0x167, 't'}, {0x17F, 's'}};
    if (c < 0xC0 || c > 0x17F) return c;
    for (auto [letter, base] : bases)
        if (c == letter) return char32_t(base);
    utf8proc_int32_t parts[4];
    int boundclass = 0;
    auto n =
        utf8proc_decompose_char(utf8proc_int32_t(c), parts, 4, UTF8PROC_DECOMPOSE, &boundclass);
    return n > 1 && parts[0] < 0x80 && is_ascii_alnum(char32_t(parts[0])) ? char32_t(parts[0]) : c;
}

} // namespace

bool valid_utf8(std::string_view text) {
    utf8proc_int32_t c;
    for (std::size_t p = 0; p < text.size();) {
        auto n = read_code_point(text, p, c);
        if (n <= 0) return false;
        p += std::size_t(n);
    }
    return true;
}

std::string normalize_hashtag(std::string_view name) {
    utf8proc_uint8_t* mapped = nullptr;
    auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(name.data()),
                          utf8proc_ssize_t(name.size()), &mapped,
                          utf8proc_option_t(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
    if (n < 0) return {};
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
    auto decoded = decode({reinterpret_cast<const char*>(mapped), std::size_t(n)});
    if (!decoded) return {};
    std::string out;
    for (char32_t c : decoded->cps) {
        c = ascii_fold(char32_t(utf8proc_tolower(utf8proc_int32_t(c))));
        if (is_alnum(c) || (c >= 0x0E47 && c <= 0x0E4E) || is_hashtag_separator(c))
            append_utf8(out, c);
    }
    return out;
}

std::expected<FormattedText, TextError> format_status_text(std::string_view text,
                                                           std::string_view base_url,
                                                           const MentionResolver& resolve) {
    text = strip(text);
    auto decoded = decode(text);
    if (!decoded) return std::unexpected(decoded.error());
    const Text& t = decoded->cps;
    FormattedText result;
    if (blank(t)) return result;

    std::vector<Entity> all;
    find_urls(t, all);
    find_hashtags(t, all);
    find_mentions(t, all);
    find_extra_uris(t, all);
    auto entities = without_overlaps(std::move(all));

    auto slice = [&](std::size_t b, std::size_t e) {
        return text.substr(decoded->offsets[b], decoded->offsets[e] - decoded->offsets[b]);
    };
    std::unordered_map<std::string, std::optional<ResolvedMention>> resolved;
    std::unordered_set<std::string> seen_tags;
    std::string html;
    std::size_t last = 0;
    for (const auto& e : entities) {
        append_escaped(html, slice(last, e.begin));
        last = e.end;
        auto value = slice(e.begin + (e.kind == Kind::url ? 0 : 1), e.end);
        if (e.kind == Kind::url) {
            append_link(html, text, *decoded, e);
            result.links.emplace_back(value);
        } else if (e.kind == Kind::hashtag) {
            html += "<a href=\"";
            append_escaped(html, tag_url(base_url, value));
            html += "\" class=\"mention hashtag\" rel=\"tag\">#<span>";
            append_escaped(html, value);
            html += "</span></a>";
            auto name = normalize_hashtag(value);
            if (!name.empty() && seen_tags.insert(name).second) result.hashtags.push_back(name);
        } else {
            auto ref = mention_ref(value);
            auto known = resolved.find(mention_key(ref));
            if (known == resolved.end()) {
                auto target = resolve ? resolve(ref) : std::nullopt;
                known = resolved.emplace(mention_key(ref), std::move(target)).first;
                result.mentions.push_back(std::move(ref));
            }
            if (!known->second) {
                html += '@';
                append_escaped(html, value);
                continue;
            }
            html += "<span class=\"h-card\" translate=\"no\"><a href=\"";
            append_escaped(html, known->second->profile_url);
            html += "\" class=\"u-url mention\">@<span>";
            append_escaped(html, known->second->username);
            html += "</span></a></span>";
        }
    }
    append_escaped(html, slice(last, t.size()));
    result.html = paragraphs(html);
    return result;
}

std::expected<std::size_t, TextError> countable_length(std::string_view text) {
    text = strip(text);
    auto decoded = decode(text);
    if (!decoded) return std::unexpected(decoded.error());
    const Text& t = decoded->cps;
    if (blank(t)) return 0;

    std::vector<Entity> all;
    find_urls(t, all);
    find_mentions(t, all);
    Text countable;
    std::size_t last = 0;
    for (const auto& e : without_overlaps(std::move(all))) {
        countable.append(t, last, e.begin - last);
        last = e.end;
        if (e.kind == Kind::url) {
            countable.append(kUrlCountsAs, U'x');
        } else {
            auto at = std::find(t.begin() + long(e.begin) + 1, t.begin() + long(e.end), U'@');
            countable.append(t.begin() + long(e.begin), at);
        }
    }
    countable.append(t, last);
    return grapheme_count(countable);
}

} // namespace agora

// A member's filters applied to statuses as Mastodon applies them: keywords matched against the
// status's plain text, statuses matched by id.
#include "statuses/status_filters.hpp"

#include "store/filters_repo.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <unordered_map>

namespace agora {

namespace {
// Unicode word characters, as Ruby's [[:word:]]: letters, marks, decimal and letter numbers,
// connector punctuation.
bool is_word_character(char32_t c) {
    switch (utf8proc_category(utf8proc_int32_t(c))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_PC:
        return true;
    default:
        return false;
    }
}

// The NFC form, so that "é" typed as e + U+0301 matches "é"; the text itself if it is not UTF-8.
std::string nfc(std::string_view text) {
    bool ascii = std::all_of(text.begin(), text.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) return std::string(text);
    utf8proc_uint8_t* out = nullptr;
    auto length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                               utf8proc_ssize_t(text.size()), &out,
                               utf8proc_option_t(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (length < 0) return std::string(text);
    std::string result(reinterpret_cast<char*>(out), std::size_t(length));
    std::free(out);
    return result;
}

std::vector<char32_t> fold(std::string_view text) {
    FoldedText folded(text);
    return folded.folded;
}

// &amp; &lt; &#233; &#xE9;... at `text[i]` (which is '&'): the decoded text and the length read.
std::optional<std::pair<std::string, std::size_t>> decode_entity(std::string_view text,
                                                                 std::size_t i) {
    auto semicolon = text.find(';', i);
    if (semicolon == std::string_view::npos || semicolon - i > 10) return std::nullopt;
    auto name = text.substr(i + 1, semicolon - i - 1);
    std::size_t length = semicolon - i + 1;
    static const std::unordered_map<std::string_view, std::string_view> named{
        {"amp", "&"},   {"lt", "<"},   {"gt", ">"},
        {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}};
    if (auto it = named.find(name); it != named.end())
        return std::pair{std::string(it->second), length};
    if (name.size() < 2 || name[0] != '#') return std::nullopt;
    bool hex = name[1] == 'x' || name[1] == 'X';
    auto digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return std::nullopt;
    char* end = nullptr;
    std::string number(digits);
    long code = std::strtol(number.c_str(), &end, hex ? 16 : 10);
    if (*end != '\0' || !utf8proc_codepoint_valid(utf8proc_int32_t(code)) || code == 0)
        return std::nullopt;
    utf8proc_uint8_t buffer[4];
    auto n = utf8proc_encode_char(utf8proc_int32_t(code), buffer);
    return std::pair{std::string(reinterpret_cast<char*>(buffer), std::size_t(n)), length};
}
} // namespace

FoldedText::FoldedText(std::string_view text) : normalized(nfc(text)) {
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(normalized.data());
    std::size_t i = 0;
    while (i < normalized.size()) {
        utf8proc_int32_t c = 0;
        auto n = utf8proc_iterate(bytes + i, utf8proc_ssize_t(normalized.size() - i), &c);
        if (n <= 0) { // not UTF-8: one byte that matches nothing but itself
            c = 0xFFFD;
            n = 1;
        }
        offsets.push_back(i);
        folded.push_back(char32_t(utf8proc_tolower(c)));
        word.push_back(is_word_character(char32_t(c)));
        i += std::size_t(n);
    }
    offsets.push_back(normalized.size());
}

KeywordPattern::KeywordPattern(std::string_view keyword, bool whole_word) : folded_(fold(keyword)) {
    // As Mastodon builds its pattern: a word boundary only at an end that is a word character.
    if (whole_word && !folded_.empty()) {
        check_start_ = is_word_character(folded_.front());
        check_end_ = is_word_character(folded_.back());
    }
}

std::optional<std::pair<std::size_t, std::size_t>>
KeywordPattern::find(const FoldedText& text) const {
    if (folded_.empty() || folded_.size() > text.folded.size()) return std::nullopt;
    auto begin = text.folded.begin();
    for (auto it = std::search(begin, text.folded.end(), folded_.begin(), folded_.end());
         it != text.folded.end();
         it = std::search(it + 1, text.folded.end(), folded_.begin(), folded_.end())) {
        std::size_t start = std::size_t(it - begin), end = start + folded_.size();
        if (check_start_ && start > 0 && text.word[start - 1]) continue;
        if (check_end_ && end < text.word.size() && text.word[end]) continue;
        return std::pair{start, end};
    }
    return std::nullopt;
}

std::optional<std::string> KeywordPattern::find_in(std::string_view text) const {
    FoldedText folded(text);
    auto found = find(folded);
    if (!found) return std::nullopt;
    auto from = folded.offsets[found->first], to = folded.offsets[found->second];
    return folded.normalized.substr(from, to - from);
}

std::string html_to_plain_text(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    for (std::size_t i = 0; i < html.size();) {
        char c = html[i];
        if (c == '<') {
            auto close = html.find('>', i);
            if (close == std::string_view::npos) break; // an unfinished tag: drop the rest
            auto tag = html.substr(i + 1, close - i - 1);
            auto name = tag.substr(0, tag.find_first_of(" \t\r\n/", tag.starts_with('/') ? 1 : 0));
            std::string lower;
            for (char ch : name)
                lower += char(std::tolower(static_cast<unsigned char>(ch)));
            if (lower == "br" || lower == "/p") out += '\n';
            i = close + 1;
        } else if (c == '&') {
            if (auto entity = decode_entity(html, i)) {
                out += entity->first;
                i += entity->second;
            } else {
                out += c;
                ++i;
            }
        } else {
            out += c;
            ++i;
        }
    }
    while (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out;
}

std::string filterable_text(const Status& status, const std::vector<std::string>& poll_options,
                            const std::vector<std::string>& media_descriptions) {
    std::string out = status.spoiler_text;
    out += "\n\n";
    out += status.local ? status.text : html_to_plain_text(status.content);
    for (const auto* list : {&poll_options, &media_descriptions})
        for (const auto& item : *list) {
            out += "\n\n";
            out += item;
        }
    return out;
}

StatusFilters StatusFilters::load(store::Connection& conn, std::int64_t account_id,
                                  std::int64_t now_ms) {
    StatusFilters out;
    auto filters = store::list_active_filters(conn, account_id, now_ms);
    if (filters.empty()) return out;
    std::unordered_map<std::int64_t, std::size_t> index;
    for (auto& f : filters) {
        index[f.id] = out.rules_.size();
        out.rules_.push_back({std::move(f), {}, {}});
    }
    for (const auto& k : store::list_account_filter_keywords(conn, account_id))
        if (auto it = index.find(k.filter_id); it != index.end())
            out.rules_[it->second].keywords.emplace_back(k.keyword, k.whole_word);
    for (const auto& s : store::list_account_filter_statuses(conn, account_id))
        if (auto it = index.find(s.filter_id); it != index.end())
            out.rules_[it->second].status_ids.push_back(s.status_id);
    // A filter with neither keywords nor statuses matches nothing.
    std::erase_if(out.rules_,
                  [](const Rules& r) { return r.keywords.empty() && r.status_ids.empty(); });
    return out;
}

std::vector<FilterMatch> StatusFilters::match(const std::vector<std::int64_t>& ids,
                                              std::string_view text) const {
    std::vector<FilterMatch> out;
    if (rules_.empty()) return out;
    std::optional<FoldedText> folded;
    for (const auto& rules : rules_) {
        FilterMatch m{&rules.filter, std::nullopt, {}};
        // As a union of the keywords: the leftmost occurrence, the first keyword on a tie.
        std::optional<std::pair<std::size_t, std::size_t>> best;
        for (const auto& keyword : rules.keywords) {
            if (!folded) folded.emplace(text);
            auto found = keyword.find(*folded);
            if (found && (!best || found->first < best->first)) best = found;
        }
        if (best) {
            auto from = folded->offsets[best->first], to = folded->offsets[best->second];
            m.keyword_match = folded->normalized.substr(from, to - from);
        }
        for (auto id : ids)
            if (std::find(rules.status_ids.begin(), rules.status_ids.end(), id) !=
                rules.status_ids.end())
                m.status_matches.push_back(id);
        if (m.keyword_match || !m.status_matches.empty()) out.push_back(std::move(m));
    }
    return out;
}

} // namespace agora

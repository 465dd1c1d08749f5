// A member's filters applied to statuses as Mastodon applies them: the active (unexpired) filters
// are loaded once per request, then each status's plain text (content warning, text, poll options,
// media descriptions) is matched against their keywords, and its id against their statuses.
#pragma once

#include "model/filter.hpp"
#include "model/status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora {

namespace store {
class Connection;
}

// A text decoded, normalised (NFC) and lowercased once, to be searched for many keywords.
struct FoldedText {
    explicit FoldedText(std::string_view text);
    std::string normalized;           // the NFC form of the text
    std::vector<char32_t> folded;     // its lowercased code points
    std::vector<std::size_t> offsets; // byte offset in `normalized` of each code point, then end
    std::vector<bool> word;           // whether each code point is a word character
};

// A keyword as Mastodon matches it: case-insensitively; with `whole_word`, not inside a longer
// word at an end that is itself a word character (so "cat" is not found in "category", and "été"
// is found in "l'été" but not in "étés"). Letters, marks, digits and connectors of any script are
// word characters.
class KeywordPattern {
public:
    KeywordPattern(std::string_view keyword, bool whole_word);
    // Where the leftmost occurrence starts and ends (code point indexes); nullopt when none.
    std::optional<std::pair<std::size_t, std::size_t>> find(const FoldedText& text) const;
    // The leftmost occurrence in `text`, as written there (NFC); nullopt when none.
    std::optional<std::string> find_in(std::string_view text) const;

private:
    std::vector<char32_t> folded_;
    bool check_start_ = false, check_end_ = false;
};

// What one filter matched in a status: the first keyword occurrence and/or the filtered ids.
struct FilterMatch {
    const Filter* filter = nullptr;
    std::optional<std::string> keyword_match;
    std::vector<std::int64_t> status_matches;
};

// Mastodon's "searchable text" of a status: content warning, plain text (a local status's source,
// a remote one's HTML without tags), poll options, media descriptions, separated by blank lines.
std::string filterable_text(const Status& status, const std::vector<std::string>& poll_options,
                            const std::vector<std::string>& media_descriptions);
// HTML as plain text: <br> and paragraph ends become line breaks, tags go, entities are decoded.
std::string html_to_plain_text(std::string_view html);

class StatusFilters {
public:
    // The account's filters that have not expired at `now_ms`, with their keywords and statuses.
    static StatusFilters load(store::Connection& conn, std::int64_t account_id,
                              std::int64_t now_ms);

    bool empty() const { return rules_.empty(); }
    // Every filter that matches a status: `text` is its filterable_text (of the boosted status,
    // for a boost); `ids` are the status's id and, for a boost, the boosted status's id.
    std::vector<FilterMatch> match(const std::vector<std::int64_t>& ids,
                                   std::string_view text) const;

private:
    struct Rules {
        Filter filter;
        std::vector<KeywordPattern> keywords;
        std::vector<std::int64_t> status_ids;
    };
    std::vector<Rules> rules_;
};

} // namespace agora

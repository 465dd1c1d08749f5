// A member's plain-text status as Mastodon renders it: HTML, mentions, hashtags, links, length.
#pragma once

#include <cstddef>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora {

// A mention as written: `@alice` or `@bob@Example.ORG` (the domain is kept lowercased).
struct MentionRef {
    std::string username;
    std::optional<std::string> domain;
};

// Where a known mention links, and the name shown after its `@`.
struct ResolvedMention {
    std::string profile_url;
    std::string username;
};

// Given a mention as written, returns where it links, or nullopt to leave it as plain text.
// It is asked once per distinct mention (usernames compared without case, as Mastodon does), so
// it should match usernames case-insensitively; the local domain is the caller's to recognise.
using MentionResolver = std::function<std::optional<ResolvedMention>(const MentionRef&)>;

struct FormattedText {
    std::string html;                  // Mastodon-shaped HTML
    std::vector<MentionRef> mentions;  // every well-formed mention, in order, deduplicated
    std::vector<std::string> hashtags; // normalised names (see normalize_hashtag), deduplicated
    std::vector<std::string> links;    // URLs found, in order
};

struct TextError {
    std::string message; // invalid UTF-8, or a NUL character
};

// Renders `text` as Mastodon's TextFormatter does: escaped text, <p> per blank-line-separated
// paragraph, <br /> per single newline, shortened links, h-card mentions and hashtag links to
// `base_url`/tags/NAME. Leading and trailing ASCII whitespace is ignored, as Mastodon strips it.
std::expected<FormattedText, TextError> format_status_text(std::string_view text,
                                                           std::string_view base_url,
                                                           const MentionResolver& resolve);

// Mastodon's countable length: grapheme clusters, each URL as 23, `@user@domain` as `@user`.
std::expected<std::size_t, TextError> countable_length(std::string_view text);

// Mastodon's hashtag key: NFKC, lowercase, Latin letters folded to ASCII (é → e), then only
// letters, digits and `_` `·` `・` ZWNJ kept. Invalid UTF-8 gives an empty name.
std::string normalize_hashtag(std::string_view name);

bool valid_utf8(std::string_view text);

} // namespace agora

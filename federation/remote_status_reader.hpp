// Reading a remote post (an ActivityStreams Note, Question, Article or Page) into plain values:
// what Agora keeps of it, remote HTML sanitised, as Mastodon reads it. No network, no database.
#pragma once

#include "model/status.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora::federation {

// Mastodon's limits on what a remote post brings.
inline constexpr std::size_t max_remote_attachments = 4;
inline constexpr std::size_t max_remote_poll_options = 100;
inline constexpr std::size_t max_remote_mentions = 100;
inline constexpr std::size_t max_remote_hashtags = 100;
inline constexpr std::size_t max_media_description_bytes = 1500 * 4; // 1 500 characters at most

struct RemoteAttachment {
    std::string url;                        // http(s)
    std::string type = "unknown";           // image, video, audio, unknown (from mediaType)
    std::optional<std::string> media_type;  // as sent
    std::optional<std::string> description; // alt text: summary, else name
    std::optional<std::string> blurhash;
    int width = 0, height = 0;
    double focus_x = 0, focus_y = 0;
};

struct RemotePoll {
    std::vector<std::string> options;
    std::vector<std::int64_t> counts; // replies.totalItems of each option
    bool multiple = false;            // anyOf
    std::optional<std::int64_t> expires_at;
    std::optional<std::int64_t> voters_count; // votersCount
};

struct RemoteHashtag {
    std::string name;         // normalised, as local hashtags
    std::string display_name; // as written, without '#'
};

struct RemoteStatusObject {
    std::string uri;           // the object's id, exactly as sent
    std::string type;          // Note, Question, Article, Page
    std::string attributed_to; // the author's actor id (the first one named)
    std::optional<std::string> url;
    std::string content;      // sanitised HTML (Article and Page: title, summary, text, link)
    std::string spoiler_text; // plain text of the summary (none for Article and Page)
    bool sensitive = false;
    std::vector<std::string> to, cc; // audience ids (the activity's when the object has none)
    std::optional<std::string> language;
    std::optional<std::int64_t> published, updated; // unix ms
    std::optional<std::string> in_reply_to;
    std::optional<std::string> name;        // a poll vote's chosen option
    std::vector<std::string> mention_hrefs; // Mention tags' actor ids
    std::vector<RemoteHashtag> hashtags;    // Hashtag tags, valid names only, deduplicated
    std::vector<RemoteAttachment> attachments;
    std::optional<RemotePoll> poll; // a Question's oneOf/anyOf
};

// The types Agora stores as statuses.
bool is_status_type(const nlohmann::json& object);

// `object` as a status; `activity` (the Create or Update carrying it, or null) lends its to/cc
// when the object has none. Refused (with the reason): no http(s) id, another type, no
// attributedTo. `base_url` is this instance's (links in Article/Page are rendered like ours);
// `now_ms` is when a poll `closed` without a date ended.
std::expected<RemoteStatusObject, std::string> read_remote_status(const nlohmann::json& object,
                                                                  const nlohmann::json& activity,
                                                                  std::string_view base_url,
                                                                  std::int64_t now_ms);

// Mastodon's rule: Public in `to` → public; in `cc` → unlisted; the author's followers in `to`
// → private; otherwise direct.
Visibility visibility_from_audience(const std::vector<std::string>& to,
                                    const std::vector<std::string>& cc,
                                    const std::optional<std::string>& followers_url);

} // namespace agora::federation

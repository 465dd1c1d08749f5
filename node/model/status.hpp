// Plain status records: local and remote statuses are the same kind of row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace agora {

enum class Visibility { public_, unlisted, private_, direct };

const char* to_string(Visibility visibility);
std::optional<Visibility> parse_visibility(std::string_view text);

struct Status {
    std::int64_t id = 0;
    std::int64_t account_id = 0;
    std::optional<std::string> uri; // remote object id; local ids derive from the author's URL
    bool local = true;
    Visibility visibility = Visibility::public_;
    std::string content; // HTML
    std::int64_t created_at = 0;
    std::string text; // the author's source (local statuses)
    std::string spoiler_text;
    bool sensitive = false;
    std::optional<std::string> language;
    std::optional<std::string> url; // remote statuses' page; local ones derive it
    std::optional<std::int64_t> in_reply_to_id;
    std::optional<std::int64_t> in_reply_to_account_id;
    std::optional<std::int64_t> reblog_of_id;
    std::optional<std::int64_t> application_id;
    std::optional<std::int64_t> edited_at;
};

// Why a status is in someone's home feed: the reason is data, written at fan-out.
enum class FeedReason { own, followed, boosted_by, mention, hashtag, list };
const char* to_string(FeedReason reason);
std::optional<FeedReason> parse_feed_reason(std::string_view text);

// The list a list timeline's entry is shown in (its reason is `list`).
struct FeedList {
    std::int64_t id = 0;
    std::string title;
};

struct FeedEntry {
    Status status;
    FeedReason reason = FeedReason::own;
    std::optional<std::int64_t> reason_account_id;
    std::optional<std::string> reason_tag;
    std::optional<FeedList> reason_list;
};

} // namespace agora

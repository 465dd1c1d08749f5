// Posting and deleting statuses: validation, formatting, mentions and hashtags, the author's own
// feed row and the event that drives fan-out, all in one transaction.
#pragma once

#include "model/account.hpp"
#include "model/status.hpp"
#include "statuses/polls.hpp"

#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace agora {

class RemoteAccountFinder;

struct Config;
namespace store {
class Database;
class Connection;
} // namespace store

struct NewStatus {
    std::string text;
    std::string spoiler_text;
    std::optional<bool> sensitive;
    std::optional<Visibility> visibility; // default: the author's posting default (public)
    std::optional<std::string> language;
    std::optional<std::int64_t> in_reply_to_id;
    std::optional<std::string> idempotency_key;
    std::optional<std::int64_t> application_id;
    std::optional<NewPoll> poll;         // written with the status, in the same transaction
    std::vector<std::int64_t> media_ids; // the author's unattached uploads, in order
};

// A failure the client can act on: the HTTP status (404, 422) and Mastodon's message.
struct StatusError {
    int status;
    std::string message;
};

inline constexpr std::size_t default_max_characters = 500;
inline constexpr std::size_t max_media_attachments = 4;

// What posting and editing share: a status's text checked (UTF-8, not blank, within the length)
// and rendered, with the accounts it mentions and its normalised hashtags. Mentions of remote
// accounts not known here are looked up with `remote` when there is one (a network round trip:
// render outside transactions).
struct RenderedText {
    std::string html;
    std::vector<std::int64_t> mentioned_ids;
    std::vector<std::string> hashtags;
};
std::expected<RenderedText, StatusError>
render_status_text(store::Connection& conn, const Config& config, const std::string& text,
                   const std::string& spoiler_text, RemoteAccountFinder* remote = nullptr);
// An ISO 639 code as Mastodon accepts it: two or three lowercase letters.
bool valid_language(const std::string& code);

std::expected<Status, StatusError> create_status(store::Database& db, const Config& config,
                                                 const Account& author, const NewStatus& request,
                                                 RemoteAccountFinder* remote = nullptr);

// Deletes the author's status (and its replies' link to it); returns what was deleted.
std::expected<Status, StatusError> delete_status(store::Database& db, const Account& author,
                                                 std::int64_t id);

// Whether `viewer` (nullopt: anonymous) may see `status`: the one rule every read path asks.
bool can_see(store::Connection& conn, const Status& status, std::optional<std::int64_t> viewer);

// The fan-out consumer of "status.created" events: mentioned accounts' and hashtag followers' home
// feeds (the followers' are filled before it, by fill_follower_feeds in statuses/follower_fanout).
void fan_out_status(store::Connection& conn, std::int64_t status_id);

} // namespace agora

// Polls: Mastodon's checks on a new poll, voting, and announcing the end of polls to their author
// and voters (a `poll` notification each, and a "poll.expired" event for federation).
#pragma once

#include "model/account.hpp"
#include "model/poll.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace agora {

namespace store {
class Database;
class Connection;
} // namespace store

// Mastodon's limits, as /api/v2/instance announces them.
inline constexpr std::size_t max_poll_options = 4;
inline constexpr std::size_t max_poll_option_characters = 50;
inline constexpr std::int64_t min_poll_expiration_seconds = 300;
inline constexpr std::int64_t max_poll_expiration_seconds = 2629746; // Rails' 1.month

// A poll as a client asks for it (`poll[options][]`, `poll[expires_in]`...).
struct NewPoll {
    std::vector<std::string> options;
    std::optional<std::string> expires_in; // seconds, as sent (number or string)
    bool multiple = false;
    bool hide_totals = false;
};

// A failure the client can act on: the HTTP status and Mastodon's message.
struct PollError {
    int status;
    std::string message;
};

// The poll to store (id and status_id left to the caller), after Mastodon's preparation (options
// stripped, blank ones dropped) and checks, or every problem in one 422 message.
std::expected<Poll, PollError> prepare_poll(const NewPoll& request, std::int64_t now_ms);

// Votes for `choices` (option indexes, as sent). 404 when the voter may not see the poll's status;
// 400 without choices; 422 (expired, unknown option, own poll, already voted) leaves nothing
// recorded. Writes a "poll.voted" event. Answers the poll as it now stands.
std::expected<Poll, PollError> vote_in_poll(store::Database& db, const Account& voter,
                                            std::int64_t poll_id,
                                            const std::vector<std::string>& choices);

// Announces every poll that ended in (after, now] and was not announced yet, each in its own
// transaction. Returns how many were announced.
int announce_expired_polls(store::Database& db, std::int64_t after, std::int64_t now_ms);

// Announces ended polls from the event worker's thread, at most once a second: the first sweep
// looks at every poll (so a restart catches up), later ones at those that ended since.
class PollExpirySweeper {
public:
    explicit PollExpirySweeper(store::Database& db) : db_(db) {}
    // True when it announced something (and so wrote events).
    bool sweep();

private:
    store::Database& db_;
    std::int64_t swept_until_ = 0;
    std::int64_t last_sweep_ = 0;
};

} // namespace agora

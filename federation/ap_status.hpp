// Statuses as ActivityStreams objects: what a local status's Note (or Question, for a poll) is made
// of, read from the store once, and the document rendered from it as Mastodon renders it.
#pragma once

#include "config/config.hpp"
#include "federation/ap_addressing.hpp"
#include "model/account.hpp"
#include "model/local_urls.hpp"
#include "model/media.hpp"
#include "model/poll.hpp"
#include "model/status.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora::store {
class Connection;
}

namespace agora::federation {

// Everything a status's documents are made of.
struct StatusRecords {
    Status status;
    Account author;
    std::string uri;        // the object's id (a boost's ends in /activity)
    std::string author_uri; // the author's actor id
    std::string followers;  // the author's followers collection
    std::optional<std::string> in_reply_to_uri;
    std::optional<std::string> conversation;
    std::vector<ActorRef> mentions;
    std::vector<std::string> tags; // normalised names
    std::vector<MediaAttachment> media;
    std::optional<Poll> poll;
    std::vector<std::int64_t> poll_counts; // votes per option
    bool poll_closed = false;
    // A boost: the original's id and its author's actor id.
    std::optional<std::string> reblog_uri;
    std::optional<std::string> reblog_author_uri;
    // The author's first replies anyone may read, for the Note's `replies` (ap_replies.hpp), and
    // the local id of the last of them (0: none).
    std::vector<std::string> self_replies;
    std::int64_t last_self_reply_id = 0;
};

// The id of a status: a remote one's own, a local one's derived from its author's name (boosts
// end in /activity, as Mastodon's do).
std::string status_uri(const Status& status, const std::string& author_username,
                       const LocalUrls& urls);

// The records of a status by a local author; nullopt when the status, its author or (for a boost)
// its original is gone, or when the author is remote. `now_ms` decides whether a poll is closed.
std::optional<StatusRecords> load_status_records(store::Connection& conn, const Config& config,
                                                 std::int64_t status_id, std::int64_t now_ms);

// The status's addressing (see ap_addressing.hpp): a boost's, or its own by visibility.
Audience status_records_audience(const StatusRecords& records);

// The Note, or Question when it carries a poll, without @context (for embedding). Not for boosts.
nlohmann::json status_object(const StatusRecords& records, const Config& config);

// What a status is in an outbox: Create{Note} for an original, Announce for a boost; no @context.
nlohmann::json status_activity(const StatusRecords& records, const Config& config);

// The Create{Note} activities of the votes local account `voter_id` cast in poll `poll_id` for
// `choices` (as the poll.voted event names them), one per choice, with the vote rows' ids; empty
// when the poll, its status, its author or the voter is gone.
std::vector<nlohmann::json> load_vote_activities(store::Connection& conn, const Config& config,
                                                 std::int64_t poll_id, std::int64_t voter_id,
                                                 const std::vector<int>& choices);

} // namespace agora::federation

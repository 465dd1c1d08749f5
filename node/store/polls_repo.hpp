// Polls and their votes: one place for their SQL.
#pragma once

#include "model/poll.hpp"

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace agora::store {

class Connection;

void insert_poll(Connection& conn, const Poll& poll);
std::optional<Poll> find_poll(Connection& conn, std::int64_t id);
std::optional<Poll> find_poll_of_status(Connection& conn, std::int64_t status_id);
// The polls of a page of statuses, keyed by status id.
std::unordered_map<std::int64_t, Poll>
find_polls_of_statuses(Connection& conn, const std::vector<std::int64_t>& status_ids);
// Writes the poll's options, flags and expiry; the end is announced again when it comes.
// With `reset_votes`, its votes go and its counts return to zero.
void update_poll(Connection& conn, const Poll& poll, bool reset_votes);
// Deletes the poll, its votes and the notifications of its end.
void delete_poll(Connection& conn, const Poll& poll);

// Votes per option of each poll, and `viewer`'s own choices (in the order given).
struct PollTally {
    std::vector<std::int64_t> option_counts;
    std::vector<int> own_votes;
};
std::unordered_map<std::int64_t, PollTally> poll_tallies(Connection& conn,
                                                         const std::vector<const Poll*>& polls,
                                                         std::optional<std::int64_t> viewer);
// The options `account_id` chose, in the order they were chosen.
std::vector<int> own_votes(Connection& conn, std::int64_t poll_id, std::int64_t account_id);
// One account's votes in a poll as rows (their ids name the votes in ActivityPub), oldest first.
struct VoteRow {
    std::int64_t id = 0;
    int choice = 0;
};
std::vector<VoteRow> list_vote_rows(Connection& conn, std::int64_t poll_id,
                                    std::int64_t account_id);
// Records the choices and adds them to the counts; `new_voter` adds one to the voters.
void insert_votes(Connection& conn, std::int64_t poll_id, std::int64_t account_id,
                  const std::vector<int>& choices, bool new_voter, std::int64_t now);
// A remote poll's counts as its server publishes them (votes per option, voters); its option
// counts are read from them from then on, and local votes are added to them as they are cast.
void set_remote_poll_counts(Connection& conn, std::int64_t poll_id,
                            const std::vector<std::int64_t>& option_counts,
                            std::int64_t voters_count);
// Local accounts that voted, each once.
std::vector<std::int64_t> local_voter_ids(Connection& conn, std::int64_t poll_id);
// Every account that voted in the poll, local and remote, each once.
std::vector<std::int64_t> voter_ids(Connection& conn, std::int64_t poll_id);
// The open polls (not ended by `now`) of local statuses with a vote cast after `since`.
std::vector<std::int64_t> local_open_polls_voted_since(Connection& conn, std::int64_t since,
                                                       std::int64_t now);

// Polls whose end in (after, until] has not been announced, soonest first.
std::vector<Poll> unannounced_expired_polls(Connection& conn, std::int64_t after,
                                            std::int64_t until, int limit);
// Marks the end announced; false when it already was (another sweep got there first).
bool mark_poll_announced(Connection& conn, std::int64_t poll_id, std::int64_t now);

} // namespace agora::store

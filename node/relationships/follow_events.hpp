// The events relationship changes leave for federation, in the vocabulary its delivery reads
// (payloads are JSON objects, ids integers). They are written whatever the other account is, in
// the transaction of the change; delivery sends activities only for a local account's action
// towards a remote account, and ignores the rest.
//
//   follow.requested {request_id, account_id, target_account_id, follow_uri}
//   follow.undone    {account_id, target_account_id, follow_uri, follow_id}  (unfollow, withdrawn
//                    request, or a follow ended by the follower's block)
//   follow.accepted  {follow_id, account_id, target_account_id, follow_uri}  (target accepts)
//   follow.rejected  {account_id, target_account_id, follow_uri, follow_id}  (target refuses a
//                    request, removes a follower, or blocks them)
//   block.created / block.deleted {block_id, account_id, target_account_id}
//
// account_id is always the follower (or the blocker), target_account_id the followed (blocked);
// follow_uri is the Follow activity's id (null between local accounts); follow_id the row the
// activity is about (follows or follow_requests).
#pragma once

#include "store/relationships_repo.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace agora {

void write_follow_requested(store::Connection& conn, std::int64_t request_id,
                            std::int64_t account_id, std::int64_t target_id,
                            const std::optional<std::string>& follow_uri);
void write_follow_undone(store::Connection& conn, std::int64_t account_id, std::int64_t target_id,
                         const store::FollowRecord& follow);
void write_follow_accepted(store::Connection& conn, std::int64_t follow_id, std::int64_t account_id,
                           std::int64_t target_id, const std::optional<std::string>& follow_uri);
void write_follow_rejected(store::Connection& conn, std::int64_t account_id, std::int64_t target_id,
                           const store::FollowRecord& follow);
// `kind` is "block.created" or "block.deleted".
void write_block_event(store::Connection& conn, const char* kind, std::int64_t block_id,
                       std::int64_t account_id, std::int64_t target_id);

} // namespace agora

// What a remote account's follow activities change here, each in one transaction with the events
// federation delivers from: its Follow of a local account (a follow, or a request when the local
// account approves followers by hand), and the end of a local account's follow it refused.
// The other changes remote accounts make (accepting a local account's request, withdrawing a
// follow, blocking) go through relationship_service.hpp like a local account's.
#pragma once

#include "model/account.hpp"

#include <cstdint>
#include <string>

namespace agora {

namespace store {
class Database;
}

enum class FollowReceived {
    followed,  // a follow exists (new, or there already): event follow.accepted
    requested, // the local account approves followers by hand: a follow request waits
    refused,   // one of them blocks the other: event follow.rejected
};

struct FollowReceipt {
    FollowReceived outcome = FollowReceived::refused;
    std::int64_t row_id = 0; // the follows or follow_requests row (0 when refused)
};

// `follower` (remote) follows `target` (local) with the Follow `follow_uri`, as Mastodon does:
// refused when either blocks the other; an existing follow is accepted again (its uri becomes
// this Follow's); else a follow request for a locked account (notification follow_request), or a
// follow (notification follow). The events: follow.accepted {follow_id, account_id,
// target_account_id, follow_uri}, follow.rejected {account_id, target_account_id, follow_uri,
// follow_id (a fresh id: no row was made)}, follow.requested {request_id, account_id,
// target_account_id, follow_uri}, and the node's own follow.created.
FollowReceipt receive_follow(store::Database& db, const Account& follower, const Account& target,
                             const std::string& follow_uri);

// `target` (remote) no longer has `follower` (local) as a follower (it rejected the follow after
// accepting it): the follow, any request, and what the follow brought into the home feed go, with
// the node's event follow.deleted. False when there was neither follow nor request.
bool end_follow_refused_by_target(store::Database& db, std::int64_t follower_id,
                                  std::int64_t target_id);

} // namespace agora

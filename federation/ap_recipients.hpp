// Where activities go: the remote inboxes an activity must be POSTed to, each once, worked out
// from the follows and accounts rows as Mastodon works out a status's reach.
#pragma once

#include "model/status.hpp"
#include "store/audience_repo.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora::store {
class Connection;
}

namespace agora::federation {

// Who an activity reaches, as account ids: the followers of some accounts, and some accounts.
using Reach = store::Reach;

// The reach of a status's activities (Create, Update, Delete, Announce and its Undo), read while
// the status still exists: store::status_reach, which node code also uses when it deletes a status
// (the status.deleted event carries the inboxes it reached).
using store::status_reach;

// The reach of a profile update: the account's followers.
Reach profile_reach(std::int64_t account_id);
// The reach of an account's deletion: its followers and the accounts it follows.
Reach account_deletion_reach(store::Connection& conn, std::int64_t account_id);

// The inboxes of the remote accounts in `reach`: each one's shared inbox, or its own when it has
// none; each URL once, sorted. Local accounts are never in it: they get nothing over HTTP.
std::vector<std::string> inbox_urls(store::Connection& conn, const Reach& reach);

// The inbox of the one remote account an activity is for (Follow, Accept, Reject, Like, Block,
// their Undo, poll votes): its own inbox, as Mastodon delivers these. nullopt when local.
std::optional<std::string> inbox_of(store::Connection& conn, std::int64_t account_id);

} // namespace agora::federation

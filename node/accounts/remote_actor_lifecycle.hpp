// What happens here when another server deletes or moves one of its actors: the deleted actor's
// statuses and relationships removed through the node's own code (counters, feeds, events), its
// account kept as gone; the local followers of a moved actor following its new account.
#pragma once

#include "model/account.hpp"

namespace agora {

struct Config;

namespace store {
class Database;
}

// Removes what `account` (remote) posted and its follows and follow requests both ways, then
// marks it gone (its key forgotten). Returns how many statuses were deleted.
int remove_deleted_remote_account(store::Database& db, const Account& account);

// The local followers of `from` follow `to` with the same options (a request when `to` approves
// followers by hand) and stop following `from`, whose account records the move to `to_uri`.
// Followers blocked by or blocking `to` stay where they are. Returns how many followers moved.
int move_local_followers(store::Database& db, const Config& config, const Account& from,
                         const Account& to, const std::string& to_uri);

} // namespace agora

// Following, follow requests, blocking and muting: the rules, the home-feed and notification side
// effects, and the event each change leaves for federation, in one transaction each.
#pragma once

#include "config/config.hpp"
#include "model/account.hpp"
#include "model/follow_options.hpp"
#include "model/relationship.hpp"

#include <expected>
#include <string>

namespace agora {

namespace store {
class Database;
}

struct RelationshipError {
    int status; // 403, 404
    std::string message;
};

using RelationshipResult = std::expected<Relationship, RelationshipError>;

// Follows `target_id`, or asks to when the target approves followers by hand (locked) or is
// remote (its server answers the Follow), with the options `change` gives (Mastodon's defaults for
// the others). Called again on an existing follow or request, it changes the options `change`
// gives and nothing else.
RelationshipResult follow(store::Database& db, const Config& config, const Account& me,
                          std::int64_t target_id, const FollowOptionsChange& change = {});
RelationshipResult unfollow(store::Database& db, const Account& me, std::int64_t target_id);
// Blocking also ends follows in both directions and pending requests.
RelationshipResult block(store::Database& db, const Account& me, std::int64_t target_id);
RelationshipResult unblock(store::Database& db, const Account& me, std::int64_t target_id);
RelationshipResult mute(store::Database& db, const Account& me, std::int64_t target_id,
                        bool hide_notifications);
RelationshipResult unmute(store::Database& db, const Account& me, std::int64_t target_id);
// The requester becomes a follower with the options they asked for (authorize) or is turned down
// (reject).
RelationshipResult authorize_follow_request(store::Database& db, const Account& me,
                                            std::int64_t requester_id);
RelationshipResult reject_follow_request(store::Database& db, const Account& me,
                                         std::int64_t requester_id);
// `follower_id` stops following `me` (Mastodon's remove_from_followers); nothing when it did not.
RelationshipResult remove_from_followers(store::Database& db, const Account& me,
                                         std::int64_t follower_id);

} // namespace agora

// Who a document is addressed to: the actor ids of accounts (local or remote) and the to/cc of
// statuses and boosts by visibility, exactly as Mastodon addresses them.
#pragma once

#include "config/config.hpp"
#include "model/status.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace agora::store {
class Connection;
}

namespace agora::federation {

// How one account appears in documents.
struct ActorRef {
    std::int64_t account_id = 0;
    std::string uri;  // the actor id
    std::string acct; // user@domain; local accounts with instance.domain
    bool local = true;
};

// The accounts `ids` that exist, in the order given. A remote account without a stored actor id
// is left out: nothing can address it.
std::vector<ActorRef> load_actor_refs(store::Connection& conn, const Config& config,
                                      const std::vector<std::int64_t>& ids);

struct Audience {
    std::vector<std::string> to;
    std::vector<std::string> cc;
};

// A status's audience. public: to Public, cc the author's followers and the mentioned; unlisted:
// to the followers, cc Public and the mentioned; private: to the followers, cc the mentioned;
// direct: to the mentioned only.
Audience status_audience(Visibility visibility, const std::string& author_followers,
                         const std::vector<std::string>& mentioned);

// A boost's audience: the boost's own visibility (public, unlisted or private) decides as above,
// and the original's author comes first in cc.
Audience boost_audience(Visibility visibility, const std::string& booster_followers,
                        const std::string& original_author);

} // namespace agora::federation

// Actor documents of local accounts and their collections (outbox, followers, following, featured).
#pragma once

#include "model/account.hpp"
#include "model/local_urls.hpp"
#include "model/profile.hpp"

#include <nlohmann/json_fwd.hpp>

namespace agora {
class Node;
}

namespace agora::federation {

// The ActivityPub actor of a local account (Person, Organization, Group or Service), with its
// profile: avatar (icon), header (image) and metadata fields (PropertyValue attachments).
// A suspended account's, as Mastodon serves it: `"suspended": true`, its username as name, no
// summary, pictures or fields, not discoverable, not locked.
nlohmann::json actor_document(const Account& account, const AccountProfile& profile,
                              const Config& config, bool suspended = false);

void install_actor_routes(Node& node);

} // namespace agora::federation

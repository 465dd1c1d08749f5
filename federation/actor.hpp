// Actor documents of local accounts and their collections (outbox, followers, following, featured).
#pragma once

#include "model/account.hpp"
#include "model/local_urls.hpp"

#include <nlohmann/json_fwd.hpp>

namespace agora {
class Node;
}

namespace agora::federation {

// The ActivityPub actor of a local account (Person, Organization, Group or Service).
nlohmann::json actor_document(const Account& account, const LocalUrls& urls);

void install_actor_routes(Node& node);

} // namespace agora::federation

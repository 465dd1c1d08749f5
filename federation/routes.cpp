// Federation's HTTP surface: WebFinger, host-meta, NodeInfo, actors and their collections, the
// instance actor, status objects.
#include "federation/routes.hpp"

#include "federation/actor.hpp"
#include "federation/federation.hpp"
#include "federation/federation_client.hpp"
#include "federation/inbox_routes.hpp"
#include "federation/instance_actor.hpp"
#include "federation/nodeinfo.hpp"
#include "federation/remote_account_lookup.hpp"
#include "federation/remote_status_lookup.hpp"
#include "federation/reply_threads.hpp"
#include "federation/status_routes.hpp"
#include "federation/webfinger.hpp"

namespace agora::federation {

void install_routes(Node& node) {
    auto federation = std::make_shared<Federation>(node);
    node.add_service(federation);
    node.set_remote_accounts(
        std::make_shared<ResolverAccountFinder>(federation->client().actors()));
    node.add_service(std::make_shared<ResolverStatusFinder>(node, federation->client()));
    node.add_service(std::make_shared<ReplyThreadFetcher>(node, federation->client()));
    install_webfinger_routes(node);
    install_nodeinfo_routes(node);
    install_actor_routes(node);
    install_status_routes(node);
    install_instance_actor_routes(node);
    install_inbox_routes(node);
}

} // namespace agora::federation

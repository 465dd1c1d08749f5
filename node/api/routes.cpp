// The Mastodon client API: every endpoint family, installed on a node.
#include "api/routes.hpp"

namespace agora::api {

void install_routes(Node& node) {
    install_oauth_routes(node);
    install_account_routes(node);
    install_instance_routes(node);
    install_status_routes(node);
    install_timeline_routes(node);
}

} // namespace agora::api

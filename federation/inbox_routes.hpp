// The inboxes other servers deliver to: the shared POST /inbox and POST /users/{name}/inbox.
#pragma once

namespace agora {
class Node;
}

namespace agora::federation {

// Needs the node's Federation (install_routes adds it first).
void install_inbox_routes(Node& node);

} // namespace agora::federation

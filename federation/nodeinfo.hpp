// NodeInfo 2.0 and 2.1: what software this is, its protocols, usage counts and registrations.
#pragma once

namespace agora {
class Node;
}

namespace agora::federation {

void install_nodeinfo_routes(Node& node);

} // namespace agora::federation

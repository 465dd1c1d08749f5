// Federation's HTTP surface: WebFinger, host-meta, NodeInfo, actors and their collections.
#pragma once

namespace agora {
class Node;
}

namespace agora::federation {

void install_routes(Node& node);

} // namespace agora::federation

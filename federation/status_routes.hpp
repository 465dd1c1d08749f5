// Local statuses served as ActivityStreams objects: the Note (or Question) at its id, the Create
// (or a boost's Announce) at its id followed by /activity.
#pragma once

namespace agora {
class Node;
}

namespace agora::federation {

void install_status_routes(Node& node);

} // namespace agora::federation

// Local statuses served as ActivityStreams objects: the Note (or Question) at its id, the Create
// (or a boost's Announce) at its id followed by /activity, its replies collection at /replies.
// Followers-only and direct ones only to signed GETs from actors allowed to see them; in secure
// mode (federation.authorized_fetch) nothing to unsigned GETs.
#pragma once

namespace agora {
class Node;
}

namespace agora::federation {

void install_status_routes(Node& node);

} // namespace agora::federation

// Federation asks moderation before it deals with a remote server: nothing is received from,
// fetched from or sent to a suspended domain, nor, in allow-list mode, a domain not allowed.
#pragma once

#include <string_view>

namespace agora {
class Node;
}

namespace agora::federation {

// Whether the server of `url` (an actor, key or object id) may be dealt with.
bool federates_with_url(Node& node, std::string_view url);

} // namespace agora::federation

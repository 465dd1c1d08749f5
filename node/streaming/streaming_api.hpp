// Mastodon's streaming API (WebSocket and server-sent events), installed on a node.
#pragma once

namespace agora {
class Node;
class StreamHub;
} // namespace agora

namespace agora::streaming {

void install_routes(Node& node, StreamHub& hub);

} // namespace agora::streaming

// Federation's long-lived parts for one node: built once, started and stopped with serving.
#include "federation/federation.hpp"

#include "federation/federation_client.hpp"
#include "federation/inbox_status_handlers.hpp"

#include <stdexcept>

namespace agora::federation {

Federation::Federation(Node& node)
    : node_(node), client_(std::make_unique<FederationClient>(node)) {
    add_status_handlers(inbox_handlers_);
}

Federation::~Federation() = default;

Federation& Federation::of(Node& node) {
    auto* federation = node.service<Federation>();
    if (!federation) throw std::logic_error("federation is not installed on this node");
    return *federation;
}

void Federation::start() {}

void Federation::stop() {}

} // namespace agora::federation

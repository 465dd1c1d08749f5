// Federation's long-lived parts for one node: built once, started and stopped with serving.
#include "federation/federation.hpp"

#include "federation/federation_client.hpp"
#include "federation/inbox_dispatch.hpp"
#include "federation/inbox_worker.hpp"

#include <stdexcept>

namespace agora::federation {

Federation::Federation(Node& node)
    : node_(node), client_(std::make_unique<FederationClient>(node)),
      inbox_handlers_(default_inbox_handlers()),
      inbox_(std::make_unique<InboxWorker>(node, *client_, inbox_handlers_)) {}

Federation::~Federation() = default;

Federation& Federation::of(Node& node) {
    auto* federation = node.service<Federation>();
    if (!federation) throw std::logic_error("federation is not installed on this node");
    return *federation;
}

void Federation::start() {
    inbox_->start();
}

void Federation::stop() {
    inbox_->stop();
}

int Federation::drain_inbox() {
    return inbox_->drain();
}

} // namespace agora::federation

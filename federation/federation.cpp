// Federation's long-lived parts for one node: built once, started and stopped with serving.
#include "federation/federation.hpp"

#include "events/event_worker.hpp"
#include "federation/delivery_queue.hpp"
#include "federation/delivery_worker.hpp"
#include "federation/federation_client.hpp"
#include "federation/inbox_status_handlers.hpp"
#include "util/time.hpp"

#include <stdexcept>

namespace agora::federation {

Federation::Federation(Node& node)
    : node_(node), client_(std::make_unique<FederationClient>(node)),
      delivery_(std::make_unique<DeliveryWorker>(node.database(), node.config(),
                                                 client_->signed_client(),
                                                 DeliveryOptions::from_config(node.config()))) {
    // After fan-out and streaming (registered by the node): each event's deliveries are queued
    // in the transaction that moves this consumer past it, and the worker is woken once it commits.
    node.events().add_consumer(
        "delivery",
        [&node](store::Connection& conn, const store::Event& event) {
            queue_deliveries(conn, node.config(), event, now_unix_ms());
        },
        {}, delivery_->notifier());
    add_status_handlers(inbox_handlers_);
}

Federation::~Federation() = default;

Federation& Federation::of(Node& node) {
    auto* federation = node.service<Federation>();
    if (!federation) throw std::logic_error("federation is not installed on this node");
    return *federation;
}

void Federation::start() {
    delivery_->start();
}

void Federation::stop() {
    delivery_->stop();
}

void Federation::drain_deliveries() {
    node_.events().drain();
    delivery_->drain();
}

} // namespace agora::federation

// Federation's long-lived parts for one node: built once, started and stopped with serving.
#include "federation/federation.hpp"

#include "events/event_worker.hpp"
#include "federation/delivery_queue.hpp"
#include "federation/delivery_worker.hpp"
#include "federation/federation_client.hpp"
#include "federation/inbox_dispatch.hpp"
#include "federation/inbox_status_handlers.hpp"
#include "federation/inbox_worker.hpp"
#include "federation/instance_actor.hpp"
#include "federation/poll_updates.hpp"
#include "store/events_repo.hpp"
#include "util/time.hpp"

#include <stdexcept>

namespace agora::federation {

Federation::Federation(Node& node)
    : node_(node), client_(std::make_unique<FederationClient>(node)),
      inbox_handlers_(default_inbox_handlers()),
      delivery_(std::make_unique<DeliveryWorker>(node.database(), node.config(),
                                                 client_->signed_client(),
                                                 DeliveryOptions::from_config(node.config()))),
      inbox_(std::make_unique<InboxWorker>(node, *client_, inbox_handlers_)),
      poll_updates_(std::make_shared<PollUpdates>(node, delivery_->notifier())) {
    // After fan-out and streaming (registered by the node): each event's deliveries are queued
    // in the transaction that moves this consumer past it, and the worker is woken once it commits.
    node.events().add_consumer(
        "delivery",
        [&node, poll_updates = poll_updates_](store::Connection& conn, const store::Event& event) {
            queue_deliveries(conn, node.config(), event, now_unix_ms());
            poll_updates->consider(conn, event); // a vote in a local poll: its Update, later
        },
        // A forwarded report is sent by the instance actor: its row is made first if need be
        // (in a transaction of its own; the handler's cannot hold another).
        [&node](store::Connection& conn, const store::Event& event) {
            if (event.kind == "report.forwarded") ensure_instance_actor(conn, node.config());
        },
        delivery_->notifier());
}

Federation::~Federation() = default;

Federation& Federation::of(Node& node) {
    auto* federation = node.service<Federation>();
    if (!federation) throw std::logic_error("federation is not installed on this node");
    return *federation;
}

void Federation::start() {
    delivery_->start();
    inbox_->start();
    poll_updates_->start();
    client_->actors().refresher().start();
}

void Federation::stop() {
    client_->actors().refresher().stop();
    poll_updates_->stop();
    inbox_->stop();
    delivery_->stop();
}

void Federation::drain_deliveries() {
    node_.events().drain();
    delivery_->drain();
}

int Federation::drain_inbox() {
    return inbox_->drain();
}

} // namespace agora::federation

// Federation's long-lived parts for one node, kept by the node as a background service: the
// outbound client, the handlers of inbox activities, the "delivery" consumer of the node's events
// and the worker that sends what it queues (and, as they land, the inbox queue's workers).
#pragma once

#include "federation/inbox_activity.hpp"
#include "node.hpp"

#include <memory>

namespace agora::federation {

class FederationClient;
class DeliveryWorker;

class Federation : public BackgroundService {
public:
    explicit Federation(Node& node);
    ~Federation() override;

    // The one added to `node` by install_routes; throws std::logic_error when there is none.
    static Federation& of(Node& node);

    Node& node() { return node_; }
    FederationClient& client() { return *client_; }
    // What each activity type does when it arrives, by type ("Follow", "Create"...).
    const InboxHandlers& inbox_handlers() const { return inbox_handlers_; }

    void start() override;
    void stop() override;

    // Turns the node's events into deliveries now, then attempts every delivery due and waits for
    // the answers (tests, benchmarks): see DeliveryWorker::drain.
    void drain_deliveries();

private:
    Node& node_;
    std::unique_ptr<FederationClient> client_;
    InboxHandlers inbox_handlers_;
    std::unique_ptr<DeliveryWorker> delivery_; // after client_: stopped and destroyed before it
};

} // namespace agora::federation

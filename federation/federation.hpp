// Federation's long-lived parts for one node, kept by the node as a background service: the
// outbound client, the handlers of inbox activities and the worker that applies the inbox queue,
// the "delivery" consumer of the node's events and the worker that sends what it queues.
#pragma once

#include "federation/inbox_activity.hpp"
#include "node.hpp"

#include <memory>

namespace agora::federation {

class FederationClient;
class DeliveryWorker;
class InboxWorker;
class PollUpdates;

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
    // Applies the inbox queue (federation/inbox_worker.hpp).
    InboxWorker& inbox() { return *inbox_; }
    // Sends Update{Question} of local polls whose counts changed (federation/poll_updates.hpp).
    PollUpdates& poll_updates() { return *poll_updates_; }
    // Applies every queued activity that is due, now, on the calling thread (tests).
    int drain_inbox();

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
    std::unique_ptr<InboxWorker> inbox_;       // likewise
    // Shared with the delivery consumer, which may run after this is gone.
    std::shared_ptr<PollUpdates> poll_updates_;
};

} // namespace agora::federation

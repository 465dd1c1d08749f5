// The inbox worker: a thread that applies the activities of the inbox queue in order, each
// through the handlers of its type, and tries again later, with growing delays, those that must
// wait for another server. What it cannot apply is counted by type.
#pragma once

#include "federation/inbox_activity.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace agora {
class Node;
namespace store {
struct QueuedActivity;
}
} // namespace agora

namespace agora::federation {

struct InboxWorkerOptions {
    int max_attempts = 8; // then the activity is dropped (logged, counted as abandoned)
    std::chrono::seconds first_retry{30}; // doubled at each attempt, with some jitter
    std::chrono::seconds longest_retry{6 * 3600};
    std::chrono::hours keep_received_ids{7 * 24}; // how long a repeated delivery is recognised
};

class InboxWorker {
public:
    InboxWorker(Node& node, FederationClient& client, const InboxHandlers& handlers,
                InboxWorkerOptions options = {});
    ~InboxWorker();

    void start();
    void stop();
    // Something was queued: apply it now.
    void wake();
    // Applies everything due now on the calling thread (tests); returns how many activities were
    // taken from the queue (applied, ignored, dropped or put off).
    int drain();
    // While paused the thread applies nothing (tests of a queue that outlives its node).
    void pause(bool paused);

private:
    struct Result {
        InboxOutcome outcome = InboxOutcome::not_mine;
        std::string type = "(invalid)"; // the activity's type, when it has one
        std::string error;              // why it must wait, or was dropped
    };
    int run_once();
    InboxOutcome dispatch(const store::QueuedActivity& row, std::string& type, std::string& error);
    void settle(const std::vector<store::QueuedActivity>& rows, const std::vector<Result>& results);
    // Logs what was given up or not applied, once the batch is committed.
    void report(const std::vector<store::QueuedActivity>& rows,
                const std::vector<Result>& results) const;
    std::int64_t retry_delay_ms(int attempts) const;
    void prune_received_ids();

    Node& node_;
    FederationClient& client_;
    const InboxHandlers& handlers_;
    InboxWorkerOptions options_;
    std::mutex mutex_;
    std::mutex run_mutex_;
    std::condition_variable wake_;
    bool pending_ = false;
    bool stopping_ = false;
    bool paused_ = false;
    std::chrono::steady_clock::time_point last_prune_{};
    std::thread thread_;
};

} // namespace agora::federation

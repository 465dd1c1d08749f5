// Update{Question} of local polls whose vote counts changed, debounced as Mastodon does it: the
// first vote of a burst (local, or remote through the inbox) schedules one Update a few minutes
// later, which carries the counts as they then stand; the votes cast meanwhile ride along. A poll
// that has ended by then gets nothing here: its final Update goes with its poll.expired event
// (federation/delivery_queue.hpp). Pending Updates are kept in memory; after a restart, the open
// polls with votes in the last hour are scheduled again (an Update sent twice changes nothing).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace agora {
class Node;
namespace store {
class Connection;
struct Event;
} // namespace store
} // namespace agora

namespace agora::federation {

// How long after the first vote of a burst its Update is sent (Mastodon: 3 minutes).
inline constexpr std::chrono::milliseconds poll_update_delay = std::chrono::minutes(3);
// At start, open polls with votes this recent are scheduled again.
inline constexpr std::chrono::milliseconds poll_update_catch_up = std::chrono::hours(1);

class PollUpdates {
public:
    // `delivered`: wakes the delivery worker once an Update's deliveries are committed.
    PollUpdates(Node& node, std::function<void()> delivered,
                std::chrono::milliseconds delay = poll_update_delay);
    ~PollUpdates(); // stops
    PollUpdates(const PollUpdates&) = delete;
    PollUpdates& operator=(const PollUpdates&) = delete;

    // From the delivery consumer: a poll.voted event in a local poll schedules its Update, unless
    // one is already pending. Cheap; never blocks on the network.
    void consider(store::Connection& conn, const store::Event& event);
    // Schedules the Update of poll `poll_id` after the delay, unless one is pending.
    void schedule(std::int64_t poll_id);

    void start();
    void stop();
    // Sends every pending Update now, on the calling thread (tests).
    void drain();
    // Another delay for the Updates scheduled from now on (tests).
    void set_delay(std::chrono::milliseconds delay);
    std::size_t pending() const;

private:
    void run();
    void send(std::int64_t poll_id);

    Node& node_;
    std::function<void()> delivered_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::chrono::milliseconds delay_;
    std::map<std::int64_t, std::chrono::steady_clock::time_point> due_; // by poll id
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace agora::federation

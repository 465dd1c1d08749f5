// Runs the event consumers (home-feed fan-out now, federation delivery later) on a background
// thread: woken right after a commit, and every second in case a wake-up was missed.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace agora {

namespace store {
class Database;
struct Event;
class Connection;
} // namespace store

// Applies one event inside the transaction that also advances the consumer's position, so each
// event is applied exactly once even if the process stops in the middle.
using EventHandler = std::function<void(store::Connection&, const store::Event&)>;

class EventWorker {
public:
    explicit EventWorker(store::Database& db);
    ~EventWorker();

    // Consumers must be added before start().
    void add_consumer(std::string name, EventHandler handler);
    void start();
    void stop();
    // Wakes the worker: an event was just committed.
    void notify();
    // Processes everything pending now, on the calling thread (tests, shutdown).
    void drain();

private:
    bool run_once(); // true when some events were processed
    store::Database& db_;
    std::vector<std::pair<std::string, EventHandler>> consumers_;
    std::mutex mutex_;
    std::mutex run_mutex_;
    std::condition_variable wake_;
    bool pending_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace agora

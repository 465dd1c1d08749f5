// Runs the event consumers (home-feed fan-out now, federation delivery later) on a background
// thread: woken right after a commit, and every second in case a wake-up was missed. The same
// wake-ups run the chores that fall due with time rather than with a commit (ended polls).
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <span>
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

// Bulk work for an event, done before its handler outside the handler's transaction (the events
// of a batch are prepared in turn, then handled in one transaction), in short transactions of its
// own, so that others may write in between (a fan-out to thousands of feeds). Done again if the
// process stops before the handler's transaction commits: it must change nothing the second time.
using EventPreparation = std::function<void(store::Connection&, const store::Event&)>;

// Called on the worker's thread (or the draining one) right after a transaction that applied some
// of a consumer's events committed: what the consumer queued there may now be read by others
// (federation's delivery workers are woken so).
using EventsCommitted = std::function<void()>;

// Work that falls due with time: run on the worker's thread at each wake-up, before the consumers,
// so that the events it writes are consumed at once. It commits its own transactions and decides
// itself how often it really works.
using Chore = std::function<void()>;

class EventWorker {
public:
    explicit EventWorker(store::Database& db);
    ~EventWorker();

    // Consumers must be added before start().
    void add_consumer(std::string name, EventHandler handler, EventPreparation prepare = {},
                      EventsCommitted committed = {});
    // Chores too; they run only while the worker's thread runs (never in the command line tool).
    void add_chore(Chore chore);
    void start();
    void stop();
    // Wakes the worker: an event was just committed.
    void notify();
    // Processes everything pending now, on the calling thread (tests, shutdown).
    void drain();

private:
    bool run_once(); // true when some events were processed
    struct Consumer {
        std::string name;
        EventHandler handler;
        EventPreparation prepare;
        EventsCommitted committed;
    };
    // Applies the first events of `events` in one transaction; returns the new position.
    std::int64_t apply(store::Connection& conn, const Consumer& consumer,
                       std::span<const store::Event> events);
    void prepare(store::Connection& conn, const Consumer& consumer, const store::Event& event);
    void run_chores();
    store::Database& db_;
    std::vector<Consumer> consumers_;
    std::vector<Chore> chores_;
    std::mutex mutex_;
    std::mutex run_mutex_;
    std::condition_variable wake_;
    bool pending_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace agora

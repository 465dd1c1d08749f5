// Runs the event consumers on a background thread: woken after each commit, and every second;
// the chores that fall due with time run at the same wake-ups.
#include "events/event_worker.hpp"

#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <chrono>
#include <limits>

namespace agora {

namespace {
constexpr int batch_size = 100;
// How long a transaction of the worker goes on taking more events.
constexpr auto write_slice = std::chrono::milliseconds(5);
} // namespace

EventWorker::EventWorker(store::Database& db) : db_(db) {}

EventWorker::~EventWorker() {
    stop();
}

void EventWorker::add_consumer(std::string name, EventHandler handler, EventPreparation prepare,
                               EventsCommitted committed) {
    consumers_.push_back(
        {std::move(name), std::move(handler), std::move(prepare), std::move(committed)});
}

void EventWorker::add_chore(Chore chore) {
    chores_.push_back(std::move(chore));
}

void EventWorker::run_chores() {
    for (auto& chore : chores_) {
        try {
            chore();
        } catch (const std::exception& e) {
            log::error(std::string("event worker chore: ") + e.what());
        }
    }
}

void EventWorker::start() {
    {
        // Registers every consumer, so that pruning never drops an event one of them has not read.
        auto conn = db_.acquire();
        for (auto& consumer : consumers_)
            conn->query("INSERT INTO event_consumers (name, position) VALUES (?, 0) ON CONFLICT DO "
                        "NOTHING",
                        consumer.name)
                .run();
    }
    thread_ = std::thread([this] {
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                wake_.wait_for(lock, std::chrono::seconds(1),
                               [this] { return pending_ || stopping_; });
                if (stopping_) return;
                pending_ = false;
            }
            run_chores();
            try {
                while (run_once()) {
                }
            } catch (const std::exception& e) {
                log::error(std::string("event worker: ") + e.what());
            }
        }
    });
}

void EventWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void EventWorker::notify() {
    {
        std::lock_guard lock(mutex_);
        pending_ = true;
    }
    wake_.notify_one();
}

void EventWorker::drain() {
    while (run_once()) {
    }
}

bool EventWorker::run_once() {
    std::lock_guard run(run_mutex_);
    bool worked = false;
    auto conn = db_.acquire();
    // A consumer never passes the one before it, even when events are committed meanwhile: the
    // streams tell about a status only once fan-out has written the feed rows it went to. Each
    // consumer does one transaction's worth, then the next follows on: a status is told about as
    // soon as its own fan-out is done, not once a whole batch is. The events are read once for
    // all consumers, from the one furthest behind (the last, as none passes the one before).
    std::vector<std::int64_t> positions;
    positions.reserve(consumers_.size());
    auto lowest = std::numeric_limits<std::int64_t>::max();
    for (const auto& consumer : consumers_) {
        positions.push_back(store::consumer_position(*conn, consumer.name));
        lowest = std::min(lowest, positions.back());
    }
    auto events = consumers_.empty() ? std::vector<store::Event>()
                                     : store::events_after(*conn, lowest, batch_size);
    auto up_to = std::numeric_limits<std::int64_t>::max();
    for (std::size_t i = 0; i < consumers_.size(); ++i) {
        auto position = positions[i];
        auto first = std::ranges::find_if(
            events, [&](const store::Event& event) { return event.id > position; });
        auto last = std::find_if(first, events.end(),
                                 [&](const store::Event& event) { return event.id > up_to; });
        if (first != last) {
            position = apply(*conn, consumers_[i], std::span(first, last));
            worked = true;
        }
        up_to = position;
    }
    if (!worked) store::prune_events(*conn);
    return worked;
}

std::int64_t EventWorker::apply(store::Connection& conn, const Consumer& consumer,
                                std::span<const store::Event> events) {
    // One transaction, which takes events while it has lasted less than write_slice, so that a
    // request waiting to write (a post) does not wait for a whole batch; it moves the position past
    // its own events only. A consumer with a preparation prepares its events first, each in
    // transactions of its own, for as long (at least one), then applies those in one transaction.
    auto started = std::chrono::steady_clock::now();
    auto within_slice = [&] { return std::chrono::steady_clock::now() - started < write_slice; };
    std::size_t end = events.size();
    if (consumer.prepare) {
        end = 0;
        do {
            prepare(conn, consumer, events[end++]);
        } while (end < events.size() && within_slice());
    }
    store::Transaction tx(conn);
    std::size_t next = 0;
    do {
        const auto& event = events[next++];
        conn.query("SAVEPOINT event").run(); // cached statements: parsed once per connection
        try {
            consumer.handler(conn, event);
        } catch (const std::exception& e) {
            // One bad event must not block the queue behind it; its partial work is undone.
            conn.exec("ROLLBACK TO event");
            log::error("event " + std::to_string(event.id) + " (" + event.kind + ") failed in " +
                       consumer.name + ": " + e.what());
        }
        conn.query("RELEASE event").run();
    } while (next < end && (consumer.prepare || within_slice()));
    auto position = events[next - 1].id;
    store::set_consumer_position(conn, consumer.name, position);
    tx.commit();
    if (consumer.committed) consumer.committed();
    return position;
}

void EventWorker::prepare(store::Connection& conn, const Consumer& consumer,
                          const store::Event& event) {
    try {
        consumer.prepare(conn, event);
    } catch (const std::exception& e) {
        // Its committed slices stay (they are wanted); the handler runs all the same.
        log::error("event " + std::to_string(event.id) + " (" + event.kind +
                   ") could not be prepared in " + consumer.name + ": " + e.what());
    }
}

} // namespace agora

// Runs the event consumers on a background thread: woken after each commit, and every second;
// the chores that fall due with time run at the same wake-ups.
#include "events/event_worker.hpp"

#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "util/log.hpp"

#include <chrono>

namespace agora {

namespace {
constexpr int batch_size = 100;
}

EventWorker::EventWorker(store::Database& db) : db_(db) {}

EventWorker::~EventWorker() {
    stop();
}

void EventWorker::add_consumer(std::string name, EventHandler handler) {
    consumers_.emplace_back(std::move(name), std::move(handler));
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
        for (auto& [name, handler] : consumers_)
            conn->query("INSERT INTO event_consumers (name, position) VALUES (?, 0) ON CONFLICT DO "
                        "NOTHING",
                        name)
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
    for (auto& [name, handler] : consumers_) {
        auto position = store::consumer_position(*conn, name);
        auto events = store::events_after(*conn, position, batch_size);
        if (events.empty()) continue;
        store::Transaction tx(*conn);
        for (const auto& event : events) {
            conn->exec("SAVEPOINT event");
            try {
                handler(*conn, event);
            } catch (const std::exception& e) {
                // One bad event must not block the queue behind it; its partial work is undone.
                conn->exec("ROLLBACK TO event");
                log::error("event " + std::to_string(event.id) + " (" + event.kind +
                           ") failed in " + name + ": " + e.what());
            }
            conn->exec("RELEASE event");
        }
        store::set_consumer_position(*conn, name, events.back().id);
        tx.commit();
        worked = true;
    }
    if (!worked) store::prune_events(*conn);
    return worked;
}

} // namespace agora

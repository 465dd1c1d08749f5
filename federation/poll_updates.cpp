// Update{Question} of local polls whose counts changed: one per burst of votes, a few minutes on.
#include "federation/poll_updates.hpp"

#include "federation/delivery_queue.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/polls_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace agora::federation {

PollUpdates::PollUpdates(Node& node, std::function<void()> delivered,
                         std::chrono::milliseconds delay)
    : node_(node), delivered_(std::move(delivered)), delay_(delay) {}

PollUpdates::~PollUpdates() {
    stop();
}

void PollUpdates::consider(store::Connection& conn, const store::Event& event) {
    if (event.kind != "poll.voted") return;
    auto payload = nlohmann::json::parse(event.payload, nullptr, false);
    if (!payload.is_object() || !payload.value("poll_id", nlohmann::json()).is_number_integer())
        return;
    auto poll = store::find_poll(conn, payload["poll_id"].get<std::int64_t>());
    auto status = poll ? store::find_status(conn, poll->status_id) : std::nullopt;
    if (status && status->local) schedule(poll->id);
}

void PollUpdates::schedule(std::int64_t poll_id) {
    {
        std::lock_guard lock(mutex_);
        // Debounced: the pending Update will carry this vote too.
        if (!due_.emplace(poll_id, std::chrono::steady_clock::now() + delay_).second) return;
    }
    wake_.notify_all();
}

void PollUpdates::start() {
    // Updates pending when the process stopped were lost with it: schedule the recent ones again.
    try {
        auto now = now_unix_ms();
        auto conn = node_.database().acquire();
        for (auto poll_id : store::local_open_polls_voted_since(
                 *conn, now - poll_update_catch_up.count() - delay_.count(), now))
            schedule(poll_id);
    } catch (const std::exception& e) {
        log::error(std::string("federation: scheduling poll updates after a start failed: ") +
                   e.what());
    }
    {
        std::lock_guard lock(mutex_);
        stopping_ = false;
    }
    thread_ = std::thread([this] { run(); });
}

void PollUpdates::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void PollUpdates::drain() {
    std::vector<std::int64_t> polls;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [poll_id, due] : due_)
            polls.push_back(poll_id);
        due_.clear();
    }
    for (auto poll_id : polls)
        send(poll_id);
}

void PollUpdates::set_delay(std::chrono::milliseconds delay) {
    std::lock_guard lock(mutex_);
    delay_ = delay;
}

std::size_t PollUpdates::pending() const {
    std::lock_guard lock(mutex_);
    return due_.size();
}

void PollUpdates::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (due_.empty()) {
            wake_.wait(lock);
            continue;
        }
        // The soonest due.
        auto next = due_.begin();
        for (auto it = due_.begin(); it != due_.end(); ++it)
            if (it->second < next->second) next = it;
        if (std::chrono::steady_clock::now() < next->second) {
            wake_.wait_until(lock, next->second);
            continue;
        }
        auto poll_id = next->first;
        due_.erase(next);
        lock.unlock();
        send(poll_id);
        lock.lock();
    }
}

void PollUpdates::send(std::int64_t poll_id) {
    try {
        auto now = now_unix_ms();
        auto conn = node_.database().acquire();
        store::Transaction tx(*conn);
        // Ended meanwhile: its final Update goes with its poll.expired event.
        auto poll = store::find_poll(*conn, poll_id);
        if (!poll || poll->expired(now)) return;
        queue_poll_update(*conn, node_.config(), poll_id, now);
        tx.commit();
    } catch (const std::exception& e) {
        log::error("federation: the update of poll " + std::to_string(poll_id) +
                   " was not queued: " + e.what());
        return;
    }
    if (delivered_) delivered_();
}

} // namespace agora::federation

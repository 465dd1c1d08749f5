// Stale remote actors refreshed in the background: queued once, spaced out, never waited for.
#include "federation/actor_refresher.hpp"

#include "util/log.hpp"

namespace agora::federation {

ActorRefresher::ActorRefresher(std::function<void(const std::string& uri)> refresh,
                               ActorRefreshOptions options)
    : refresh_(std::move(refresh)), options_(options) {}

ActorRefresher::~ActorRefresher() {
    stop();
}

bool ActorRefresher::request(const std::string& uri) {
    {
        std::lock_guard lock(mutex_);
        if (!running_) return false;
        if (queued_.contains(uri)) return true;
        auto now = std::chrono::steady_clock::now();
        if (auto it = attempted_.find(uri);
            it != attempted_.end() && now - it->second < options_.retry_after)
            return true;
        if (queue_.size() >= options_.max_queue) return true; // the next use asks again
        // Bounded: an actor forgotten may be attempted again sooner, nothing worse.
        if (attempted_.size() > 10 * options_.max_queue) attempted_.clear();
        attempted_[uri] = now;
        queued_.insert(uri);
        queue_.push_back(uri);
    }
    wake_.notify_all();
    return true;
}

void ActorRefresher::start() {
    std::lock_guard lock(mutex_);
    if (running_) return;
    running_ = true;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void ActorRefresher::stop() {
    {
        std::lock_guard lock(mutex_);
        if (!running_) return;
        stopping_ = true;
        running_ = false;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

bool ActorRefresher::running() const {
    std::lock_guard lock(mutex_);
    return running_;
}

std::size_t ActorRefresher::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

bool ActorRefresher::pop(std::string& uri) {
    std::lock_guard lock(mutex_);
    if (queue_.empty()) return false;
    uri = std::move(queue_.front());
    queue_.pop_front();
    queued_.erase(uri);
    return true;
}

void ActorRefresher::drain() {
    std::string uri;
    while (pop(uri))
        refresh_(uri);
}

void ActorRefresher::run() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
        }
        std::string uri;
        if (!pop(uri)) continue;
        try {
            refresh_(uri);
        } catch (const std::exception& e) {
            log::warn("federation: refreshing " + uri + " failed: " + e.what());
        }
        // Spaced out: at most one fetch per `spacing`, however many are waiting.
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, options_.spacing, [this] { return stopping_; });
        if (stopping_) return;
    }
}

} // namespace agora::federation

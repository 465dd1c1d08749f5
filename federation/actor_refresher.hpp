// Stale remote actors refreshed in the background: the actor resolver answers with the stored
// copy at once and asks this to fetch the actor again later, so that no request handler or inbox
// worker waits on a remote server for an actor already known. Requests are queued once per actor
// (deduplicated while waiting), the queue is bounded (more are dropped: the next use asks again),
// fetches are spaced out (a bounded rate, whatever the traffic), and an actor attempted lately is
// not attempted again before `retry_after` (a dead server is not asked at every use).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace agora::federation {

struct ActorRefreshOptions {
    std::size_t max_queue = 1000;                       // actors waiting; more are dropped
    std::chrono::milliseconds spacing{100};             // between two fetches: at most 10 a second
    std::chrono::milliseconds retry_after{10 * 60'000}; // per actor, after an attempt
};

class ActorRefresher {
public:
    // `refresh` fetches and stores one actor (blocking); it is called on this refresher's thread.
    explicit ActorRefresher(std::function<void(const std::string& uri)> refresh,
                            ActorRefreshOptions options = {});
    ~ActorRefresher(); // stops
    ActorRefresher(const ActorRefresher&) = delete;
    ActorRefresher& operator=(const ActorRefresher&) = delete;

    // Asks for `uri` to be refreshed. False when the refresher is not running (the caller then
    // refreshes it itself, as the command line tool does); true otherwise, even when the request
    // is dropped (queued already, attempted lately, queue full).
    bool request(const std::string& uri);

    void start();
    void stop();
    bool running() const;
    // Refreshes every queued actor now, on the calling thread, without spacing (tests).
    void drain();
    std::size_t queued() const;

private:
    void run();
    bool pop(std::string& uri);

    std::function<void(const std::string&)> refresh_;
    ActorRefreshOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::string> queue_;
    std::unordered_set<std::string> queued_;
    std::unordered_map<std::string, std::chrono::steady_clock::time_point> attempted_;
    bool running_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace agora::federation

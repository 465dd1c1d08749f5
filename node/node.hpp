// A running instance: configuration, database, router and HTTP server, wired together.
// Other rooms (federation, web) add their routes through router() before serve().
#pragma once

#include "config/config.hpp"
#include "http/router.hpp"
#include "store/database.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace agora {

namespace http {
class Server;
}
namespace api {
class RateLimiter;
}
class EventWorker;
class StreamHub;
class RemoteAccountFinder;

// Work another room runs beside the server (federation's inbox and delivery workers): started
// when serving begins, after the event worker, and stopped before the database closes.
class BackgroundService {
public:
    virtual ~BackgroundService() = default;
    virtual void start() {}
    virtual void stop() {}
};

class Node {
public:
    // Opens the database (creating its folder and applying migrations) and the media folder.
    explicit Node(Config config);
    ~Node();

    const Config& config() const { return config_; }
    store::Database& database() { return *database_; }
    http::Router& router() { return router_; }
    // The background consumers of the event table (home-feed fan-out...): notify() after a commit.
    EventWorker& events() { return *events_; }
    // Who listens on live streams (Mastodon's streaming API).
    StreamHub& streams() { return *streams_; }
    // The client API's rate limits (in memory, shared by every server thread).
    api::RateLimiter& rate_limiter() { return *rate_limiter_; }

    // Rooms add their long-lived parts before serve(); the node keeps them for its whole life.
    void add_service(std::shared_ptr<BackgroundService> service);
    // The service of type T that a room added, or nullptr.
    template <class T>
    T* service() const {
        for (const auto& s : services_)
            if (auto* found = dynamic_cast<T*>(s.get())) return found;
        return nullptr;
    }

    // How node code finds accounts on other servers; nullptr until a room installs a finder.
    RemoteAccountFinder* remote_accounts() const { return remote_accounts_.get(); }
    void set_remote_accounts(std::shared_ptr<RemoteAccountFinder> finder) {
        remote_accounts_ = std::move(finder);
    }

    // Binds http.listen; returns the bound port.
    std::uint16_t listen();
    // Serves until stop() or, when `handle_signals`, SIGINT/SIGTERM; then closes the database.
    void serve(bool handle_signals);
    void stop();
    bool ready() const { return ready_; }

    // Moves whenever a service of this process changes an account's public data; caches of
    // rendered documents compare it to know they are stale.
    void accounts_changed() { accounts_version_.fetch_add(1, std::memory_order_relaxed); }
    std::uint64_t accounts_version() const {
        return accounts_version_.load(std::memory_order_relaxed);
    }

private:
    void add_health_routes();

    Config config_;
    std::unique_ptr<store::Database> database_;
    std::unique_ptr<EventWorker> events_;
    std::unique_ptr<StreamHub> streams_;
    std::unique_ptr<api::RateLimiter> rate_limiter_;
    std::vector<std::shared_ptr<BackgroundService>> services_;
    std::shared_ptr<RemoteAccountFinder> remote_accounts_;

    http::Router router_;
    std::unique_ptr<http::Server> server_;
    std::atomic<bool> ready_{false};
    std::atomic<std::uint64_t> accounts_version_{0};
};

} // namespace agora

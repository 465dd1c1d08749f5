// Sends the deliveries rows: each activity POSTed to its inbox, signed with the acting account's
// key, on the HTTP client's asynchronous interface (a slow or dead server holds a connection, not
// a thread), with bounded concurrency overall and per domain. Delivered rows are deleted; those
// that fail are tried again with exponential back-off and jitter until they are about three days
// old (federation.delivery_retry_hours), and those refused for good are dropped (logged). A
// domain that fails federation.delivery_unreachable_after times in a row is unreachable: its
// deliveries wait, and one of them is tried every federation.delivery_probe_interval until one
// succeeds and revives it. Nothing in memory matters across a restart: whatever was on its way is
// sent again.
#pragma once

#include "federation/signed_client.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace agora {
struct Config;
namespace store {
class Database;
class Connection;
struct Delivery;
} // namespace store
} // namespace agora

namespace agora::federation {

struct DeliveryOptions {
    unsigned concurrency = 64; // requests on their way at once
    unsigned per_domain = 4;   // of which to one domain (an unreachable one: 1, its probe)
    std::chrono::hours retry_for{72};
    unsigned unreachable_after = 10;
    std::chrono::seconds probe_interval{600};

    static DeliveryOptions from_config(const Config& config);
};

class DeliveryWorker {
public:
    DeliveryWorker(store::Database& db, const Config& config, SignedClient& client,
                   DeliveryOptions options);
    ~DeliveryWorker(); // stops
    DeliveryWorker(const DeliveryWorker&) = delete;
    DeliveryWorker& operator=(const DeliveryWorker&) = delete;

    void start();
    // Stops taking rows and returns at once: answers still on their way are not waited for (their
    // rows stay, and are sent again after a restart).
    void stop();
    // Wakes the worker: deliveries were just committed. Safe from any thread, at any time.
    void notify();
    // What notify() does, as a function that stays safe to call after the worker is gone.
    std::function<void()> notifier();
    // Attempts every delivery due now (and those that fall due meanwhile) and waits until none is
    // due or on its way (tests, benchmarks). Rows rescheduled to later are not waited for.
    void drain();

private:
    struct Finished;
    struct Mailbox;

    void run();
    // One round: records the answers, gives up rows too old, starts what is due. True when
    // nothing is on its way and nothing was due.
    bool round(std::vector<Finished>& finished);
    void record(std::vector<Finished>& finished);
    void record_one(store::Connection& conn, const Finished& finished, std::int64_t now);
    int dispatch();
    bool launch(store::Connection& conn, store::Delivery delivery);
    std::shared_ptr<const SigningKey> signing_key(store::Connection& conn, std::int64_t account_id);
    void give_up_old_rows(std::int64_t now);

    store::Database& db_;
    const Config& config_;
    SignedClient& client_;
    DeliveryOptions options_;
    std::shared_ptr<Mailbox> box_;
    std::thread thread_;
    std::mutex round_mutex_; // one round at a time (the thread's, or a drain's without a thread)

    // Touched by rounds only.
    std::unordered_set<std::int64_t> in_flight_;
    std::unordered_map<std::string, int> domain_load_;
    std::unordered_map<std::int64_t, std::shared_ptr<const SigningKey>> keys_;
    std::mt19937 random_{std::random_device{}()};
    std::int64_t last_give_up_ = 0;
};

} // namespace agora::federation

// Sends the deliveries rows, signed, concurrently but bounded, retried with back-off, with the
// health of each domain kept.
#include "federation/delivery_worker.hpp"

#include "config/config.hpp"
#include "federation/delivery_policy.hpp"
#include "federation/instance_actor.hpp"
#include "model/local_urls.hpp"
#include "moderation/domain_policy.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/deliveries_repo.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace agora::federation {

namespace {
constexpr auto idle_wake = std::chrono::seconds(1); // due rows are looked for at least this often
constexpr std::int64_t give_up_every_ms = 60'000;
constexpr std::size_t max_cached_keys = 1000;

// "Create https://example.org/users/alice/statuses/1/activity", for the logs.
std::string describe(const std::string& activity) {
    auto doc = nlohmann::json::parse(activity, nullptr, false);
    if (!doc.is_object()) return "an activity";
    return doc.value("type", std::string("activity")) + " " + doc.value("id", std::string());
}
} // namespace

DeliveryOptions DeliveryOptions::from_config(const Config& config) {
    DeliveryOptions o;
    o.concurrency = std::max(1u, config.federation.delivery_concurrency);
    o.per_domain = std::clamp(config.federation.delivery_per_domain, 1u, o.concurrency);
    o.retry_for = std::chrono::hours(config.federation.delivery_retry_hours);
    o.unreachable_after = std::max(1u, config.federation.delivery_unreachable_after);
    o.probe_interval = std::chrono::seconds(config.federation.delivery_probe_seconds);
    return o;
}

struct DeliveryWorker::Finished {
    store::Delivery delivery;
    HttpResult result;
};

// Where answers and wake-ups arrive, shared with the HTTP client's callbacks (which may outlive
// the worker: an answer that comes after stop() is dropped).
struct DeliveryWorker::Mailbox {
    std::mutex mutex;
    std::condition_variable wake;
    std::condition_variable drained;
    std::vector<Finished> finished;
    bool notified = false;
    bool running = false;
    bool stopping = false;
    std::uint64_t drains_asked = 0, drains_done = 0;
};

DeliveryWorker::DeliveryWorker(store::Database& db, const Config& config, SignedClient& client,
                               DeliveryOptions options)
    : db_(db), config_(config), client_(client), options_(options),
      box_(std::make_shared<Mailbox>()) {}

DeliveryWorker::~DeliveryWorker() {
    stop();
}

void DeliveryWorker::start() {
    {
        std::lock_guard lock(box_->mutex);
        if (box_->running) return;
        box_->running = true;
        box_->stopping = false;
    }
    {
        // Answers that never came (a client stopped meanwhile): their rows are due again.
        std::lock_guard one_at_a_time(round_mutex_);
        in_flight_.clear();
        domain_load_.clear();
    }
    thread_ = std::thread([this] { run(); });
}

void DeliveryWorker::stop() {
    {
        std::lock_guard lock(box_->mutex);
        box_->stopping = true;
    }
    box_->wake.notify_all();
    box_->drained.notify_all();
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(box_->mutex);
    box_->running = false;
}

void DeliveryWorker::notify() {
    notifier()();
}

std::function<void()> DeliveryWorker::notifier() {
    return [box = box_] {
        {
            std::lock_guard lock(box->mutex);
            box->notified = true;
        }
        box->wake.notify_all();
    };
}

void DeliveryWorker::drain() {
    std::unique_lock lock(box_->mutex);
    if (box_->running && !box_->stopping) {
        auto ticket = ++box_->drains_asked;
        box_->notified = true;
        box_->wake.notify_all();
        box_->drained.wait(lock, [&] { return box_->drains_done >= ticket || box_->stopping; });
        return;
    }
    // No thread: the rounds run here, each after the answers of the one before.
    lock.unlock();
    for (;;) {
        std::vector<Finished> finished;
        {
            std::unique_lock wait(box_->mutex);
            box_->wake.wait_for(wait, std::chrono::milliseconds(50),
                                [&] { return !box_->finished.empty(); });
            finished.swap(box_->finished);
        }
        if (round(finished)) return;
    }
}

void DeliveryWorker::run() {
    for (;;) {
        std::vector<Finished> finished;
        std::uint64_t drains = 0;
        {
            std::unique_lock lock(box_->mutex);
            box_->wake.wait_for(lock, idle_wake, [&] {
                return box_->stopping || box_->notified || !box_->finished.empty();
            });
            if (box_->stopping) return;
            box_->notified = false;
            finished.swap(box_->finished);
            drains = box_->drains_asked;
        }
        bool idle = round(finished);
        if (idle && drains) {
            std::lock_guard lock(box_->mutex);
            if (box_->drains_done < drains) {
                box_->drains_done = drains;
                box_->drained.notify_all();
            }
        }
    }
}

bool DeliveryWorker::round(std::vector<Finished>& finished) {
    std::lock_guard one_at_a_time(round_mutex_);
    int started = 0;
    try {
        record(finished);
        give_up_old_rows(now_unix_ms());
        started = dispatch();
    } catch (const std::exception& e) {
        log::error(std::string("delivery: ") + e.what());
        return false;
    }
    return started == 0 && in_flight_.empty();
}

void DeliveryWorker::record(std::vector<Finished>& finished) {
    if (finished.empty()) return;
    for (const auto& f : finished) {
        in_flight_.erase(f.delivery.id);
        auto load = domain_load_.find(f.delivery.domain);
        if (load != domain_load_.end() && --load->second <= 0) domain_load_.erase(load);
    }
    auto now = now_unix_ms();
    auto conn = db_.acquire();
    store::Transaction tx(*conn);
    for (const auto& f : finished)
        record_one(*conn, f, now);
    tx.commit();
}

void DeliveryWorker::record_one(store::Connection& conn, const Finished& f, std::int64_t now) {
    const auto& d = f.delivery;
    auto judged = judge_attempt(f.result);
    if (judged.domain == DomainSignal::alive && store::record_domain_success(conn, d.domain, now))
        log::info("delivery: " + d.domain + " answers again; its deliveries resume");
    if (judged.domain == DomainSignal::failed &&
        store::record_domain_failure(conn, d.domain, now, int(options_.unreachable_after),
                                     std::chrono::milliseconds(options_.probe_interval).count()))
        log::warn("delivery: " + d.domain + " is unreachable after " +
                  std::to_string(options_.unreachable_after) +
                  " failures in a row; its deliveries wait until it answers again");
    switch (judged.verdict) {
    case DeliveryVerdict::delivered:
        store::delete_delivery(conn, d.id);
        return;
    case DeliveryVerdict::cancelled:
        return;
    case DeliveryVerdict::refused:
        store::delete_delivery(conn, d.id);
        log::warn("delivery: " + describe(d.activity) + " to " + d.inbox_url + " refused (" +
                  judged.error + "); dropped");
        return;
    case DeliveryVerdict::retry:
        break;
    }
    int attempts = d.attempts + 1;
    std::uniform_real_distribution<double> jitter(0.75, 1.25);
    auto delay = retry_delay_ms(attempts, jitter(random_));
    if (judged.retry_after) delay = std::max(delay, *judged.retry_after * 1000);
    auto next = now + delay;
    auto deadline = d.created_at + std::chrono::milliseconds(options_.retry_for).count();
    if (next > deadline) {
        store::delete_delivery(conn, d.id);
        log::warn("delivery: " + describe(d.activity) + " to " + d.inbox_url + " given up after " +
                  std::to_string(attempts) + " attempts (last: " + judged.error + ")");
        return;
    }
    store::reschedule_delivery(conn, d.id, attempts, next, judged.error);
}

void DeliveryWorker::give_up_old_rows(std::int64_t now) {
    if (now - last_give_up_ < give_up_every_ms) return;
    last_give_up_ = now;
    auto conn = db_.acquire();
    auto cutoff = now - std::chrono::milliseconds(options_.retry_for).count();
    int dropped = store::delete_deliveries_created_before(*conn, cutoff);
    if (dropped > 0)
        log::warn("delivery: " + std::to_string(dropped) + " deliveries older than " +
                  std::to_string(options_.retry_for.count()) +
                  " hours given up (their domains did not answer)");
}

int DeliveryWorker::dispatch() {
    if (in_flight_.size() >= options_.concurrency) return 0;
    std::vector<std::string> full, loaded;
    for (const auto& [domain, load] : domain_load_) {
        loaded.push_back(domain);
        if (load >= int(options_.per_domain)) full.push_back(domain);
    }
    auto now = now_unix_ms();
    auto conn = db_.acquire();
    int free = int(options_.concurrency - in_flight_.size());
    // Unreachable domains first (one probe each, none while one is on its way): they are few.
    auto probes = store::due_probes(*conn, now, loaded);
    auto due = store::due_deliveries(*conn, now, full, free + int(in_flight_.size()));
    int started = 0;
    for (auto* batch : {&probes, &due})
        for (auto& d : *batch) {
            if (started == free) return started;
            if (in_flight_.contains(d.id)) continue;
            auto load = domain_load_.find(d.domain);
            if (load != domain_load_.end() && load->second >= int(options_.per_domain)) continue;
            if (launch(*conn, std::move(d))) ++started;
        }
    return started;
}

bool DeliveryWorker::launch(store::Connection& conn, store::Delivery delivery) {
    // Queued before its domain was suspended (or left the allow-list): never sent.
    if (!moderation::policy_for(conn, config_, delivery.domain).federates()) {
        log::info("delivery: " + describe(delivery.activity) + " to " + delivery.inbox_url +
                  " dropped: the domain is suspended or not allowed");
        store::delete_delivery(conn, delivery.id);
        return false;
    }
    auto key = signing_key(conn, delivery.account_id);
    if (!key) {
        log::warn("delivery: " + describe(delivery.activity) + " to " + delivery.inbox_url +
                  " dropped: its account cannot sign any more");
        store::delete_delivery(conn, delivery.id);
        return false;
    }
    in_flight_.insert(delivery.id);
    ++domain_load_[delivery.domain];
    OutgoingRequest request{
        "POST",
        delivery.inbox_url,
        {{"Content-Type", "application/activity+json"}, {"Accept", "application/activity+json"}},
        delivery.activity};
    client_.send_async(std::move(request), *key,
                       [box = box_, delivery = std::move(delivery)](HttpResult result) mutable {
                           {
                               std::lock_guard lock(box->mutex);
                               box->finished.push_back({std::move(delivery), std::move(result)});
                           }
                           box->wake.notify_all();
                       });
    return true;
}

std::shared_ptr<const SigningKey> DeliveryWorker::signing_key(store::Connection& conn,
                                                              std::int64_t account_id) {
    if (auto it = keys_.find(account_id); it != keys_.end()) return it->second;
    auto account = store::find_account(conn, account_id);
    auto pem =
        account && account->local() ? store::find_private_key(conn, account_id) : std::nullopt;
    if (!pem) return nullptr;
    auto key = PrivateKey::from_pem(*pem);
    if (!key) {
        log::error("delivery: the key of account " + std::to_string(account_id) +
                   " cannot be read: " + key.error());
        return nullptr;
    }
    if (keys_.size() >= max_cached_keys) keys_.clear();
    // The instance actor (forwarded reports) is served at /actor, not under /users/.
    auto key_id = is_instance_actor_username(account->username)
                      ? instance_actor_key_id(config_)
                      : LocalUrls(config_).key_id(account->username);
    auto signing = std::make_shared<const SigningKey>(SigningKey{std::move(*key), key_id});
    keys_.emplace(account_id, signing);
    return signing;
}

} // namespace agora::federation

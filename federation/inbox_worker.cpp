// The inbox worker: applies queued activities in order through the handlers of their type.
#include "federation/inbox_worker.hpp"

#include "events/event_worker.hpp"
#include "federation/federation_client.hpp"
#include "federation/inbox_support.hpp"
#include "node.hpp"
#include "store/account_moderation_repo.hpp"
#include "store/actor_lifecycle_repo.hpp"
#include "store/inbox_queue_repo.hpp"
#include "store/remote_accounts_repo.hpp"
#include "store/write_batch.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>

namespace agora::federation {

namespace {
using nlohmann::json;
using namespace std::chrono;

constexpr int batch_size = 32;
// The longest the worker keeps the write lock before letting other writers (the inbox's own
// queue inserts, members' posts) have their turn.
constexpr auto max_batch_hold = milliseconds(5);

// The activity types of ActivityStreams and the fediverse's common extensions: what is counted
// under its own name when nothing applies it. Anything else is counted as "(other)", so that the
// counts stay a short list whatever senders invent.
bool known_type(const std::string& type) {
    static const std::string types =
        " Accept Add Announce Arrive Block Create Delete Dislike Flag Follow Ignore Invite Join "
        "Leave Like Listen Move Offer Question Read Reject Remove TentativeAccept TentativeReject "
        "Travel Undo Update View EmojiReact EmojiReaction Bite QuoteRequest ";
    return !type.empty() && type.find(' ') == std::string::npos &&
           types.find(" " + type + " ") != std::string::npos;
}

std::string counted_type(const std::string& type) {
    return known_type(type) ? type : "(other)";
}

std::string_view outcome_name(InboxOutcome outcome) {
    switch (outcome) {
    case InboxOutcome::applied:
        return "applied";
    case InboxOutcome::ignored:
        return "ignored";
    case InboxOutcome::not_mine:
        return "unhandled";
    case InboxOutcome::retry_later:
        return "retry_later";
    }
    return "unknown";
}
} // namespace

InboxWorker::InboxWorker(Node& node, FederationClient& client, const InboxHandlers& handlers,
                         InboxWorkerOptions options)
    : node_(node), client_(client), handlers_(handlers), options_(options) {}

InboxWorker::~InboxWorker() {
    stop();
}

void InboxWorker::start() {
    if (thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        stopping_ = false;
    }
    thread_ = std::thread([this] {
        for (;;) {
            auto wait = milliseconds(60'000);
            bool paused;
            {
                std::lock_guard lock(mutex_);
                paused = paused_;
            }
            if (!paused) {
                try {
                    while (run_once() > 0) {
                        std::lock_guard lock(mutex_);
                        if (stopping_ || paused_) break;
                    }
                    prune_received_ids();
                    auto conn = node_.database().acquire();
                    if (auto due = store::next_due_at(*conn))
                        wait =
                            std::clamp(milliseconds(*due - now_unix_ms()), milliseconds(10), wait);
                } catch (const std::exception& e) {
                    log::error(std::string("inbox worker: ") + e.what());
                    wait = milliseconds(1000);
                }
            }
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, wait, [this] { return pending_ || stopping_; });
            if (stopping_) return;
            pending_ = false;
        }
    });
}

void InboxWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void InboxWorker::wake() {
    {
        std::lock_guard lock(mutex_);
        pending_ = true;
    }
    wake_.notify_one();
}

void InboxWorker::pause(bool paused) {
    {
        std::lock_guard lock(mutex_);
        paused_ = paused;
        pending_ = true;
    }
    wake_.notify_one();
}

int InboxWorker::drain() {
    int total = 0;
    while (int taken = run_once())
        total += taken;
    return total;
}

int InboxWorker::run_once() {
    std::lock_guard run(run_mutex_);
    // The batch's activities are applied and taken off the queue in one transaction, committed
    // every few milliseconds and before any network call (store/write_batch.hpp).
    store::WriteBatch batch(node_.database());
    std::vector<store::QueuedActivity> rows;
    {
        auto conn = node_.database().acquire();
        rows = store::due_activities(*conn, now_unix_ms(), batch_size);
    }
    if (rows.empty()) return 0;
    std::vector<Result> results;
    results.reserve(rows.size());
    for (const auto& row : rows) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) break; // the rest stays queued for the next start
        }
        if (batch.open_for() > max_batch_hold) batch.commit(); // other writers' turn
        batch.begin();
        Result result;
        try {
            result.outcome = dispatch(row, result.type, result.error);
        } catch (const std::exception& e) {
            // A bug or a database failure: tried again later, a bounded number of times.
            result.outcome = InboxOutcome::retry_later;
            result.error = e.what();
        }
        results.push_back(std::move(result));
    }
    settle(rows, results);
    batch.commit();
    // Handlers write events with their changes: the consumers (fan-out, delivery) run now.
    if (!results.empty()) node_.events().notify();
    report(rows, results);
    return int(results.size());
}

InboxOutcome InboxWorker::dispatch(const store::QueuedActivity& row, std::string& type,
                                   std::string& error) {
    auto activity = json::parse(row.activity, nullptr, false);
    if (!activity.is_object()) return InboxOutcome::not_mine; // checked at the inbox: never
    type = type_of(activity);
    // The sender was stored when its key was checked; it may have been removed since.
    std::int64_t sender_id = 0;
    {
        auto conn = node_.database().acquire();
        if (auto sender = store::find_remote_account_by_uri(*conn, row.actor_uri)) {
            // Its server deleted it after this arrived: nothing it did stays.
            if (store::is_account_gone(*conn, sender->account.id)) {
                error = "the sender was deleted since";
                return InboxOutcome::ignored;
            }
            // Moderators suspended it here: nothing it sends is taken.
            if (store::is_account_suspended(*conn, sender->account.id)) {
                error = "the sender is suspended here";
                return InboxOutcome::ignored;
            }
            sender_id = sender->account.id;
        }
    }
    if (sender_id == 0) {
        auto sender = client_.actors().resolve_actor(row.actor_uri);
        if (!sender) {
            error = "the sender could not be fetched: " + sender.error().message;
            return sender.error().failure == ResolveFailure::unreachable ? InboxOutcome::retry_later
                                                                         : InboxOutcome::ignored;
        }
        sender_id = sender->account.id;
    }
    InboxContext context{node_, client_};
    InboxActivity received{activity, row.actor_uri, sender_id};
    auto [first, last] = handlers_.equal_range(type);
    for (auto it = first; it != last; ++it) {
        auto outcome = it->second(context, received);
        if (outcome != InboxOutcome::not_mine) return outcome;
    }
    return InboxOutcome::not_mine;
}

void InboxWorker::settle(const std::vector<store::QueuedActivity>& rows,
                         const std::vector<Result>& results) {
    if (results.empty()) return;
    auto now = now_unix_ms();
    {
        // Inside the worker's batch, with the changes of the activities applied since its last
        // commit; those applied before it (a handler that fetched something) are applied again if
        // the process stops before this commit (at least once).
        auto conn = node_.database().acquire();
        store::Transaction tx(*conn);
        for (std::size_t i = 0; i < results.size(); ++i) {
            const auto& row = rows[i];
            const auto& [outcome, type, error] = results[i];
            int attempts = row.attempts + 1;
            if (outcome == InboxOutcome::retry_later && attempts < options_.max_attempts) {
                store::reschedule_queued(*conn, row.id, attempts, now + retry_delay_ms(attempts),
                                         error.empty() ? "a handler asked to try again later"
                                                       : error);
                continue;
            }
            store::finish_queued(*conn, row);
            if (outcome == InboxOutcome::retry_later)
                store::count_not_applied(*conn, counted_type(type), "abandoned", now);
            else if (outcome == InboxOutcome::ignored)
                store::count_not_applied(*conn, counted_type(type), "ignored", now);
            else if (outcome == InboxOutcome::not_mine)
                store::count_not_applied(*conn, counted_type(type), "unhandled", now);
        }
        tx.commit();
    }
}

void InboxWorker::report(const std::vector<store::QueuedActivity>& rows,
                         const std::vector<Result>& results) const {
    for (std::size_t i = 0; i < results.size(); ++i) {
        const auto& [outcome, type, error] = results[i];
        int attempts = rows[i].attempts + 1;
        if (outcome == InboxOutcome::retry_later && attempts >= options_.max_attempts)
            log::warn("inbox: gave up a " + counted_type(type) + " from " + rows[i].actor_uri +
                      " after " + std::to_string(attempts) + " attempts: " + error);
        else if (!error.empty())
            log::info("inbox: a " + counted_type(type) + " from " + rows[i].actor_uri + " was " +
                      std::string(outcome_name(outcome)) + ": " + error);
    }
}

std::int64_t InboxWorker::retry_delay_ms(int attempts) const {
    // 30 s, 1 min, 2 min... with up to a quarter more, so that retries do not come in waves.
    std::int64_t delay = duration_cast<milliseconds>(options_.first_retry).count()
                         << std::min(attempts - 1, 20);
    delay =
        std::min<std::int64_t>(delay, duration_cast<milliseconds>(options_.longest_retry).count());
    thread_local std::mt19937_64 random{std::random_device{}()};
    return delay + std::uniform_int_distribution<std::int64_t>(0, delay / 4)(random);
}

void InboxWorker::prune_received_ids() {
    auto now = steady_clock::now();
    if (last_prune_ != steady_clock::time_point{} && now - last_prune_ < hours(1)) return;
    last_prune_ = now;
    auto conn = node_.database().acquire();
    store::prune_received(
        *conn, now_unix_ms() - duration_cast<milliseconds>(options_.keep_received_ids).count());
}

} // namespace agora::federation

// One transaction for a worker's run of small writes: savepoints inside, commit before the network.
#include "store/write_batch.hpp"

#include "store/write_turns.hpp"

#include <sqlite3.h>

namespace agora::store {

namespace {
constexpr std::chrono::milliseconds turn_patience{5000};

thread_local WriteBatch* current_batch = nullptr;
} // namespace

WriteBatch::WriteBatch(Database& db) : db_(db), lease_(db.acquire()) {
    if (current_batch) throw DatabaseError("a thread has one write batch at a time");
    lease_->set_batch(this);
    current_batch = this;
}

WriteBatch::~WriteBatch() {
    current_batch = nullptr;
    if (open_) {
        try {
            lease_->exec("ROLLBACK");
        } catch (...) {
        }
    }
    if (has_turn_) lease_->write_turns()->give_back();
    lease_->set_batch(nullptr);
}

void WriteBatch::begin() {
    if (open_) return;
    auto* turns = lease_->write_turns();
    if (turns && sqlite3_get_autocommit(lease_->handle())) has_turn_ = turns->take(turn_patience);
    try {
        lease_->query("BEGIN IMMEDIATE").run();
    } catch (...) {
        if (has_turn_) turns->give_back();
        has_turn_ = false;
        throw;
    }
    open_ = true;
    opened_at_ = std::chrono::steady_clock::now();
}

void WriteBatch::commit() {
    if (!open_) return;
    lease_->query("COMMIT").run(); // on failure, still open: the destructor rolls back
    open_ = false;
    if (has_turn_) lease_->write_turns()->give_back();
    has_turn_ = false;
}

std::chrono::steady_clock::duration WriteBatch::open_for() const {
    return open_ ? std::chrono::steady_clock::now() - opened_at_
                 : std::chrono::steady_clock::duration::zero();
}

void WriteBatch::join() {
    begin();
    ++savepoints_;
}

void yield_write_batch() {
    if (current_batch && current_batch->savepoints_ == 0) current_batch->commit();
}

Connection* batch_connection(Database& db) {
    return current_batch && &current_batch->db_ == &db ? &*current_batch->lease_ : nullptr;
}

} // namespace agora::store

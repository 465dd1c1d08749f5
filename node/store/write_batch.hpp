// One transaction for the many small writes a worker makes in a row (the inbox worker's batch of
// activities), so that SQLite writes, locks and syncs the pages they share once per batch.
#pragma once

#include "store/database.hpp"

#include <chrono>

namespace agora::store {

// While a WriteBatch lives (one per thread at a time), every connection its thread takes from the
// database is the batch's, and every Transaction on it is a savepoint inside the batch's
// transaction: a failing item rolls back its own changes only. The batch's transaction is begun in
// the writer's turn (BEGIN IMMEDIATE) and committed by commit(); destroyed without commit(), what
// it holds is rolled back. Before the thread blocks on something slow (yield_write_batch, called by
// the HTTP client), the batch commits what it has, so that other writers never wait for a remote
// server. What other threads must see at once (an event worker woken by notify) is visible after
// the commit only.
class WriteBatch {
public:
    explicit WriteBatch(Database& db);
    ~WriteBatch();
    WriteBatch(const WriteBatch&) = delete;
    WriteBatch& operator=(const WriteBatch&) = delete;

    // Opens the batch's transaction if it is not open.
    void begin();
    // Commits the batch's transaction if it is open. No Transaction may be open on it.
    void commit();
    bool open() const { return open_; }
    // How long the transaction has been open (zero when it is not).
    std::chrono::steady_clock::duration open_for() const;

    // For Transaction: a savepoint is opened (the batch's transaction begun first if needed) or
    // closed.
    void join();
    void leave() { --savepoints_; }

private:
    friend void yield_write_batch();
    friend Connection* batch_connection(Database& db);

    Database& db_;
    Lease lease_;
    bool open_ = false;
    bool has_turn_ = false;
    int savepoints_ = 0;
    std::chrono::steady_clock::time_point opened_at_;
};

// Commits the calling thread's batch, if it has one with nothing half-done: called before a
// blocking wait (network I/O).
void yield_write_batch();

// The connection of the calling thread's batch on `db`, or nullptr.
Connection* batch_connection(Database& db);

} // namespace agora::store

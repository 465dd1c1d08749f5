// Writers of one database in this process take turns, first come first served, instead of
// polling SQLite's write lock.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

namespace agora::store {

// BEGIN IMMEDIATE alone leaves a writer that finds the lock taken to SQLite's busy handler, which
// sleeps 1, 2, 5, 10, 15, 20, 25... ms between tries: a post made while the event worker writes
// waits tens of milliseconds more than the worker's transaction lasts, and longer still when the
// worker takes the lock again at once for its next transaction. Here the next writer in line is
// woken as soon as the lock is given back, and a writer that comes back queues behind it.
class WriteTurns {
public:
    // Waits until no writer of this process holds its turn and those who came earlier have had
    // theirs. False when `patience` ran out first: the caller goes on without a turn and SQLite's
    // own lock decides, as it always did.
    bool take(std::chrono::milliseconds patience);
    // Ends the turn `take` gave.
    void give_back();

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::uint64_t> waiting_;
    std::uint64_t next_ticket_ = 0;
    bool taken_ = false;
};

} // namespace agora::store

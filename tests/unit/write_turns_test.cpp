// Write turns: the process's writers of one database take the write lock first come, first served.
#include "rig/test_node.hpp"
#include "store/database.hpp"
#include "store/write_turns.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

using namespace agora;
using namespace std::chrono_literals;

TEST_CASE("write turns: writers go in the order they came, and a patient one gives up",
          "[unit][store]") {
    store::WriteTurns turns;
    REQUIRE(turns.take(1000ms));
    std::mutex order_mutex;
    std::vector<int> order;
    auto writer = [&](int n) {
        REQUIRE(turns.take(5000ms));
        {
            std::lock_guard lock(order_mutex);
            order.push_back(n);
        }
        turns.give_back();
    };
    std::thread first(writer, 1);
    std::this_thread::sleep_for(50ms); // first is waiting
    std::thread second(writer, 2);
    std::this_thread::sleep_for(50ms);
    CHECK_FALSE(turns.take(10ms)); // taken: a writer out of patience goes on without a turn
    turns.give_back();
    first.join();
    second.join();
    CHECK(order == std::vector<int>{1, 2});
    REQUIRE(turns.take(10ms)); // free again
    turns.give_back();
}

TEST_CASE("write turns: a transaction waits for the one before it, then begins at once",
          "[unit][store]") {
    testing::TempDir dir;
    store::Database db((dir.path / "agora.db").string());
    auto holder = db.acquire();
    auto waiter = db.acquire();
    auto first = std::make_unique<store::Transaction>(*holder);
    std::atomic<bool> began{false};
    std::thread second([&] {
        store::Transaction tx(*waiter);
        began = true;
        tx.commit();
    });
    std::this_thread::sleep_for(100ms);
    CHECK_FALSE(began);
    auto released = std::chrono::steady_clock::now();
    first->commit();
    second.join();
    CHECK(began);
    // Woken when the turn is given back, not at SQLite's next try (1, 2, 5, 10... ms apart).
    CHECK(std::chrono::steady_clock::now() - released < 1000ms);
    // Inside a transaction already, a Transaction fails as it always did, without waiting.
    store::Transaction outer(*holder);
    auto started = std::chrono::steady_clock::now();
    CHECK_THROWS(store::Transaction(*holder));
    CHECK(std::chrono::steady_clock::now() - started < 1000ms);
}

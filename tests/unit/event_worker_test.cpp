// Event worker: consumers run in the order they were added, and none runs ahead of the ones before.
#include "events/event_worker.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"
#include "store/events_repo.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace agora;

TEST_CASE("event worker: a consumer never handles an event the consumers before it have not",
          "[unit][events]") {
    testing::TempDir dir;
    store::Database db((dir.path / "agora.db").string());
    EventWorker worker(db);
    std::vector<std::string> first_seen, second_seen, second_ahead;
    worker.add_consumer("first", [&](store::Connection& conn, const store::Event& event) {
        first_seen.push_back(event.kind);
        // An event committed while this consumer works, as a post made during a fan-out is:
        // the second consumer must not see it before this one has handled it.
        if (event.kind == "a") store::insert_event(conn, "b", "{}");
    });
    worker.add_consumer("second", [&](store::Connection&, const store::Event& event) {
        second_seen.push_back(event.kind);
        if (std::find(first_seen.begin(), first_seen.end(), event.kind) == first_seen.end())
            second_ahead.push_back(event.kind);
    });
    worker.start();
    worker.stop(); // registered; drained on this thread below
    {
        auto conn = db.acquire();
        store::insert_event(*conn, "a", "{}");
    }
    worker.drain();
    CHECK(second_ahead.empty());
    CHECK(first_seen == std::vector<std::string>{"a", "b"});
    CHECK(second_seen == std::vector<std::string>{"a", "b"});
}

TEST_CASE("event worker: each event is handled once, in order, across many transactions",
          "[unit][events]") {
    testing::TempDir dir;
    store::Database db((dir.path / "agora.db").string());
    EventWorker worker(db);
    std::vector<std::string> seen;
    worker.add_consumer("only", [&](store::Connection&, const store::Event& event) {
        seen.push_back(event.payload);
    });
    worker.start();
    worker.stop();
    {
        auto conn = db.acquire();
        store::Transaction tx(*conn);
        for (int i = 0; i < 250; ++i) // more than one batch
            store::insert_event(*conn, "n", std::to_string(i));
        tx.commit();
    }
    worker.drain();
    REQUIRE(seen.size() == 250);
    for (int i = 0; i < 250; ++i)
        CHECK(seen[std::size_t(i)] == std::to_string(i));
    worker.drain(); // nothing twice
    CHECK(seen.size() == 250);
    auto conn = db.acquire();
    CHECK(store::events_after(*conn, 0, 1000).empty()); // passed by every consumer: pruned
}

TEST_CASE("event worker: preparations run before their events' handlers, in transactions of their "
          "own",
          "[unit][events]") {
    testing::TempDir dir;
    store::Database db((dir.path / "agora.db").string());
    EventWorker worker(db);
    std::vector<std::string> steps;
    worker.add_consumer(
        "prepared",
        [&](store::Connection&, const store::Event& event) {
            steps.push_back("handle " + event.kind);
        },
        [&](store::Connection& conn, const store::Event& event) {
            steps.push_back("prepare " + event.kind);
            if (event.kind.starts_with("from ")) return;
            store::Transaction tx(conn); // throws if the worker's transaction were open
            store::insert_event(conn, "from " + event.kind, "{}");
            tx.commit();
            if (event.kind == "bad") throw std::runtime_error("prepared badly");
        });
    worker.start();
    worker.stop();
    {
        auto conn = db.acquire();
        store::insert_event(*conn, "a", "{}");
        store::insert_event(*conn, "bad", "{}");
    }
    worker.drain();
    // The events there are prepared in turn, then handled in one transaction; the events the
    // preparations wrote come after.
    CHECK(steps == std::vector<std::string>{"prepare a", "prepare bad", "handle a", "handle bad",
                                            "prepare from a", "prepare from bad", "handle from a",
                                            "handle from bad"});
    worker.drain(); // each once
    CHECK(steps.size() == 8);
}

TEST_CASE("event worker: a prepared consumer takes several events a transaction",
          "[unit][events]") {
    testing::TempDir dir;
    store::Database db((dir.path / "agora.db").string());
    EventWorker worker(db);
    int handled = 0, prepared = 0, commits = 0;
    worker.add_consumer(
        "prepared", [&](store::Connection&, const store::Event&) { ++handled; },
        [&](store::Connection&, const store::Event&) { ++prepared; }, [&] { ++commits; });
    worker.start();
    worker.stop();
    {
        auto conn = db.acquire();
        for (int i = 0; i < 50; ++i)
            store::insert_event(*conn, "e", "{}");
    }
    worker.drain();
    CHECK(prepared == 50);
    CHECK(handled == 50);
    CHECK(commits >= 1);
    CHECK(commits < 50); // one transaction an event would re-read the queue each time
}

// Write batches: one transaction for a worker's run of small writes, savepoints inside, committed
// before the network.
#include "rig/test_node.hpp"
#include "store/database.hpp"
#include "store/write_batch.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace agora;

namespace {
std::int64_t rows_in(store::Database& db) {
    std::int64_t count = -1;
    // Another thread: its connection is never the batch's.
    std::thread([&] {
        auto conn = db.acquire();
        auto st = conn->query("SELECT COUNT(*) FROM batch_items");
        st.step();
        count = st.int64(0);
    }).join();
    return count;
}

void insert(store::Database& db, int value) {
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    conn->query("INSERT INTO batch_items (value) VALUES (?)", value).run();
    tx.commit();
}

struct BatchDatabase {
    testing::TempDir dir;
    store::Database db{(dir.path / "agora.db").string()};
    BatchDatabase() { db.acquire()->exec("CREATE TABLE batch_items (value INTEGER NOT NULL)"); }
};
} // namespace

TEST_CASE("write batch: its transactions are seen by others when the batch commits",
          "[unit][store]") {
    BatchDatabase t;
    store::WriteBatch batch(t.db);
    insert(t.db, 1);
    insert(t.db, 2);
    CHECK(batch.open());
    CHECK(rows_in(t.db) == 0);
    batch.commit();
    CHECK_FALSE(batch.open());
    CHECK(rows_in(t.db) == 2);
    insert(t.db, 3); // begins the batch's transaction again
    CHECK(batch.open());
    CHECK(rows_in(t.db) == 2);
    batch.commit();
    CHECK(rows_in(t.db) == 3);
}

TEST_CASE("write batch: a transaction that fails undoes its own changes only", "[unit][store]") {
    BatchDatabase t;
    store::WriteBatch batch(t.db);
    insert(t.db, 1);
    {
        auto conn = t.db.acquire();
        store::Transaction tx(*conn);
        conn->query("INSERT INTO batch_items (value) VALUES (2)").run();
        // destroyed without commit: rolled back to its savepoint
    }
    insert(t.db, 3);
    batch.commit();
    auto conn = t.db.acquire();
    auto st = conn->query("SELECT group_concat(value) FROM batch_items");
    st.step();
    CHECK(st.text(0) == "1,3");
}

TEST_CASE("write batch: destroyed before its commit, it keeps nothing", "[unit][store]") {
    BatchDatabase t;
    {
        store::WriteBatch batch(t.db);
        insert(t.db, 1);
    }
    CHECK(rows_in(t.db) == 0);
    insert(t.db, 2); // no batch any more: committed at once
    CHECK(rows_in(t.db) == 1);
}

TEST_CASE("write batch: yielding commits what is done, never a transaction half-done",
          "[unit][store]") {
    BatchDatabase t;
    store::WriteBatch batch(t.db);
    insert(t.db, 1);
    {
        auto conn = t.db.acquire();
        store::Transaction tx(*conn);
        conn->query("INSERT INTO batch_items (value) VALUES (2)").run();
        store::yield_write_batch(); // inside a transaction: nothing happens
        CHECK(rows_in(t.db) == 0);
        tx.commit();
    }
    store::yield_write_batch();
    CHECK_FALSE(batch.open());
    CHECK(rows_in(t.db) == 2);
}

TEST_CASE("write batch: one per thread, other threads and databases keep their own connections",
          "[unit][store]") {
    BatchDatabase t, other;
    store::WriteBatch batch(t.db);
    CHECK_THROWS_AS(store::WriteBatch(other.db), store::DatabaseError);
    CHECK(store::batch_connection(t.db) != nullptr);
    CHECK(store::batch_connection(other.db) == nullptr);
    insert(other.db, 1); // not batched
    CHECK(rows_in(other.db) == 1);
    bool elsewhere_batched = true;
    std::thread([&] { elsewhere_batched = store::batch_connection(t.db) != nullptr; }).join();
    CHECK_FALSE(elsewhere_batched);
}

TEST_CASE("a statement still being read is not reused by a second lease of the same connection",
          "[unit][store]") {
    BatchDatabase t;
    for (int i = 1; i <= 3; ++i)
        insert(t.db, i);
    store::WriteBatch batch(t.db);
    const char* sql = "SELECT value FROM batch_items WHERE value >= ? ORDER BY value";
    auto outer = t.db.acquire();
    auto rows = outer->query(sql, 1);
    std::vector<std::int64_t> seen, inner_seen;
    while (rows.step()) {
        seen.push_back(rows.int64(0));
        auto inner = t.db.acquire(); // the same connection, inside the batch
        auto again = inner->query(sql, 3);
        while (again.step())
            inner_seen.push_back(again.int64(0));
    }
    CHECK(seen == std::vector<std::int64_t>{1, 2, 3});
    CHECK(inner_seen == std::vector<std::int64_t>{3, 3, 3});
}

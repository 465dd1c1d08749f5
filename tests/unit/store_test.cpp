// Store: WAL mode, migrations applied once, constraint errors, transactions that roll back.
#include "rig/test_node.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

#include <catch2/catch.hpp>

using namespace agora;

TEST_CASE("store: a new database is created in WAL mode with every migration", "[unit][store]") {
    testing::TempDir dir;
    auto path = (dir.path / "agora.db").string();
    store::Database db(path);
    CHECK(db.schema_version() == store::migrations().back().version);
    auto conn = db.acquire();
    auto mode = conn->query("PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.text(0) == "wal");
    for (std::string table : {"accounts", "users", "statuses", "follows", "schema_migrations"}) {
        auto st =
            conn->query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", table);
        CHECK(st.step());
    }
}

TEST_CASE("store: migrations run once, reopening applies nothing", "[unit][store]") {
    testing::TempDir dir;
    auto path = (dir.path / "agora.db").string();
    { store::Database db(path); }
    store::Database again(path);
    auto conn = again.acquire();
    CHECK(store::apply_migrations(*conn) == 0);
    auto st = conn->query("SELECT COUNT(*) FROM schema_migrations");
    st.step();
    CHECK(st.int64(0) == std::int64_t(store::migrations().size()));
}

TEST_CASE("store: a clean close leaves no WAL file behind", "[unit][store]") {
    testing::TempDir dir;
    auto path = (dir.path / "agora.db").string();
    {
        store::Database db(path);
        auto conn = db.acquire();
        conn->query("INSERT INTO statuses (id, account_id, local, created_at) SELECT 1, 1, 1, 0 "
                    "WHERE 0")
            .run();
    }
    CHECK(std::filesystem::exists(path));
    CHECK_FALSE(std::filesystem::exists(path + "-wal"));
}

TEST_CASE("store: unique constraints raise ConstraintError; transactions roll back",
          "[unit][store]") {
    testing::TempDir dir;
    store::Database db((dir.path / "agora.db").string());
    auto conn = db.acquire();
    auto insert = [&](std::int64_t id, const char* name) {
        conn->query("INSERT INTO accounts (id, username, public_key_pem, created_at, updated_at) "
                    "VALUES (?, ?, 'k', 0, 0)",
                    id, name)
            .run();
    };
    insert(1, "alice");
    CHECK_THROWS_AS(insert(2, "ALICE"), store::ConstraintError);
    {
        store::Transaction tx(*conn);
        insert(3, "bob");
    } // not committed
    auto st = conn->query("SELECT COUNT(*) FROM accounts");
    st.step();
    CHECK(st.int64(0) == 1);
}

TEST_CASE("store: an unopenable path is a clear error", "[unit][store]") {
    CHECK_THROWS_WITH(store::Database("/nonexistent/dir/agora.db"),
                      Catch::Contains("cannot open database"));
}

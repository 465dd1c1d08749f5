// The keyset reader of id pages: one owner's rows only, newest first, max_id / since_id / min_id
// bounds that exclude the cursor itself, limits, and the same page in a caller's own struct.
#include "rig/test_node.hpp"
#include "store/database.hpp"
#include "store/id_pages.hpp"
#include "store/relationships_repo.hpp"

#include <catch2/catch.hpp>

using namespace agora;
using Ids = std::vector<std::int64_t>;

namespace {
// Rows (id, owner, shown): owner 7 has ids 10, 20 ... 100 showing 110, 120 ... 200; owner 8 has
// ids 15 and 25 in between, so that any leak of another owner's row shows.
void fill(store::Connection& conn) {
    conn.query("CREATE TABLE probe (id INTEGER PRIMARY KEY, owner INTEGER, shown INTEGER)").run();
    for (std::int64_t id = 10; id <= 100; id += 10)
        conn.query("INSERT INTO probe (id, owner, shown) VALUES (?, 7, ?)", id, id + 100).run();
    for (std::int64_t id : {15, 25})
        conn.query("INSERT INTO probe (id, owner, shown) VALUES (?, 8, 999)", id).run();
}

constexpr store::IdListing probe{"probe", "shown", "owner"};

store::PageQuery page(std::optional<std::int64_t> max_id, std::optional<std::int64_t> since_id,
                      std::optional<std::int64_t> min_id, int limit) {
    return {max_id, since_id, min_id, limit};
}
} // namespace

TEST_CASE("id pages: newest first, bounded by max_id, since_id and min_id", "[unit][id_pages]") {
    testing::TempDir dir;
    store::Database db((dir.path / "agora.db").string());
    auto conn = db.acquire();
    fill(*conn);

    auto first = store::read_id_page(*conn, probe, 7, page({}, {}, {}, 3));
    CHECK(first.cursors == Ids{100, 90, 80});
    CHECK(first.ids == Ids{200, 190, 180});

    // The next page starts below the last cursor, which is not read again.
    auto next = store::read_id_page(*conn, probe, 7, page(80, {}, {}, 3));
    CHECK(next.cursors == Ids{70, 60, 50});
    CHECK(next.ids == Ids{170, 160, 150});

    // since_id: the newest rows above it; min_id: the rows just above it, still newest first.
    CHECK(store::read_id_page(*conn, probe, 7, page({}, 30, {}, 3)).cursors == Ids{100, 90, 80});
    auto above = store::read_id_page(*conn, probe, 7, page({}, {}, 30, 3));
    CHECK(above.cursors == Ids{60, 50, 40});
    CHECK(above.ids == Ids{160, 150, 140});
    // Both bounds together, and min_id winning over since_id.
    CHECK(store::read_id_page(*conn, probe, 7, page(60, {}, 20, 10)).cursors == Ids{50, 40, 30});
    CHECK(store::read_id_page(*conn, probe, 7, page({}, 80, 20, 2)).cursors == Ids{40, 30});

    // Another owner's rows never show, whatever the bounds.
    CHECK(store::read_id_page(*conn, probe, 8, page({}, {}, {}, 20)).cursors == Ids{25, 15});
    CHECK(store::read_id_page(*conn, probe, 7, page(30, {}, {}, 20)).cursors == Ids{20, 10});

    // Nothing left, an owner with no rows, bounds that cross: empty pages.
    CHECK(store::read_id_page(*conn, probe, 7, page(10, {}, {}, 20)).ids.empty());
    CHECK(store::read_id_page(*conn, probe, 9, page({}, {}, {}, 20)).ids.empty());
    CHECK(store::read_id_page(*conn, probe, 7, page(40, {}, 50, 20)).ids.empty());
}

TEST_CASE("id pages: the whole list when the limit allows, in the caller's struct",
          "[unit][id_pages]") {
    testing::TempDir dir;
    store::Database db((dir.path / "agora.db").string());
    auto conn = db.acquire();
    fill(*conn);
    auto all = store::read_id_page_as<store::AccountPage>(*conn, probe, 7, page({}, {}, {}, 40));
    CHECK(all.account_ids == Ids{200, 190, 180, 170, 160, 150, 140, 130, 120, 110});
    CHECK(all.cursors == Ids{100, 90, 80, 70, 60, 50, 40, 30, 20, 10});
}

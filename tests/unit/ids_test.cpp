// Identifiers: 64-bit, strictly increasing, and sortable by creation time.
#include "util/ids.hpp"
#include "util/time.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <thread>
#include <vector>

TEST_CASE("ids: strictly increasing and time-sortable", "[unit][ids]") {
    auto before = agora::now_unix_ms();
    std::int64_t previous = 0;
    for (int i = 0; i < 100000; ++i) {
        auto id = agora::next_id();
        REQUIRE(id > previous);
        previous = id;
    }
    auto after = agora::now_unix_ms();
    CHECK(agora::id_time_ms(previous) >= before);
    CHECK(agora::id_time_ms(previous) <= after + 1000); // bursts may borrow from the next ms
    CHECK(agora::id_floor_for_time(before) < previous);
}

TEST_CASE("ids: unique across threads", "[unit][ids]") {
    std::vector<std::vector<std::int64_t>> made(4);
    std::vector<std::thread> threads;
    for (auto& list : made)
        threads.emplace_back([&list] {
            for (int i = 0; i < 20000; ++i)
                list.push_back(agora::next_id());
        });
    for (auto& t : threads)
        t.join();
    std::set<std::int64_t> all;
    for (auto& list : made)
        all.insert(list.begin(), list.end());
    CHECK(all.size() == 80000);
}

TEST_CASE("time: ISO 8601 forms", "[unit][time]") {
    CHECK(agora::iso8601(0) == "1970-01-01T00:00:00.000Z");
    CHECK(agora::iso8601(1795370535123) == "2026-11-22T18:02:15.123Z");
    CHECK(agora::iso8601_day(1795370535123) == "2026-11-22T00:00:00Z");
}

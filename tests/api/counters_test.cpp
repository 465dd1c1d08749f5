// Counters kept with the rows (followers, statuses, replies, boosts, favourites) and pages that
// cost a fixed number of queries, over HTTP.
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::member;

namespace {
json account_of(httplib::Client& client, const testing::Member& viewer, const testing::Member& m) {
    return call(client, "GET", "/api/v1/accounts/" + m.id(), viewer);
}
json status_of(httplib::Client& client, const testing::Member& viewer, const std::string& id) {
    return call(client, "GET", "/api/v1/statuses/" + id, viewer);
}
} // namespace

TEST_CASE("counters follow every change that counts", "[api][counters]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto client = t.client();

    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", bob);
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", bob); // twice is once
    CHECK(account_of(client, carol, alice)["followers_count"] == 1);
    CHECK(account_of(client, carol, bob)["following_count"] == 1);

    std::string s1 = call(client, "POST", "/api/v1/statuses", alice, "status=first")["id"];
    call(client, "POST", "/api/v1/statuses", alice, "status=second");
    auto a = account_of(client, carol, alice);
    CHECK(a["statuses_count"] == 2);
    CHECK(a["last_status_at"].is_string());

    std::string reply =
        call(client, "POST", "/api/v1/statuses", bob, "status=answer&in_reply_to_id=" + s1)["id"];
    CHECK(status_of(client, carol, s1)["replies_count"] == 1);

    call(client, "POST", "/api/v1/statuses/" + s1 + "/reblog", carol);
    call(client, "POST", "/api/v1/statuses/" + s1 + "/reblog", carol); // the same boost
    CHECK(status_of(client, carol, s1)["reblogs_count"] == 1);
    CHECK(account_of(client, alice, carol)["statuses_count"] == 1);

    call(client, "POST", "/api/v1/statuses/" + s1 + "/favourite", bob);
    call(client, "POST", "/api/v1/statuses/" + s1 + "/favourite", carol);
    CHECK(status_of(client, carol, s1)["favourites_count"] == 2);
    call(client, "POST", "/api/v1/statuses/" + s1 + "/unfavourite", bob);
    call(client, "POST", "/api/v1/statuses/" + s1 + "/unfavourite", bob); // nothing left to undo
    CHECK(status_of(client, carol, s1)["favourites_count"] == 1);

    call(client, "POST", "/api/v1/statuses/" + s1 + "/unreblog", carol);
    CHECK(status_of(client, carol, s1)["reblogs_count"] == 0);
    CHECK(account_of(client, alice, carol)["statuses_count"] == 0);

    call(client, "DELETE", "/api/v1/statuses/" + reply, bob);
    CHECK(status_of(client, carol, s1)["replies_count"] == 0);
    CHECK(account_of(client, carol, bob)["statuses_count"] == 0);

    // A block ends the follow both ways, and the counts with it.
    call(client, "POST", "/api/v1/accounts/" + bob.id() + "/block", alice);
    CHECK(account_of(client, carol, alice)["followers_count"] == 0);
    CHECK(account_of(client, carol, bob)["following_count"] == 0);

    // Deleting a boosted status takes the boosts, and their authors' counts, with it.
    call(client, "POST", "/api/v1/statuses/" + s1 + "/reblog", carol);
    CHECK(account_of(client, alice, carol)["statuses_count"] == 1);
    call(client, "DELETE", "/api/v1/statuses/" + s1, alice);
    CHECK(account_of(client, alice, carol)["statuses_count"] == 0);
    CHECK(account_of(client, carol, alice)["statuses_count"] == 1);
}

TEST_CASE("a page of statuses costs the same queries whatever its length", "[api][counters]") {
    testing::TestNode t;
    auto reader = member(t, "reader");
    auto client = t.client();
    // Authors whose statuses carry everything a status can show: mentions, tags, polls, replies,
    // boosts, favourites and bookmarks by the reader.
    std::vector<testing::Member> authors;
    for (int i = 0; i < 4; ++i) {
        authors.push_back(member(t, "author" + std::to_string(i)));
        call(client, "POST", "/api/v1/accounts/" + authors.back().id() + "/follow", reader);
    }
    std::string previous;
    for (int i = 0; i < 40; ++i) {
        auto& author = authors[i % authors.size()];
        std::string body = "status=hello+%40reader+%23agora+%23tag" + std::to_string(i);
        if (i % 5 == 0) body += "&poll[options][]=yes&poll[options][]=no&poll[expires_in]=3600";
        if (i % 7 == 3 && !previous.empty()) body += "&in_reply_to_id=" + previous;
        std::string id = call(client, "POST", "/api/v1/statuses", author, body)["id"];
        if (i % 3 == 0) call(client, "POST", "/api/v1/statuses/" + id + "/favourite", reader);
        if (i % 4 == 0) call(client, "POST", "/api/v1/statuses/" + id + "/bookmark", reader);
        if (i % 6 == 0)
            call(client, "POST", "/api/v1/statuses/" + id + "/reblog",
                 authors[(i + 1) % authors.size()]);
        previous = id;
    }
    t.drain_events();

    // The counter sees every thread: the event worker's chores (once a second) may add a few
    // statements to one reading, never to all of them. The fewest of five readings is the page's.
    auto queries_for = [&](int limit) {
        std::uint64_t fewest = UINT64_MAX;
        for (int reading = 0; reading < 5; ++reading) {
            auto before = store::statements_run();
            auto page = call(client, "GET", "/api/v1/timelines/home?limit=" + std::to_string(limit),
                             reader);
            fewest = std::min(fewest, store::statements_run() - before);
            REQUIRE(page.size() == std::size_t(limit));
        }
        return fewest;
    };
    auto small = queries_for(4);
    auto large = queries_for(40);
    INFO("statements for 4 statuses: " << small << ", for 40: " << large);
    // A status read one by one would cost at least 36 more.
    CHECK(large <= small + 2);
}

// Notifications over HTTP, filtered by sender (account_id) as Mastodon filters them: alone, with
// types[], through every page of the Link header, and for ids that match nobody.
#include "rig/fixtures.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::follow;
using testing::members;
using testing::post_status;
using testing::values_of;

namespace {
using Ids = std::vector<std::string>;

// The senders of a list of notifications.
Ids senders(const json& notifications) {
    Ids out;
    for (const auto& n : notifications)
        out.push_back(n["account"]["id"]);
    return out;
}
} // namespace

TEST_CASE("notifications: account_id keeps one sender's, through every page",
          "[api][notifications]") {
    testing::TestNode t;
    auto [alice, bob, carol, dave] = members(t, "alice", "bob", "carol", "dave");
    auto client = t.client();
    follow(client, bob, alice);
    follow(client, carol, alice);
    for (int i = 0; i < 3; ++i) { // interleaved, so that a page of one sender skips the other's
        post_status(client, bob, "@alice from bob " + std::to_string(i));
        post_status(client, carol, "@alice from carol " + std::to_string(i));
    }
    t.drain_events();
    auto all = call(client, "GET", "/api/v1/notifications", alice);
    REQUIRE(all.size() == 8);

    auto from_bob = call(client, "GET", "/api/v1/notifications?account_id=" + bob.id(), alice);
    REQUIRE(from_bob.size() == 4);
    CHECK(senders(from_bob) == Ids(4, bob.id()));
    CHECK(from_bob[0]["type"] == "mention");
    CHECK(from_bob[3]["type"] == "follow");
    Ids bob_ids = values_of(from_bob);
    // Newest first, in the order of the whole list.
    Ids in_all;
    for (const auto& n : all)
        if (n["account"]["id"] == bob.id()) in_all.push_back(n["id"]);
    CHECK(bob_ids == in_all);

    // Pages of three: the Link header keeps the filter, and the pages join up exactly.
    auto first =
        client.Get("/api/v1/notifications?account_id=" + bob.id() + "&limit=3", alice.auth());
    auto first_page = testing::answer(first, 200);
    CHECK(values_of(first_page) == Ids(bob_ids.begin(), bob_ids.begin() + 3));
    auto next = testing::next_page(first);
    REQUIRE_FALSE(next.empty());
    CHECK_THAT(next, Catch::Contains("account_id=" + bob.id()) &&
                         Catch::Contains("max_id=" + bob_ids[2]));
    auto second = client.Get(next, alice.auth());
    auto second_page = testing::answer(second, 200);
    CHECK(values_of(second_page) == Ids{bob_ids[3]});
    auto third = client.Get(testing::next_page(second), alice.auth());
    CHECK(testing::answer(third, 200).empty());
    CHECK(testing::next_page(third).empty());

    // min_id and since_id read above a cursor, still from the one sender.
    auto carol_ids =
        values_of(call(client, "GET", "/api/v1/notifications?account_id=" + carol.id(), alice));
    REQUIRE(carol_ids.size() == 4);
    CHECK(values_of(call(client, "GET",
                         "/api/v1/notifications?limit=2&account_id=" + carol.id() +
                             "&min_id=" + carol_ids[3],
                         alice)) == Ids{carol_ids[1], carol_ids[2]});
    CHECK(values_of(
              call(client, "GET",
                   "/api/v1/notifications?account_id=" + carol.id() + "&since_id=" + carol_ids[2],
                   alice)) == Ids{carol_ids[0], carol_ids[1]});

    // With types[]: both filters hold.
    auto follows =
        call(client, "GET", "/api/v1/notifications?types[]=follow&account_id=" + carol.id(), alice);
    REQUIRE(follows.size() == 1);
    CHECK(follows[0]["account"]["id"] == carol.id());
    CHECK(call(client, "GET",
               "/api/v1/notifications?exclude_types[]=mention&account_id=" + bob.id(), alice)
              .size() == 1);
}

TEST_CASE("notifications: an account_id that matches nobody, or is blank", "[api][notifications]") {
    testing::TestNode t;
    auto [alice, bob, dave] = members(t, "alice", "bob", "dave");
    auto client = t.client();
    follow(client, bob, alice);
    t.drain_events();
    REQUIRE(call(client, "GET", "/api/v1/notifications", alice).size() == 1);
    // Someone who never notified alice, an unknown id, and text that is no id: nothing, as
    // Mastodon answers (never an error), and no Link header.
    for (std::string id : {dave.id(), std::string("999999"), std::string("bob"), std::string("-1"),
                           std::string("1e3")}) {
        INFO(id);
        auto res = client.Get("/api/v1/notifications?account_id=" + id, alice.auth());
        CHECK(testing::answer(res, 200).empty());
        CHECK_FALSE(res->has_header("Link"));
    }
    // Blank filters nothing.
    CHECK(call(client, "GET", "/api/v1/notifications?account_id=", alice).size() == 1);
    // The filter reads only the caller's notifications: bob has none from alice.
    CHECK(call(client, "GET", "/api/v1/notifications?account_id=" + alice.id(), bob).empty());
    CHECK(call(client, "GET", "/api/v1/notifications?account_id=" + bob.id(), alice).size() == 1);
}

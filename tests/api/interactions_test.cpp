// Favourites, boosts and bookmarks over HTTP: counts, viewer state, notifications, lists, feeds.
#include "rig/member.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::Member;
using testing::member;

TEST_CASE("favourites: counts, state, notification, lists", "[api][interactions]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    auto s = call(client, "POST", "/api/v1/statuses", alice, "status=like+me");
    std::string id = s["id"];
    auto fav = call(client, "POST", "/api/v1/statuses/" + id + "/favourite", bob);
    CHECK(fav["favourited"] == true);
    CHECK(fav["favourites_count"] == 1);
    call(client, "POST", "/api/v1/statuses/" + id + "/favourite", bob); // twice is once
    CHECK(call(client, "GET", "/api/v1/statuses/" + id, alice)["favourites_count"] == 1);
    CHECK(call(client, "GET", "/api/v1/statuses/" + id, alice)["favourited"] == false);
    auto notes = call(client, "GET", "/api/v1/notifications", alice);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["type"] == "favourite");
    CHECK(notes[0]["status"]["id"] == id);
    auto by = call(client, "GET", "/api/v1/statuses/" + id + "/favourited_by", alice);
    REQUIRE(by.size() == 1);
    CHECK(by[0]["id"] == bob.id());
    auto mine = call(client, "GET", "/api/v1/favourites", bob);
    REQUIRE(mine.size() == 1);
    CHECK(mine[0]["id"] == id);
    auto undone = call(client, "POST", "/api/v1/statuses/" + id + "/unfavourite", bob);
    CHECK(undone["favourited"] == false);
    CHECK(undone["favourites_count"] == 0);
    CHECK(call(client, "GET", "/api/v1/favourites", bob).empty());
    call(client, "POST", "/api/v1/statuses/999/favourite", bob, "", 404);
}

TEST_CASE("boosts: the wrapper status, followers' feeds, counts, undo", "[api][interactions]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto client = t.client();
    call(client, "POST", "/api/v1/accounts/" + bob.id() + "/follow", carol);
    auto s = call(client, "POST", "/api/v1/statuses", alice, "status=worth+sharing");
    std::string id = s["id"];
    auto boost = call(client, "POST", "/api/v1/statuses/" + id + "/reblog", bob);
    CHECK(boost["reblog"]["id"] == id);
    CHECK(boost["account"]["id"] == bob.id());
    CHECK(boost["reblog"]["reblogged"] == true);
    CHECK(boost["reblogged"] == true);
    auto again = call(client, "POST", "/api/v1/statuses/" + id + "/reblog", bob);
    CHECK(again["id"] == boost["id"]); // boosting twice gives the same boost
    t.drain_events();
    auto home = call(client, "GET", "/api/v1/timelines/home", carol);
    REQUIRE(home.size() == 1);
    CHECK(home[0]["reblog"]["id"] == id);
    CHECK(home[0]["agora"]["reason"]["type"] == "boosted_by");
    CHECK(home[0]["agora"]["reason"]["accounts"][0]["id"] == bob.id());
    CHECK(call(client, "GET", "/api/v1/statuses/" + id, carol)["reblogs_count"] == 1);
    CHECK(call(client, "GET", "/api/v1/statuses/" + id + "/reblogged_by", carol)[0]["id"] ==
          bob.id());
    CHECK(call(client, "GET", "/api/v1/notifications", alice)[0]["type"] == "reblog");
    // The public timeline shows originals only.
    CHECK(call(client, "GET", "/api/v1/timelines/public", carol).size() == 1);

    auto undone = call(client, "POST", "/api/v1/statuses/" + id + "/unreblog", bob);
    CHECK(undone["id"] == id);
    CHECK(undone["reblogged"] == false);
    CHECK(undone["reblogs_count"] == 0);
    CHECK(call(client, "GET", "/api/v1/timelines/home", carol).empty());
    CHECK(call(client, "GET", "/api/v1/notifications", alice).empty());

    // Followers-only and direct posts cannot be boosted by others.
    auto priv = call(client, "POST", "/api/v1/statuses", alice, "status=ours&visibility=private");
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", bob);
    call(client, "POST", "/api/v1/statuses/" + priv["id"].get<std::string>() + "/reblog", bob, "",
         403);
    call(client, "POST", "/api/v1/statuses/" + priv["id"].get<std::string>() + "/reblog", carol, "",
         404);

    // Deleting the original takes its boosts along.
    call(client, "POST", "/api/v1/statuses/" + id + "/reblog", bob);
    auto del = client.Delete("/api/v1/statuses/" + id, alice.auth());
    REQUIRE(del);
    CHECK(del->status == 200);
    CHECK(call(client, "GET", "/api/v1/accounts/" + bob.id() + "/statuses", bob).empty());
}

TEST_CASE("bookmarks: private to the member", "[api][interactions]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    auto s = call(client, "POST", "/api/v1/statuses", alice, "status=read+later");
    std::string id = s["id"];
    CHECK(call(client, "POST", "/api/v1/statuses/" + id + "/bookmark", bob)["bookmarked"] == true);
    CHECK(call(client, "GET", "/api/v1/statuses/" + id, bob)["bookmarked"] == true);
    CHECK(call(client, "GET", "/api/v1/statuses/" + id, alice)["bookmarked"] == false);
    CHECK(call(client, "GET", "/api/v1/notifications", alice).empty()); // nobody is told
    CHECK(call(client, "GET", "/api/v1/bookmarks", bob)[0]["id"] == id);
    CHECK(call(client, "POST", "/api/v1/statuses/" + id + "/unbookmark", bob)["bookmarked"] ==
          false);
    CHECK(call(client, "GET", "/api/v1/bookmarks", bob).empty());
}

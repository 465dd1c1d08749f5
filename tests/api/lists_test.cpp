// Lists over HTTP: CRUD, members (only followed accounts), the list timeline, privacy.
#include "rig/member.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::member;

TEST_CASE("lists: create, rename, members, timeline, delete", "[api][lists]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto client = t.client();
    call(client, "POST", "/api/v1/accounts/" + bob.id() + "/follow", alice);
    call(client, "POST", "/api/v1/accounts/" + carol.id() + "/follow", alice);
    auto list =
        call(client, "POST", "/api/v1/lists", alice, "title=Mairie&replies_policy=followed");
    CHECK(list["title"] == "Mairie");
    CHECK(list["replies_policy"] == "followed");
    CHECK(list["exclusive"] == false);
    std::string id = list["id"];
    call(client, "POST", "/api/v1/lists", alice, "title=++", 422);
    call(client, "POST", "/api/v1/lists", alice, "title=x&replies_policy=everyone", 422);
    CHECK(call(client, "PUT", "/api/v1/lists/" + id, alice, "title=Conseil")["title"] == "Conseil");

    call(client, "POST", "/api/v1/lists/" + id + "/accounts", alice, "account_ids[]=" + bob.id());
    auto dave = member(t, "dave");
    call(client, "POST", "/api/v1/lists/" + id + "/accounts", alice, "account_ids[]=" + dave.id(),
         422); // not followed
    auto members = call(client, "GET", "/api/v1/lists/" + id + "/accounts", alice);
    REQUIRE(members.size() == 1);
    CHECK(members[0]["id"] == bob.id());
    CHECK(call(client, "GET", "/api/v1/accounts/" + bob.id() + "/lists", alice)[0]["id"] == id);

    auto from_bob = call(client, "POST", "/api/v1/statuses", bob, "status=from+bob");
    call(client, "POST", "/api/v1/statuses", carol, "status=from+carol");
    t.drain_events();
    auto timeline = call(client, "GET", "/api/v1/timelines/list/" + id, alice);
    REQUIRE(timeline.size() == 1);
    CHECK(timeline[0]["id"] == from_bob["id"]);

    // Nobody else reaches alice's list.
    call(client, "GET", "/api/v1/lists/" + id, bob, "", 404);
    call(client, "GET", "/api/v1/timelines/list/" + id, bob, "", 404);
    CHECK(call(client, "GET", "/api/v1/lists", bob).empty());

    auto removed =
        client.Delete("/api/v1/lists/" + id + "/accounts?account_ids[]=" + bob.id(), alice.auth());
    REQUIRE(removed);
    CHECK(removed->status == 200);
    CHECK(call(client, "GET", "/api/v1/lists/" + id + "/accounts", alice).empty());
    auto deleted = client.Delete("/api/v1/lists/" + id, alice.auth());
    REQUIRE(deleted);
    CHECK(deleted->status == 200);
    CHECK(call(client, "GET", "/api/v1/lists", alice).empty());
}

// Markers and preferences over HTTP.
#include "rig/member.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::member;

TEST_CASE("markers: saved per timeline, versioned, private to the member", "[api][markers]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    CHECK(call(client, "GET", "/api/v1/markers?timeline[]=home&timeline[]=notifications", alice)
              .empty());
    auto saved = call(client, "POST", "/api/v1/markers", alice, "home[last_read_id]=1234");
    CHECK(saved["home"]["last_read_id"] == "1234");
    CHECK(saved["home"]["version"] == 1);
    CHECK_FALSE(saved.contains("notifications"));
    auto again =
        client.Post("/api/v1/markers", alice.auth(),
                    R"({"home":{"last_read_id":"5678"},"notifications":{"last_read_id":"42"}})",
                    "application/json");
    REQUIRE(again);
    REQUIRE(again->status == 200);
    auto both = json::parse(again->body);
    CHECK(both["home"]["last_read_id"] == "5678");
    CHECK(both["home"]["version"] == 2);
    CHECK(both["notifications"]["version"] == 1);
    auto read = call(client, "GET", "/api/v1/markers?timeline[]=home", alice);
    CHECK(read["home"]["last_read_id"] == "5678");
    CHECK_FALSE(read.contains("notifications"));
    CHECK(call(client, "GET", "/api/v1/markers?timeline[]=home", bob).empty());
    call(client, "POST", "/api/v1/markers", alice, "home[last_read_id]=abc", 422);
    call(client, "POST", "/api/v1/markers", alice, "", 422);
    CHECK(call(client, "GET", "/api/v1/markers?timeline[]=home", alice)["home"]["version"] == 2);
}

TEST_CASE("preferences: the posting and reading defaults", "[api][markers]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    auto prefs = call(client, "GET", "/api/v1/preferences", alice);
    CHECK(prefs["posting:default:visibility"] == "public");
    CHECK(prefs["reading:expand:spoilers"] == false);
    auto anonymous = client.Get("/api/v1/preferences");
    REQUIRE(anonymous);
    CHECK(anonymous->status == 401);
}

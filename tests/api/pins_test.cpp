// Status pins over HTTP: pin and unpin, the `pinned` field, the five-pin limit, what cannot be
// pinned, pinned statuses on the profile (as each reader may see them) and in the featured
// collection.
#include "rig/member.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::answer;
using testing::call;
using testing::Member;
using testing::member;

namespace {
std::string post(httplib::Client& client, const Member& who, const std::string& body) {
    return call(client, "POST", "/api/v1/statuses", who, body)["id"];
}

std::vector<std::string> ids_of(const json& statuses) {
    std::vector<std::string> out;
    for (const auto& s : statuses)
        out.push_back(s["id"]);
    return out;
}

json featured(httplib::Client& client, const std::string& path) {
    auto res = client.Get(path, {{"Accept", "application/activity+json"}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body);
}
} // namespace

TEST_CASE("pins: pin, the pinned field, the profile list and the featured collection",
          "[api][pins]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    auto first = post(client, alice, "status=first");
    auto second = post(client, alice, "status=second&visibility=unlisted");
    auto third = post(client, alice, "status=third");
    auto fourth = post(client, alice, "status=followers+only&visibility=private");

    auto status = call(client, "GET", "/api/v1/statuses/" + first, alice);
    CHECK(status["pinned"] == false);
    CHECK(!call(client, "GET", "/api/v1/statuses/" + first, bob).contains("pinned"));

    auto pinned = call(client, "POST", "/api/v1/statuses/" + first + "/pin", alice);
    CHECK(pinned["id"] == first);
    CHECK(pinned["pinned"] == true);
    CHECK(call(client, "POST", "/api/v1/statuses/" + first + "/pin", alice)["pinned"] == true);
    call(client, "POST", "/api/v1/statuses/" + third + "/pin", alice);
    call(client, "POST", "/api/v1/statuses/" + second + "/pin", alice);
    call(client, "POST", "/api/v1/statuses/" + fourth + "/pin", alice);
    CHECK(call(client, "GET", "/api/v1/statuses/" + third, alice)["pinned"] == true);
    CHECK(call(client, "GET", "/api/v1/statuses/" + fourth, alice)["pinned"] == true);

    // Most recently pinned first; a private one only for those who may see it.
    std::string path = "/api/v1/accounts/" + alice.id() + "/statuses?pinned=true";
    CHECK(ids_of(call(client, "GET", path, alice)) ==
          std::vector<std::string>{fourth, second, third, first});
    CHECK(ids_of(call(client, "GET", path, bob)) == std::vector<std::string>{second, third, first});
    auto anonymous = client.Get(path);
    REQUIRE(anonymous);
    CHECK(ids_of(json::parse(anonymous->body)) == std::vector<std::string>{second, third, first});
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", bob);
    CHECK(ids_of(call(client, "GET", path, bob)).size() == 4);
    // The ordinary list is unchanged, and limit applies to pins.
    CHECK(call(client, "GET", "/api/v1/accounts/" + alice.id() + "/statuses", bob).size() == 4);
    CHECK(ids_of(call(client, "GET", path + "&limit=2", alice)) ==
          std::vector<std::string>{fourth, second});

    // The featured collection lists the public and unlisted ones, as Notes.
    auto collection = featured(client, "/users/alice/collections/featured");
    CHECK(collection["type"] == "OrderedCollection");
    CHECK(collection["totalItems"] == 3);
    REQUIRE(collection["orderedItems"].size() == 3);
    CHECK(collection["orderedItems"][0]["type"] == "Note");
    CHECK(collection["orderedItems"][0]["id"] ==
          "https://agora.test/users/alice/statuses/" + second);
    CHECK(collection["orderedItems"][0]["content"] == "<p>second</p>");
    auto page = featured(client, "/users/alice/collections/featured?page=true");
    CHECK(page["orderedItems"] == collection["orderedItems"]);

    // Unpin; unpinning again changes nothing.
    auto unpinned = call(client, "POST", "/api/v1/statuses/" + second + "/unpin", alice);
    CHECK(unpinned["pinned"] == false);
    CHECK(call(client, "POST", "/api/v1/statuses/" + second + "/unpin", alice)["pinned"] == false);
    CHECK(ids_of(call(client, "GET", path, alice)) ==
          std::vector<std::string>{fourth, third, first});
    CHECK(featured(client, "/users/alice/collections/featured")["totalItems"] == 2);

    // A deleted status leaves the pins.
    answer(client.Delete(("/api/v1/statuses/" + third).c_str(), alice.auth()), 200);
    CHECK(ids_of(call(client, "GET", path, alice)) == std::vector<std::string>{fourth, first});
}

TEST_CASE("pins: at most five, and only one's own public, unlisted or private posts",
          "[api][pins]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    std::vector<std::string> ids;
    for (int i = 0; i < 6; ++i)
        ids.push_back(post(client, alice, "status=post+" + std::to_string(i)));
    for (int i = 0; i < 5; ++i)
        call(client, "POST", "/api/v1/statuses/" + ids[i] + "/pin", alice);
    auto sixth = call(client, "POST", "/api/v1/statuses/" + ids[5] + "/pin", alice, "", 422);
    CHECK(sixth["error"] ==
          "Validation failed: You have already pinned the maximum number of posts");
    CHECK(call(client, "GET", "/api/v1/statuses/" + ids[5], alice)["pinned"] == false);
    // Pinning one already pinned is not a sixth pin.
    CHECK(call(client, "POST", "/api/v1/statuses/" + ids[0] + "/pin", alice)["pinned"] == true);
    call(client, "POST", "/api/v1/statuses/" + ids[0] + "/unpin", alice);
    CHECK(call(client, "POST", "/api/v1/statuses/" + ids[5] + "/pin", alice)["pinned"] == true);

    auto direct = post(client, alice, "status=%40bob+secret&visibility=direct");
    CHECK(call(client, "POST", "/api/v1/statuses/" + direct + "/pin", alice, "", 422)["error"] ==
          "Validation failed: Posts that are only visible to mentioned users cannot be pinned");
    CHECK(!call(client, "GET", "/api/v1/statuses/" + direct, alice).contains("pinned"));

    auto bobs = post(client, bob, "status=bob+public");
    CHECK(call(client, "POST", "/api/v1/statuses/" + bobs + "/pin", alice, "", 422)["error"] ==
          "Validation failed: Someone else's post cannot be pinned");
    auto boost = call(client, "POST", "/api/v1/statuses/" + bobs + "/reblog", alice);
    std::string boost_id = boost["id"];
    CHECK(call(client, "POST", "/api/v1/statuses/" + boost_id + "/pin", alice, "", 422)["error"] ==
          "Validation failed: A boost cannot be pinned");
    // What alice may not see is not found; unknown and malformed ids neither.
    auto bobs_private = post(client, bob, "status=bob+private&visibility=private");
    call(client, "POST", "/api/v1/statuses/" + bobs_private + "/pin", alice, "", 404);
    call(client, "POST", "/api/v1/statuses/" + bobs_private + "/unpin", alice, "", 404);
    call(client, "POST", "/api/v1/statuses/999999/pin", alice, "", 404);
    call(client, "POST", "/api/v1/statuses/abc/pin", alice, "", 404);
    // Unpinning someone else's visible post is harmless and answers the post.
    CHECK(call(client, "POST", "/api/v1/statuses/" + bobs + "/unpin", alice)["id"] == bobs);
    // None of the refusals added a pin.
    CHECK(call(client, "GET", "/api/v1/accounts/" + alice.id() + "/statuses?pinned=true", alice)
              .size() == 5);
    CHECK(
        call(client, "GET", "/api/v1/accounts/" + bob.id() + "/statuses?pinned=true", bob).empty());

    // write:accounts is the scope, as in Mastodon.
    Member reader{alice.created, t.token_for(alice.created.account, "read write:statuses")};
    call(client, "POST", "/api/v1/statuses/" + ids[1] + "/unpin", reader, "", 403);
    answer(client.Post(("/api/v1/statuses/" + ids[1] + "/unpin").c_str(), "", "text/plain"), 401);
}

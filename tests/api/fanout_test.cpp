// Home-feed fan-out over HTTP: who gets a status or a boost in their home feed, and why.
#include "rig/member.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::member;

namespace {
// The reason `status_id` is in `who`'s home feed ("" when it is not there).
std::string reason_in_home(httplib::Client& client, const testing::Member& who,
                           const std::string& status_id) {
    for (const auto& s : call(client, "GET", "/api/v1/timelines/home?limit=40", who))
        if (s["id"] == status_id) return s["agora"]["reason"]["type"];
    return "";
}
} // namespace

TEST_CASE("fan-out: every local follower gets a status, each for its own reason", "[api][fanout]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto dave = member(t, "dave");
    auto client = t.client();
    for (auto* who : {&bob, &carol})
        call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", *who);
    std::string open = call(client, "POST", "/api/v1/statuses", alice, "status=to+all")["id"];
    std::string mention =
        call(client, "POST", "/api/v1/statuses", alice, "status=hello+%40bob")["id"];
    std::string priv = call(client, "POST", "/api/v1/statuses", alice,
                            "status=followers+only&visibility=private")["id"];
    std::string direct = call(client, "POST", "/api/v1/statuses", alice,
                              "status=%40bob+between+us&visibility=direct")["id"];
    t.drain_events();
    for (const auto& id : {open, priv}) {
        CHECK(reason_in_home(client, bob, id) == "followed");
        CHECK(reason_in_home(client, carol, id) == "followed");
        CHECK(reason_in_home(client, dave, id).empty()); // not a follower
        CHECK(reason_in_home(client, alice, id) == "own");
    }
    CHECK(reason_in_home(client, bob, mention) == "mention"); // the first reason stays
    CHECK(reason_in_home(client, carol, mention) == "followed");
    CHECK(reason_in_home(client, bob, direct) == "mention");
    CHECK(reason_in_home(client, carol, direct).empty()); // direct: the mentioned only
    t.drain_events();                                     // once is once
    CHECK(call(client, "GET", "/api/v1/timelines/home?limit=40", carol).size() == 3);
}

TEST_CASE("fan-out: a boost reaches the booster's followers who may see the original",
          "[api][fanout]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto dave = member(t, "dave");
    auto erin = member(t, "erin");
    auto client = t.client();
    for (auto* who : {&alice, &carol, &dave, &erin})
        call(client, "POST", "/api/v1/accounts/" + bob.id() + "/follow", *who);
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/block", dave);
    call(client, "POST", "/api/v1/accounts/" + erin.id() + "/block", alice);
    std::string original = call(client, "POST", "/api/v1/statuses", alice, "status=share+me")["id"];
    std::string boost = call(client, "POST", "/api/v1/statuses/" + original + "/reblog", bob)["id"];
    t.drain_events();
    CHECK(reason_in_home(client, carol, boost) == "boosted_by");
    CHECK(reason_in_home(client, bob, boost) == "own");
    CHECK(reason_in_home(client, alice, boost).empty()); // her own post
    CHECK(reason_in_home(client, dave, boost).empty());  // blocks its author
    CHECK(reason_in_home(client, erin, boost).empty());  // blocked by its author

    // Followers-only posts are boosted by their author only: to the followers, who may see it.
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", carol);
    std::string priv =
        call(client, "POST", "/api/v1/statuses", alice, "status=ours&visibility=private")["id"];
    std::string self_boost =
        call(client, "POST", "/api/v1/statuses/" + priv + "/reblog", alice)["id"];
    t.drain_events();
    CHECK(reason_in_home(client, carol, priv) == "followed");
    CHECK(reason_in_home(client, carol, self_boost) == "boosted_by");
    CHECK(reason_in_home(client, bob, self_boost).empty()); // does not follow alice
}

// Pins federated: a member's pin and unpin become Add and Remove on their featured collection,
// delivered to their followers' inboxes as Mastodon sends them, and the featured collection a
// follower fetches lists what those activities named.
#include "events/event_worker.hpp"
#include "federation/federation.hpp"
#include "federation/inbox_worker.hpp"
#include "rig/delivery_rig.hpp"
#include "rig/fixtures.hpp"
#include "rig/inbox_peer.hpp"
#include "rig/member.hpp"
#include "rig/remote_actor.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::drain_deliveries;
using testing::InboxPeer;
using testing::member;
using testing::ReceivedActivity;

namespace {
const std::string alice_uri = "https://agora.test/users/alice";
const std::string featured_uri = alice_uri + "/collections/featured";

// An Add or Remove of alice's status `id`, as Mastodon shapes them, signed by alice.
void check_featured_activity(const ReceivedActivity& r, const std::string& type,
                             const std::string& id) {
    INFO(r.activity.dump());
    CHECK(r.signature_ok);
    CHECK(r.key_id == alice_uri + "#main-key");
    CHECK(r.activity["@context"] == "https://www.w3.org/ns/activitystreams");
    CHECK(r.activity["type"] == type);
    CHECK(r.activity["actor"] == alice_uri);
    CHECK(r.activity["object"] == alice_uri + "/statuses/" + id);
    CHECK(r.activity["target"] == featured_uri);
    CHECK(r.activity["id"].get<std::string>().starts_with(
        alice_uri + (type == "Add" ? "#featured/adds/" : "#featured/removes/")));
    // Mastodon addresses neither: they go to the followers' inboxes.
    CHECK_FALSE(r.activity.contains("to"));
    CHECK_FALSE(r.activity.contains("cc"));
}
} // namespace

TEST_CASE("featured delivery: a pin and an unpin reach each follower inbox once as Add and Remove",
          "[integration][delivery][pins]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer one(t), two(t);
    auto alice = member(t, "alice");
    auto bob = member(t, "bob"); // a local follower: nothing over HTTP for him
    auto client = t.client();
    for (auto name : {"ann", "ben"})
        testing::add_remote_follower(t, one.add_account(name), alice.created.account.id);
    testing::add_remote_follower(t, two.add_account("cat", false), alice.created.account.id);
    two.add_account("dan"); // not a follower
    testing::follow(client, bob, alice);
    auto status = testing::post_status(client, alice, "pin me")["id"].get<std::string>();
    drain_deliveries(t);
    auto creates = one.received().size();

    call(client, "POST", "/api/v1/statuses/" + status + "/pin", alice);
    call(client, "POST", "/api/v1/statuses/" + status + "/pin", alice); // again: nothing more
    drain_deliveries(t);
    auto adds = one.received("Add");
    auto other_adds = two.received("Add");
    CHECK(testing::inbox_paths(adds) == std::vector<std::string>{"/inbox"});
    CHECK(testing::inbox_paths(other_adds) == std::vector<std::string>{"/users/cat/inbox"});
    REQUIRE(adds.size() == 1);
    REQUIRE(other_adds.size() == 1);
    check_featured_activity(adds[0], "Add", status);
    CHECK(adds[0].activity == other_adds[0].activity);

    call(client, "POST", "/api/v1/statuses/" + status + "/unpin", alice);
    call(client, "POST", "/api/v1/statuses/" + status + "/unpin", alice); // again: nothing more
    drain_deliveries(t);
    auto removes = one.received("Remove");
    REQUIRE(removes.size() == 1);
    REQUIRE(two.received("Remove").size() == 1);
    check_featured_activity(removes[0], "Remove", status);
    CHECK(one.received().size() == creates + 2);

    // Pinned again: a new Add, with an id of its own (receivers must not take it for the first).
    call(client, "POST", "/api/v1/statuses/" + status + "/pin", alice);
    drain_deliveries(t);
    adds = one.received("Add");
    REQUIRE(adds.size() == 2);
    CHECK(adds[1].activity["id"] != adds[0].activity["id"]);

    // A followers-only post pinned: Mastodon sends its Add to the followers as well.
    auto restricted =
        testing::post_status(client, alice, "ours", "private")["id"].get<std::string>();
    call(client, "POST", "/api/v1/statuses/" + restricted + "/pin", alice);
    drain_deliveries(t);
    adds = one.received("Add");
    REQUIRE(adds.size() == 3);
    check_featured_activity(adds[2], "Add", restricted);
}

TEST_CASE("featured delivery: a deleted post's pin sends nothing but its Delete",
          "[integration][delivery][pins]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    testing::add_remote_follower(t, peer.add_account("ann"), alice.created.account.id);

    // Pinned, then deleted before the pin's event was read: no Add for a post that is gone.
    auto brief = testing::post_status(client, alice, "brief")["id"].get<std::string>();
    call(client, "POST", "/api/v1/statuses/" + brief + "/pin", alice);
    call(client, "DELETE", "/api/v1/statuses/" + brief, alice);
    drain_deliveries(t);
    CHECK(peer.received("Add").empty());
    CHECK(peer.received("Delete").size() == 1);

    // Pinned and delivered, then deleted: the Delete says it all, no Remove.
    auto kept = testing::post_status(client, alice, "kept")["id"].get<std::string>();
    call(client, "POST", "/api/v1/statuses/" + kept + "/pin", alice);
    drain_deliveries(t);
    CHECK(peer.received("Add").size() == 1);
    call(client, "DELETE", "/api/v1/statuses/" + kept, alice);
    drain_deliveries(t);
    CHECK(peer.received("Remove").empty());
    CHECK(peer.received("Delete").size() == 2);

    // Unpinned, then deleted before the unpin's event was read: no Remove either.
    auto third = testing::post_status(client, alice, "third")["id"].get<std::string>();
    call(client, "POST", "/api/v1/statuses/" + third + "/pin", alice);
    drain_deliveries(t);
    call(client, "POST", "/api/v1/statuses/" + third + "/unpin", alice);
    call(client, "DELETE", "/api/v1/statuses/" + third, alice);
    drain_deliveries(t);
    CHECK(peer.received("Remove").empty());
    CHECK(peer.received("Add").size() == 2);
}

TEST_CASE("featured delivery: without remote followers, a pin queues nothing",
          "[integration][delivery][pins]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    peer.add_account("ann"); // known, not a follower
    auto status = testing::post_status(client, alice, "alone")["id"].get<std::string>();
    call(client, "POST", "/api/v1/statuses/" + status + "/pin", alice);
    drain_deliveries(t);
    CHECK(peer.received().empty());
    CHECK(testing::count(t, "SELECT COUNT(*) FROM deliveries") == 0);
}

TEST_CASE(
    "featured delivery: the featured collection lists followers-only pins to signed followers",
    "[integration][signed_fetch][pins]") {
    testing::FakePeer peer;
    testing::TestNode t([](Config& c) { testing::allow_loopback_peers(c); });
    testing::RemoteActor bob(peer, "bob"), mallory(peer, "mallory");
    auto alice = member(t, "alice");
    auto client = t.client();
    federation::Federation::of(t.node()).inbox().pause(true);
    REQUIRE(bob.deliver(t, bob.activity("Follow", alice_uri)).status == 202);
    federation::Federation::of(t.node()).drain_inbox();
    REQUIRE(testing::count(t, "SELECT COUNT(*) FROM follows WHERE target_account_id = " +
                                  alice.id()) == 1);
    auto open = testing::post_status(client, alice, "for all")["id"].get<std::string>();
    auto restricted =
        testing::post_status(client, alice, "ours", "private")["id"].get<std::string>();
    call(client, "POST", "/api/v1/statuses/" + open + "/pin", alice);
    call(client, "POST", "/api/v1/statuses/" + restricted + "/pin", alice);
    auto ids = [](const std::string& body) {
        std::vector<std::string> out;
        auto collection = json::parse(body);
        for (const auto& item : collection["orderedItems"])
            out.push_back(item["id"]);
        return out;
    };
    const std::string path = "/users/alice/collections/featured";

    auto follower = bob.fetch(t, path);
    REQUIRE(follower.status == 200);
    CHECK(ids(follower.body) == std::vector<std::string>{alice_uri + "/statuses/" + restricted,
                                                         alice_uri + "/statuses/" + open});
    CHECK(json::parse(follower.body)["totalItems"] == 2);
    CHECK_THAT(follower.header("Vary"), Catch::Contains("Signature"));
    CHECK(follower.header("Cache-Control") == "private");
    CHECK(ids(bob.fetch(t, path + "?page=true").body).size() == 2);

    // Someone else, or no signature: the public pin only, and the answer varies by signer.
    auto stranger = mallory.fetch(t, path);
    REQUIRE(stranger.status == 200);
    CHECK(ids(stranger.body) == std::vector<std::string>{alice_uri + "/statuses/" + open});
    CHECK(json::parse(stranger.body)["totalItems"] == 1);
    CHECK(stranger.header("Cache-Control").empty());
    testing::DeliveryOptions unsigned_get;
    unsigned_get.sign = false;
    auto anonymous = bob.fetch(t, path, unsigned_get);
    REQUIRE(anonymous.status == 200);
    CHECK(ids(anonymous.body) == std::vector<std::string>{alice_uri + "/statuses/" + open});
    CHECK_THAT(anonymous.header("Vary"), Catch::Contains("Signature"));

    // Unpinned: gone for the follower too.
    call(client, "POST", "/api/v1/statuses/" + restricted + "/unpin", alice);
    CHECK(ids(bob.fetch(t, path).body) ==
          std::vector<std::string>{alice_uri + "/statuses/" + open});
}

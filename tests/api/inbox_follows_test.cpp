// Follows, follow requests and blocks made by remote actors through the inbox, checked through
// the client API (relationships, lists, notifications, requests) and the events written for
// delivery (follow.accepted, follow.rejected).
#include "events/event_worker.hpp"
#include "federation/federation.hpp"
#include "federation/federation_client.hpp"
#include "federation/inbox_worker.hpp"
#include "rig/member.hpp"
#include "rig/remote_actor.hpp"
#include "rig/test_node.hpp"
#include "statuses/status_service.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using agora::testing::call;
using agora::testing::FakePeer;
using agora::testing::Member;
using agora::testing::RemoteActor;
using nlohmann::json;

namespace {
std::vector<std::string> ids_of(const json& list) {
    std::vector<std::string> out;
    for (const auto& item : list)
        out.push_back(item["id"]);
    return out;
}

// A node with alice, a remote server with bob and mallory; the inbox is applied when the test
// says, and events stay in their table for the test to read.
struct World {
    World() : node(testing::allow_loopback_peers), bob(peer, "bob"), mallory(peer, "mallory") {
        federation::Federation::of(node.node()).inbox().pause(true);
        node.node().events().stop();
        alice = testing::member(node, "alice");
    }

    std::string alice_uri() const { return "https://agora.test/users/alice"; }

    // Delivers `activity` from `actor` and applies it.
    void receive(RemoteActor& actor, const json& activity) {
        REQUIRE(actor.deliver(node, activity).status == 202);
        federation::Federation::of(node.node()).drain_inbox();
    }
    // Bob's Follow of alice, delivered and applied; returns it.
    json bob_follows_alice() {
        auto follow = bob.activity("Follow", alice_uri());
        receive(bob, follow);
        return follow;
    }

    // The accounts row of a remote actor (fetched when not stored yet), as an API id.
    std::string id_of(const RemoteActor& actor) {
        auto stored =
            federation::Federation::of(node.node()).client().actors().resolve_actor(actor.id());
        REQUIRE(stored);
        return std::to_string(stored->account.id);
    }
    json relationship_with(const RemoteActor& actor) {
        auto list =
            call(client, "GET", "/api/v1/accounts/relationships?id[]=" + id_of(actor), alice);
        REQUIRE(list.size() == 1);
        return list[0];
    }
    json get(const std::string& path) { return call(client, "GET", path, alice); }

    std::vector<json> events(const std::string& kind) {
        std::vector<json> out;
        auto conn = node.node().database().acquire();
        auto st = conn->query("SELECT payload FROM events WHERE kind = ? ORDER BY id", kind);
        while (st.step())
            out.push_back(json::parse(st.text(0)));
        return out;
    }
    std::optional<std::string> uri_of(const std::string& table, const std::string& account_id,
                                      const std::string& target_id) {
        auto conn = node.node().database().acquire();
        auto st = conn->query(
            "SELECT uri FROM " + table + " WHERE account_id = ? AND target_account_id = ?",
            std::int64_t(std::stoll(account_id)), std::int64_t(std::stoll(target_id)));
        if (!st.step()) return std::nullopt;
        return st.optional_text(0);
    }

    // Alice follows `actor` through the API; a request the actor must accept when it approves
    // followers by hand.
    json alice_follows(const RemoteActor& actor) {
        return call(client, "POST", "/api/v1/accounts/" + id_of(actor) + "/follow", alice);
    }

    FakePeer peer;
    testing::TestNode node;
    RemoteActor bob;
    RemoteActor mallory;
    Member alice;
    httplib::Client client = node.client();
};

// An actor that approves followers by hand, so that a member's follow waits for its Accept.
void lock(RemoteActor& actor) {
    auto doc = actor.document();
    doc["manuallyApprovesFollowers"] = true;
    actor.set_document(doc);
}

json embedded_follow(const std::string& actor, const std::string& object) {
    return {{"type", "Follow"}, {"actor", actor}, {"object", object}};
}
} // namespace

TEST_CASE("inbox follows: a Follow of a member makes a follow, a notification, and "
          "follow.accepted",
          "[api][inbox][follows]") {
    World w;
    auto follow = w.bob_follows_alice();
    auto bob_id = w.id_of(w.bob);

    CHECK(ids_of(w.get("/api/v1/accounts/" + w.alice.id() + "/followers")) ==
          std::vector<std::string>{bob_id});
    auto rel = w.relationship_with(w.bob);
    CHECK(rel["followed_by"] == true);
    CHECK(rel["following"] == false);
    CHECK(w.get("/api/v1/accounts/" + w.alice.id())["followers_count"] == 1);
    auto notifications = w.get("/api/v1/notifications");
    REQUIRE(notifications.size() == 1);
    CHECK(notifications[0]["type"] == "follow");
    CHECK(notifications[0]["account"]["id"] == bob_id);
    CHECK(w.uri_of("follows", bob_id, w.alice.id()) == follow["id"]);

    auto accepted = w.events("follow.accepted");
    REQUIRE(accepted.size() == 1);
    CHECK(accepted[0]["account_id"] == std::stoll(bob_id));
    CHECK(accepted[0]["target_account_id"] == std::stoll(w.alice.id()));
    CHECK(accepted[0]["follow_uri"] == follow["id"]);
    {
        auto conn = w.node.node().database().acquire();
        auto st = conn->query("SELECT id FROM follows WHERE account_id = ?",
                              std::int64_t(std::stoll(bob_id)));
        REQUIRE(st.step());
        CHECK(accepted[0]["follow_id"] == st.int64(0));
    }
    CHECK(w.events("follow.created").size() == 1); // the node's own event
    CHECK(w.events("follow.rejected").empty());
}

TEST_CASE("inbox follows: a Follow repeated while following is accepted again",
          "[api][inbox][follows]") {
    World w;
    w.bob_follows_alice();
    auto again = w.bob_follows_alice();
    auto bob_id = w.id_of(w.bob);
    CHECK(w.get("/api/v1/accounts/" + w.alice.id())["followers_count"] == 1);
    CHECK(w.get("/api/v1/notifications").size() == 1);
    auto accepted = w.events("follow.accepted");
    REQUIRE(accepted.size() == 2);
    CHECK(accepted[1]["follow_uri"] == again["id"]);
    CHECK(accepted[1]["follow_id"] == accepted[0]["follow_id"]);
    CHECK(w.uri_of("follows", bob_id, w.alice.id()) == again["id"]);
}

TEST_CASE("inbox follows: a Follow of a locked member is a request until authorised",
          "[api][inbox][follows]") {
    World w;
    call(w.client, "PATCH", "/api/v1/accounts/update_credentials", w.alice, "locked=true");
    auto follow = w.bob_follows_alice();
    auto bob_id = w.id_of(w.bob);

    CHECK(ids_of(w.get("/api/v1/follow_requests")) == std::vector<std::string>{bob_id});
    CHECK(w.get("/api/v1/accounts/" + w.alice.id() + "/followers").empty());
    CHECK(w.relationship_with(w.bob)["requested_by"] == true);
    auto notifications = w.get("/api/v1/notifications");
    REQUIRE(notifications.size() == 1);
    CHECK(notifications[0]["type"] == "follow_request");
    CHECK(w.events("follow.accepted").empty());
    auto requested = w.events("follow.requested");
    REQUIRE(requested.size() == 1);
    CHECK(requested[0]["account_id"] == std::stoll(bob_id));
    CHECK(requested[0]["follow_uri"] == follow["id"]);
    CHECK(w.uri_of("follow_requests", bob_id, w.alice.id()) == follow["id"]);

    call(w.client, "POST", "/api/v1/follow_requests/" + bob_id + "/authorize", w.alice);
    CHECK(ids_of(w.get("/api/v1/accounts/" + w.alice.id() + "/followers")) ==
          std::vector<std::string>{bob_id});
    CHECK(w.get("/api/v1/follow_requests").empty());
}

TEST_CASE("inbox follows: a Follow from an account the member blocks is rejected",
          "[api][inbox][follows]") {
    World w;
    call(w.client, "POST", "/api/v1/accounts/" + w.id_of(w.bob) + "/block", w.alice);
    auto follow = w.bob_follows_alice();
    CHECK(w.get("/api/v1/accounts/" + w.alice.id() + "/followers").empty());
    CHECK(w.get("/api/v1/notifications").empty());
    CHECK(w.events("follow.accepted").empty());
    auto rejected = w.events("follow.rejected");
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0]["account_id"] == std::stoll(w.id_of(w.bob)));
    CHECK(rejected[0]["target_account_id"] == std::stoll(w.alice.id()));
    CHECK(rejected[0]["follow_uri"] == follow["id"]);
    CHECK(rejected[0]["follow_id"].is_number_integer());
}

TEST_CASE("inbox follows: an Undo of a Follow, by id or embedded, only by the follower",
          "[api][inbox][follows]") {
    World w;
    auto follow = w.bob_follows_alice();
    auto followers = [&] {
        return w.get("/api/v1/accounts/" + w.alice.id())["followers_count"].get<int>();
    };
    // Mallory cannot undo bob's follow, by its id or by describing it.
    w.receive(w.mallory, w.mallory.activity("Undo", follow["id"]));
    w.receive(w.mallory, w.mallory.activity("Undo", embedded_follow(w.bob.id(), w.alice_uri())));
    w.receive(w.mallory, w.mallory.activity("Undo", follow));
    CHECK(followers() == 1);

    w.receive(w.bob, w.bob.activity("Undo", follow["id"]));
    CHECK(followers() == 0);
    CHECK(w.relationship_with(w.bob)["followed_by"] == false);

    w.bob_follows_alice();
    CHECK(followers() == 1);
    w.receive(w.bob, w.bob.activity("Undo", embedded_follow(w.bob.id(), w.alice_uri())));
    CHECK(followers() == 0);

    // A request withdrawn: gone from the list, and its notification with it.
    call(w.client, "PATCH", "/api/v1/accounts/update_credentials", w.alice, "locked=true");
    auto asked = w.bob_follows_alice();
    CHECK(w.get("/api/v1/follow_requests").size() == 1);
    w.receive(w.bob, w.bob.activity("Undo", asked));
    CHECK(w.get("/api/v1/follow_requests").empty());
    CHECK(w.get("/api/v1/notifications?types[]=follow_request").empty());
}

TEST_CASE("inbox follows: an Accept turns a member's follow request into a follow",
          "[api][inbox][follows]") {
    World w;
    lock(w.bob);
    auto bob_id = w.id_of(w.bob);
    // Something bob posted before: the follow brings it into alice's home feed.
    {
        auto conn = w.node.node().database().acquire();
        auto bob_account = store::find_account(*conn, std::int64_t(std::stoll(bob_id)));
        REQUIRE(create_status(w.node.node().database(), w.node.node().config(), *bob_account,
                              NewStatus{.text = "from afar"}));
    }
    auto rel = w.alice_follows(w.bob);
    CHECK(rel["requested"] == true);
    CHECK(rel["following"] == false);

    // Only the followed actor may accept.
    w.receive(w.mallory, w.mallory.activity("Accept", embedded_follow(w.alice_uri(), w.bob.id())));
    w.receive(w.mallory,
              w.mallory.activity("Accept", embedded_follow(w.alice_uri(), w.mallory.id())));
    CHECK(w.relationship_with(w.bob)["requested"] == true);

    w.receive(w.bob, w.bob.activity("Accept", embedded_follow(w.alice_uri(), w.bob.id())));
    rel = w.relationship_with(w.bob);
    CHECK(rel["following"] == true);
    CHECK(rel["requested"] == false);
    CHECK(w.get("/api/v1/accounts/" + w.alice.id())["following_count"] == 1);
    CHECK(w.get("/api/v1/accounts/" + bob_id)["followers_count"] == 1);
    auto home = w.get("/api/v1/timelines/home");
    REQUIRE(home.size() == 1);
    CHECK(home[0]["account"]["id"] == bob_id);
    // Nobody here is told that bob accepted.
    CHECK(w.get("/api/v1/notifications").empty());

    // By the Follow's id, as Agora makes them.
    RemoteActor carol(w.peer, "carol");
    lock(carol);
    w.alice_follows(carol);
    auto carol_id = w.id_of(carol);
    std::int64_t request_id = 0;
    {
        auto conn = w.node.node().database().acquire();
        auto st = conn->query("SELECT id FROM follow_requests WHERE target_account_id = ?",
                              std::int64_t(std::stoll(carol_id)));
        REQUIRE(st.step());
        request_id = st.int64(0);
    }
    auto follow_id = w.alice_uri() + "#follows/" + std::to_string(request_id);
    w.receive(carol, carol.activity("Accept", follow_id));
    CHECK(w.relationship_with(carol)["following"] == true);
    CHECK(w.uri_of("follows", w.alice.id(), carol_id) == follow_id);
    // Accepted again: nothing changes.
    w.receive(carol, carol.activity("Accept", follow_id));
    CHECK(w.get("/api/v1/accounts/" + w.alice.id())["following_count"] == 2);
}

TEST_CASE("inbox follows: a Reject ends a member's request, or an accepted follow",
          "[api][inbox][follows]") {
    World w;
    lock(w.bob);
    w.alice_follows(w.bob);
    w.receive(w.mallory, w.mallory.activity("Reject", embedded_follow(w.alice_uri(), w.bob.id())));
    CHECK(w.relationship_with(w.bob)["requested"] == true);
    w.receive(w.bob, w.bob.activity("Reject", embedded_follow(w.alice_uri(), w.bob.id())));
    auto rel = w.relationship_with(w.bob);
    CHECK(rel["requested"] == false);
    CHECK(rel["following"] == false);

    // Accepted, then rejected by the id it was accepted with: the follow ends.
    w.alice_follows(w.bob);
    std::string follow_id;
    {
        auto conn = w.node.node().database().acquire();
        auto st = conn->query("SELECT id FROM follow_requests");
        REQUIRE(st.step());
        follow_id = w.alice_uri() + "#follows/" + std::to_string(st.int64(0));
    }
    w.receive(w.bob, w.bob.activity("Accept", follow_id));
    CHECK(w.relationship_with(w.bob)["following"] == true);
    w.receive(w.bob, w.bob.activity("Reject", follow_id));
    rel = w.relationship_with(w.bob);
    CHECK(rel["following"] == false);
    CHECK(w.get("/api/v1/accounts/" + w.alice.id())["following_count"] == 0);
}

TEST_CASE("inbox follows: a Block ends follows both ways until its Undo", "[api][inbox][follows]") {
    World w;
    w.bob_follows_alice();
    auto rel = w.alice_follows(w.bob);
    if (rel["requested"] == true)
        w.receive(w.bob, w.bob.activity("Accept", embedded_follow(w.alice_uri(), w.bob.id())));
    rel = w.relationship_with(w.bob);
    REQUIRE(rel["following"] == true);
    REQUIRE(rel["followed_by"] == true);

    auto block = w.bob.activity("Block", w.alice_uri());
    w.receive(w.bob, block);
    rel = w.relationship_with(w.bob);
    CHECK(rel["following"] == false);
    CHECK(rel["followed_by"] == false);
    CHECK(rel["blocked_by"] == true);
    CHECK(rel["blocking"] == false);
    auto alice = w.get("/api/v1/accounts/" + w.alice.id());
    CHECK(alice["followers_count"] == 0);
    CHECK(alice["following_count"] == 0);

    // Blocked, bob's follows are refused (the block itself ended his follow with a Reject too).
    auto rejected_before = w.events("follow.rejected").size();
    w.bob_follows_alice();
    CHECK(w.relationship_with(w.bob)["followed_by"] == false);
    CHECK(w.events("follow.rejected").size() == rejected_before + 1);

    // Only bob may lift his block.
    w.receive(w.mallory, w.mallory.activity("Undo", block["id"]));
    CHECK(w.relationship_with(w.bob)["blocked_by"] == true);
    w.receive(w.bob, w.bob.activity("Undo", block["id"]));
    CHECK(w.relationship_with(w.bob)["blocked_by"] == false);

    // Blocked again, unblocked by an embedded Block.
    w.receive(w.bob, w.bob.activity("Block", w.alice_uri()));
    CHECK(w.relationship_with(w.bob)["blocked_by"] == true);
    w.receive(w.bob, w.bob.activity("Undo", json{{"type", "Block"},
                                                 {"actor", w.bob.id()},
                                                 {"object", w.alice_uri()}}));
    CHECK(w.relationship_with(w.bob)["blocked_by"] == false);
}

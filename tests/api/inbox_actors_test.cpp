// Update, Delete and Move of remote actors through the inbox: refetched rather than believed,
// only by the actor itself, and their effect seen through the client API.
#include "federation/federation.hpp"
#include "federation/federation_client.hpp"
#include "federation/inbox_worker.hpp"
#include "rig/member.hpp"
#include "rig/remote_actor.hpp"
#include "rig/test_node.hpp"
#include "statuses/status_service.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/remote_accounts_repo.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using agora::testing::call;
using agora::testing::FakePeer;
using agora::testing::Member;
using agora::testing::RemoteActor;
using nlohmann::json;

namespace {
struct World {
    World() : node(testing::allow_loopback_peers), bob(peer, "bob"), mallory(peer, "mallory") {
        federation::Federation::of(node.node()).inbox().pause(true);
        alice = testing::member(node, "alice");
    }

    std::string alice_uri() const { return "https://agora.test/users/alice"; }
    void receive(RemoteActor& actor, const json& activity, int status = 202) {
        REQUIRE(actor.deliver(node, activity).status == status);
        federation::Federation::of(node.node()).drain_inbox();
    }
    RemoteAccount stored(const RemoteActor& actor) {
        auto account =
            federation::Federation::of(node.node()).client().actors().resolve_actor(actor.id());
        REQUIRE(account);
        return *account;
    }
    std::string id_of(const RemoteActor& actor) { return std::to_string(stored(actor).account.id); }
    json get(const std::string& path, int status = 200) {
        return call(client, "GET", path, alice, "", status);
    }
    json relationship_with(const RemoteActor& actor) {
        return get("/api/v1/accounts/relationships?id[]=" + id_of(actor))[0];
    }

    FakePeer peer;
    testing::TestNode node;
    RemoteActor bob;
    RemoteActor mallory;
    Member alice;
    httplib::Client client = node.client();
};
} // namespace

TEST_CASE("inbox actors: an Update of an actor is fetched again, never taken as sent",
          "[api][inbox][actors]") {
    World w;
    CHECK(w.stored(w.bob).account.display_name == "bob far away");
    auto served = w.bob.document();
    served["name"] = "Bob, renamed";
    w.bob.set_document(served);
    auto embedded = served;
    embedded["name"] = "Whatever the activity says";
    embedded["summary"] = "<script>alert(1)</script>";
    w.receive(w.bob, w.bob.activity("Update", embedded));
    auto bob = w.get("/api/v1/accounts/" + w.id_of(w.bob));
    CHECK(bob["display_name"] == "Bob, renamed");

    // Mallory cannot update bob, even with bob's own document.
    served["name"] = "Bob, by mallory";
    w.bob.set_document(served);
    w.receive(w.mallory, w.mallory.activity("Update", served));
    CHECK(w.get("/api/v1/accounts/" + w.id_of(w.bob))["display_name"] == "Bob, renamed");
}

TEST_CASE("inbox actors: a Delete of an actor removes its statuses and follows",
          "[api][inbox][actors]") {
    World w;
    w.receive(w.bob, w.bob.activity("Follow", w.alice_uri()));
    auto bob = w.stored(w.bob);
    auto status = create_status(w.node.node().database(), w.node.node().config(), bob.account,
                                NewStatus{.text = "soon gone"});
    REQUIRE(status);
    auto status_path = "/api/v1/statuses/" + std::to_string(status->id);
    w.get(status_path);
    CHECK(w.get("/api/v1/accounts/" + w.alice.id())["followers_count"] == 1);

    // Mallory cannot delete bob.
    w.receive(w.mallory, w.mallory.activity("Delete", w.bob.id()));
    w.get(status_path);

    w.bob.go_away(410);
    w.receive(w.bob, w.bob.activity("Delete", json{{"id", w.bob.id()}, {"type", "Tombstone"}}));
    w.get(status_path, 404);
    CHECK(w.get("/api/v1/accounts/" + w.alice.id())["followers_count"] == 0);
    CHECK(w.get("/api/v1/accounts/" + w.alice.id() + "/followers").empty());
    {
        auto conn = w.node.node().database().acquire();
        auto st = conn->query("SELECT gone_at IS NOT NULL, key_id IS NULL FROM accounts "
                              "WHERE id = ?",
                              bob.account.id);
        REQUIRE(st.step());
        CHECK(st.boolean(0));
        CHECK(st.boolean(1));
    }
    // Its key is forgotten: nothing signed with it is believed any more.
    auto again = w.bob.deliver(w.node, w.bob.activity("Follow", w.alice_uri()));
    CHECK(again.status == 401);
}

TEST_CASE("inbox actors: a Move takes followers along when the new account agrees",
          "[api][inbox][actors]") {
    World w;
    auto rel = call(w.client, "POST", "/api/v1/accounts/" + w.id_of(w.bob) + "/follow", w.alice);
    if (rel["requested"] == true)
        w.receive(w.bob, w.bob.activity("Accept", json{{"type", "Follow"},
                                                       {"actor", w.alice_uri()},
                                                       {"object", w.bob.id()}}));
    REQUIRE(w.relationship_with(w.bob)["following"] == true);

    RemoteActor newbob(w.peer, "newbob");
    auto move = [&](RemoteActor& by, const std::string& object) {
        auto activity = by.activity("Move", object);
        activity["target"] = newbob.id();
        return activity;
    };
    // The new account does not list the old one: nothing moves.
    w.receive(w.bob, move(w.bob, w.bob.id()));
    CHECK(w.relationship_with(w.bob)["following"] == true);
    CHECK(w.relationship_with(newbob)["following"] == false);

    auto doc = newbob.document();
    doc["alsoKnownAs"] = json::array({w.bob.id()});
    newbob.set_document(doc);
    // Only bob may move bob.
    w.receive(w.mallory, move(w.mallory, w.bob.id()));
    CHECK(w.relationship_with(w.bob)["following"] == true);

    w.receive(w.bob, move(w.bob, w.bob.id()));
    auto to_new = w.relationship_with(newbob);
    CHECK((to_new["following"] == true || to_new["requested"] == true));
    CHECK(w.relationship_with(w.bob)["following"] == false);
    CHECK(w.stored(w.bob).moved_to_uri == newbob.id());
}

TEST_CASE("inbox actors: what a deleted actor sent before its Delete was applied is dropped",
          "[api][inbox][actors]") {
    World w;
    w.stored(w.bob);
    // Both arrive before the worker runs: the Delete first, then a Follow.
    REQUIRE(w.bob.deliver(w.node, w.bob.activity("Delete", w.bob.id())).status == 202);
    REQUIRE(w.bob.deliver(w.node, w.bob.activity("Follow", w.alice_uri())).status == 202);
    CHECK(federation::Federation::of(w.node.node()).drain_inbox() == 2);
    CHECK(w.get("/api/v1/accounts/" + w.alice.id())["followers_count"] == 0);
    CHECK(w.get("/api/v1/notifications").empty());
}

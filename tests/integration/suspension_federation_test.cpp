// A suspension told to the fediverse as Mastodon tells it: a member's actor is updated (flagged
// suspended, its profile blanked) and served so, then updated back when the suspension is lifted;
// a suspended remote account's follows of members end with a Reject{Follow} each.
#include "events/event_worker.hpp"
#include "rig/delivery_rig.hpp"
#include "rig/inbox_peer.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"
#include "store/statuses_repo.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::count;
using testing::InboxPeer;
using testing::member;

namespace {
const std::string alice_actor = "https://agora.test/users/alice";

json served_actor(httplib::Client& client, const std::string& name) {
    auto res = client.Get(("/users/" + name).c_str(), {{"Accept", "application/activity+json"}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body);
}
} // namespace

TEST_CASE("suspension federated: a member's actor is updated suspended and blanked, then back",
          "[integration][suspension][delivery]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer one(t), two(t), three(t);
    auto root = testing::staff(t, "root", Role::admin);
    auto alice = member(t, "alice");
    auto client = t.client();
    call(client, "PATCH", "/api/v1/accounts/update_credentials", alice,
         "note=Hello+there&fields_attributes[0][name]=site&fields_attributes[0][value]=x");
    // Her followers on one.example, an account she mentioned on two.example; three.example only
    // knows her by name: it hears nothing.
    testing::add_remote_follower(t, one.add_account("ann"), alice.created.account.id);
    testing::add_remote_follower(t, one.add_account("ben"), alice.created.account.id);
    auto eve = two.add_account("eve");
    three.add_account("fay");
    std::string posted = call(client, "POST", "/api/v1/statuses", alice, "status=hi")["id"];
    {
        auto conn = t.node().database().acquire();
        store::insert_mention(*conn, std::stoll(posted), eve);
    }
    testing::drain_deliveries(t);
    auto before = one.received().size() + two.received().size();
    // The profile update above went out already.
    auto one_updates = one.received("Update").size(), two_updates = two.received("Update").size();

    call(client, "POST", "/api/v1/admin/accounts/" + alice.id() + "/action", root,
         "type=suspend&text=spam");
    // Served at once as suspended, still 200 so that other servers learn of it.
    auto actor = served_actor(client, "alice");
    CHECK(actor["suspended"] == true);
    CHECK(actor["name"] == "alice");
    CHECK(actor["summary"] == "");
    CHECK(actor["attachment"] == json::array());
    CHECK(actor["discoverable"] == false);
    CHECK_FALSE(actor.contains("icon"));
    CHECK(actor["publicKey"]["id"] == alice_actor + "#main-key");
    CHECK(actor["@context"].dump().find("toot:suspended") != std::string::npos);
    testing::drain_deliveries(t);
    auto updates = one.received("Update");
    REQUIRE(updates.size() == one_updates + 1);
    updates.erase(updates.begin(), updates.begin() + one_updates);
    CHECK(updates[0].path == "/inbox");
    REQUIRE(two.received("Update").size() == two_updates + 1);
    CHECK(three.received().empty());
    for (const auto& r : {updates[0], two.received("Update").back()}) {
        INFO(r.activity.dump());
        CHECK(r.signature_ok);
        CHECK(r.key_id == alice_actor + "#main-key");
        CHECK(r.activity["actor"] == alice_actor);
        CHECK(r.activity["object"]["id"] == alice_actor);
        CHECK(r.activity["object"]["suspended"] == true);
        CHECK(r.activity["object"]["summary"] == "");
        CHECK(r.activity["object"]["attachment"] == json::array());
    }
    auto suspended_id = updates[0].activity["id"].get<std::string>();
    CHECK(suspended_id.starts_with(alice_actor + "#updates/"));

    call(client, "POST", "/api/v1/admin/accounts/" + alice.id() + "/unsuspend", root);
    auto back = served_actor(client, "alice");
    CHECK_FALSE(back.contains("suspended"));
    CHECK(back["name"] == "alice (display)");
    CHECK(back["summary"] == "<p>Hello there</p>");
    CHECK(back["attachment"].size() == 1);
    testing::drain_deliveries(t);
    updates = one.received("Update");
    REQUIRE(updates.size() == one_updates + 2);
    updates.erase(updates.begin(), updates.begin() + one_updates);
    CHECK(updates[1].signature_ok);
    CHECK(updates[1].activity["id"] != suspended_id); // a new activity, not a repeat
    CHECK_FALSE(updates[1].activity["object"].contains("suspended"));
    CHECK(updates[1].activity["object"]["name"] == "alice (display)");
    CHECK(two.received("Update").size() == two_updates + 2);
    CHECK(one.received().size() + two.received().size() == before + 4);
    CHECK(three.received().empty());

    // Unsuspending what is not suspended sends nothing (403, as Mastodon).
    call(client, "POST", "/api/v1/admin/accounts/" + alice.id() + "/unsuspend", root, "", 403);
    testing::drain_deliveries(t);
    CHECK(one.received().size() + two.received().size() == before + 4);
}

TEST_CASE("suspension federated: a suspended remote account's follows of members are rejected",
          "[integration][suspension][delivery]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer peer(t);
    auto root = testing::staff(t, "root", Role::admin);
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    auto ann = peer.add_account("ann");
    auto ben = peer.add_account("ben");
    testing::add_remote_follower(t, ann, alice.created.account.id, peer.actor("ann") + "#follow/1");
    testing::add_remote_follower(t, ann, bob.created.account.id); // a row without the Follow id
    testing::add_remote_follower(t, ben, alice.created.account.id, peer.actor("ben") + "#follow/2");
    // Alice follows ann: that follow is hers, it stays.
    {
        auto conn = t.node().database().acquire();
        conn->query("INSERT INTO follows (id, account_id, target_account_id, created_at) "
                    "VALUES (1, ?, ?, 0)",
                    alice.created.account.id, ann)
            .run();
    }

    call(client, "POST", "/api/v1/admin/accounts/" + std::to_string(ann) + "/action", root,
         "type=suspend");
    CHECK(count(t, "SELECT COUNT(*) FROM follows WHERE account_id = " + std::to_string(ann)) == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM follows WHERE account_id = " + std::to_string(ben)) == 1);
    CHECK(count(t, "SELECT COUNT(*) FROM follows WHERE target_account_id = " +
                       std::to_string(ann)) == 1);
    CHECK(call(client, "GET", "/api/v1/accounts/" + bob.id(), bob)["followers_count"] == 0);
    testing::drain_deliveries(t);
    auto rejects = peer.received("Reject");
    REQUIRE(rejects.size() == 2);
    std::set<std::string> signers;
    for (const auto& r : rejects) {
        INFO(r.activity.dump());
        CHECK(r.path == "/users/ann/inbox");
        CHECK(r.signature_ok);
        signers.insert(r.key_id);
        CHECK(r.activity["object"]["type"] == "Follow");
        CHECK(r.activity["object"]["actor"] == peer.actor("ann"));
        if (r.activity["actor"] == alice_actor)
            CHECK(r.activity["object"]["id"] == peer.actor("ann") + "#follow/1");
        else
            CHECK_FALSE(r.activity["object"].contains("id"));
    }
    CHECK(signers == std::set<std::string>{alice_actor + "#main-key",
                                           "https://agora.test/users/bob#main-key"});
    CHECK(peer.received().size() == 2);

    // Lifting it makes nobody follow again, and sends nothing.
    call(client, "POST", "/api/v1/admin/accounts/" + std::to_string(ann) + "/unsuspend", root);
    testing::drain_deliveries(t);
    CHECK(peer.received().size() == 2);
    CHECK(count(t, "SELECT COUNT(*) FROM follows WHERE account_id = " + std::to_string(ann)) == 0);
}

// A remote account suspended here: what it delivers afterwards is dropped by the inbox worker;
// unsuspended, it is heard again.
#include "federation/federation.hpp"
#include "federation/inbox_worker.hpp"
#include "rig/member.hpp"
#include "rig/remote_actor.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"
#include "store/remote_accounts_repo.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using testing::call;

TEST_CASE("moderation: a suspended remote account's deliveries are dropped",
          "[integration][inbox][moderation]") {
    testing::FakePeer peer;
    testing::TestNode node(testing::allow_loopback_peers);
    testing::RemoteActor bob(peer, "bob");
    auto& federation = federation::Federation::of(node.node());
    federation.inbox().pause(true);
    auto alice = node.create_account("alice").account;
    auto mod = testing::staff(node, "mod", Role::moderator);
    auto alice_uri = std::string("https://agora.test/users/alice");
    auto followers = [&] {
        return testing::count(node, "SELECT COUNT(*) FROM follows WHERE target_account_id = " +
                                        std::to_string(alice.id));
    };

    // Bob is known here (his first Follow, then taken back here), then suspended: his next
    // Follow is dropped.
    REQUIRE(bob.deliver(node, bob.activity("Follow", alice_uri)).status == 202);
    federation.drain_inbox();
    REQUIRE(followers() == 1);
    std::int64_t bob_id = 0;
    {
        auto conn = node.node().database().acquire();
        bob_id = store::find_remote_account_by_uri(*conn, bob.id())->account.id;
        conn->query("DELETE FROM follows").run();
    }
    auto client = node.client();
    call(client, "POST", "/api/v1/admin/accounts/" + std::to_string(bob_id) + "/action", mod,
         "type=suspend&text=spam");
    REQUIRE(bob.deliver(node, bob.activity("Follow", alice_uri)).status == 202);
    federation.drain_inbox();
    CHECK(followers() == 0);
    CHECK(testing::count(node, "SELECT COUNT(*) FROM inbox_queue") == 0);
    // Remote accounts get no notification (they cannot read one here).
    CHECK(testing::count(node, "SELECT COUNT(*) FROM notifications WHERE type = "
                               "'moderation_warning'") == 0);
    CHECK(testing::count(node, "SELECT COUNT(*) FROM statements") == 1);

    // Unsuspended: heard again.
    call(client, "POST", "/api/v1/admin/accounts/" + std::to_string(bob_id) + "/unsuspend", mod);
    REQUIRE(bob.deliver(node, bob.activity("Follow", alice_uri)).status == 202);
    federation.drain_inbox();
    CHECK(followers() == 1);
}

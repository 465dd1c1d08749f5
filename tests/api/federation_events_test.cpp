// The events local actions leave for federation, field by field: the vocabulary delivery (and the
// other federation workers) read, written in the transaction of each change.
#include "events/event_worker.hpp"
#include "rig/inbox_peer.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"
#include "store/statuses_repo.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::member;

namespace {
struct Written {
    std::string kind;
    json payload;
};

// The events written since the last call (the event worker is stopped: they stay in the table).
struct EventLog {
    testing::TestNode& t;
    std::int64_t after = 0;

    std::vector<Written> next() {
        std::vector<Written> out;
        auto conn = t.node().database().acquire();
        auto st =
            conn->query("SELECT id, kind, payload FROM events WHERE id > ? ORDER BY id", after);
        while (st.step()) {
            after = st.int64(0);
            out.push_back({st.text(1), json::parse(st.text(2))});
        }
        return out;
    }
    // The only event of `kind` written since the last call.
    json only(const std::string& kind) {
        json found;
        int seen = 0;
        for (auto& w : next())
            if (w.kind == kind) {
                found = w.payload;
                ++seen;
            }
        REQUIRE(seen == 1);
        return found;
    }
};

std::int64_t single_int(testing::TestNode& t, const std::string& sql) {
    auto conn = t.node().database().acquire();
    auto st = conn->query(sql);
    REQUIRE(st.step());
    return st.int64(0);
}
} // namespace

TEST_CASE("federation events: following, answering and ending follows",
          "[api][federation_events]") {
    testing::TestNode t;
    t.node().events().stop();
    testing::InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    EventLog log{t};
    auto rob = peer.add_account("rob");
    auto rob_id = std::to_string(rob);
    auto me = alice.created.account.id;

    // A remote account, even unlocked, is asked: a request whose uri is the Follow's id.
    auto rel = call(client, "POST", "/api/v1/accounts/" + rob_id + "/follow", alice);
    CHECK(rel["requested"] == true);
    CHECK(rel["following"] == false);
    auto request_id = single_int(t, "SELECT id FROM follow_requests");
    auto uri = "https://agora.test/users/alice#follows/" + std::to_string(request_id);
    CHECK(log.only("follow.requested") == json{{"request_id", request_id},
                                               {"account_id", me},
                                               {"target_account_id", rob},
                                               {"follow_uri", uri}});
    CHECK(single_int(t, "SELECT COUNT(*) FROM follow_requests WHERE uri = '" + uri + "'") == 1);
    CHECK(single_int(t, "SELECT COUNT(*) FROM follows") == 0);
    CHECK(single_int(t, "SELECT COUNT(*) FROM notifications") == 0);
    // Asking again changes nothing and writes nothing.
    call(client, "POST", "/api/v1/accounts/" + rob_id + "/follow", alice);
    CHECK(log.next().empty());

    call(client, "POST", "/api/v1/accounts/" + rob_id + "/unfollow", alice);
    CHECK(log.only("follow.undone") == json{{"account_id", me},
                                            {"target_account_id", rob},
                                            {"follow_uri", uri},
                                            {"follow_id", request_id}});
    call(client, "POST", "/api/v1/accounts/" + rob_id + "/unfollow", alice); // nothing to undo
    CHECK(log.next().empty());

    // Between local accounts: a follow of an unlocked account, then of a locked one (no uri).
    call(client, "POST", "/api/v1/accounts/" + bob.id() + "/follow", alice);
    CHECK(log.only("follow.created") ==
          json{{"account_id", me}, {"target_account_id", bob.created.account.id}});
    call(client, "PATCH", "/api/v1/accounts/update_credentials", alice, "locked=true");
    log.next();
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", bob);
    auto local_request = log.only("follow.requested");
    CHECK(local_request["follow_uri"].is_null());
    CHECK(local_request["account_id"] == bob.created.account.id);

    // A remote request, as the inbox records it, authorised: the follow keeps the Follow's id.
    {
        auto conn = t.node().database().acquire();
        conn->query("INSERT INTO follow_requests (id, account_id, target_account_id, uri, "
                    "created_at) VALUES (1, ?, ?, 'https://remote.example/f/1', 0)",
                    rob, me)
            .run();
    }
    call(client, "POST", "/api/v1/follow_requests/" + rob_id + "/authorize", alice);
    auto follow_id = single_int(t, "SELECT id FROM follows WHERE account_id = " + rob_id);
    CHECK(log.only("follow.accepted") == json{{"follow_id", follow_id},
                                              {"account_id", rob},
                                              {"target_account_id", me},
                                              {"follow_uri", "https://remote.example/f/1"}});
    CHECK(single_int(t, "SELECT COUNT(*) FROM follows WHERE uri = 'https://remote.example/f/1'") ==
          1);
    call(client, "POST", "/api/v1/accounts/" + rob_id + "/remove_from_followers", alice);
    CHECK(log.only("follow.rejected") == json{{"account_id", rob},
                                              {"target_account_id", me},
                                              {"follow_uri", "https://remote.example/f/1"},
                                              {"follow_id", follow_id}});
    // Rejecting bob's request; then refusals that change nothing write nothing.
    auto bob_request =
        single_int(t, "SELECT id FROM follow_requests WHERE account_id = " + bob.id());
    call(client, "POST", "/api/v1/follow_requests/" + bob.id() + "/reject", alice);
    CHECK(log.only("follow.rejected") == json{{"account_id", bob.created.account.id},
                                              {"target_account_id", me},
                                              {"follow_uri", nullptr},
                                              {"follow_id", bob_request}});
    call(client, "POST", "/api/v1/follow_requests/" + bob.id() + "/reject", alice, "", 404);
    call(client, "POST", "/api/v1/follow_requests/" + rob_id + "/authorize", alice, "", 404);
    call(client, "POST", "/api/v1/accounts/" + rob_id + "/remove_from_followers", alice);
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/remove_from_followers", alice, "",
         403);
    CHECK(log.next().empty());
}

TEST_CASE("federation events: blocks end follows both ways first", "[api][federation_events]") {
    testing::TestNode t;
    t.node().events().stop();
    testing::InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    EventLog log{t};
    auto rob = peer.add_account("rob");
    auto me = alice.created.account.id;
    testing::add_remote_follower(t, rob, me, "https://remote.example/f/2");
    call(client, "POST", "/api/v1/accounts/" + std::to_string(rob) + "/follow", alice);
    auto request_id = single_int(t, "SELECT id FROM follow_requests");
    auto follow_id = single_int(t, "SELECT id FROM follows");
    log.next();

    call(client, "POST", "/api/v1/accounts/" + std::to_string(rob) + "/block", alice);
    auto written = log.next();
    REQUIRE(written.size() == 3);
    CHECK(written[0].kind == "follow.undone");
    CHECK(written[0].payload["follow_id"] == request_id);
    CHECK(written[1].kind == "follow.rejected");
    CHECK(written[1].payload == json{{"account_id", rob},
                                     {"target_account_id", me},
                                     {"follow_uri", "https://remote.example/f/2"},
                                     {"follow_id", follow_id}});
    auto block_id = single_int(t, "SELECT id FROM blocks");
    CHECK(written[2].kind == "block.created");
    CHECK(written[2].payload ==
          json{{"block_id", block_id}, {"account_id", me}, {"target_account_id", rob}});
    call(client, "POST", "/api/v1/accounts/" + std::to_string(rob) + "/block", alice);
    CHECK(log.next().empty()); // already blocked
    call(client, "POST", "/api/v1/accounts/" + std::to_string(rob) + "/unblock", alice);
    CHECK(log.only("block.deleted") ==
          json{{"block_id", block_id}, {"account_id", me}, {"target_account_id", rob}});
    call(client, "POST", "/api/v1/accounts/" + std::to_string(rob) + "/unblock", alice);
    CHECK(log.next().empty());
}

TEST_CASE("federation events: favourites, votes and deletions carry what delivery needs",
          "[api][federation_events]") {
    testing::TestNode t;
    t.node().events().stop();
    testing::InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    EventLog log{t};
    auto me = alice.created.account.id;
    testing::add_remote_follower(t, peer.add_account("ann"), me);
    testing::add_remote_follower(t, peer.add_account("dan", false), me);

    std::string id = call(client, "POST", "/api/v1/statuses", bob,
                          "status=vote&poll[options][]=a&poll[options][]=b&poll[options][]=c"
                          "&poll[expires_in]=3600&poll[multiple]=true")["id"];
    std::string poll = call(client, "GET", "/api/v1/statuses/" + id, bob)["poll"]["id"];
    log.next();
    call(client, "POST", "/api/v1/statuses/" + id + "/favourite", alice);
    auto favourite_id = single_int(t, "SELECT id FROM favourites");
    CHECK(log.only("favourite.created") ==
          json{{"favourite_id", favourite_id}, {"account_id", me}, {"status_id", std::stoll(id)}});
    call(client, "POST", "/api/v1/statuses/" + id + "/unfavourite", alice);
    CHECK(log.only("favourite.deleted") ==
          json{{"favourite_id", favourite_id}, {"account_id", me}, {"status_id", std::stoll(id)}});
    call(client, "POST", "/api/v1/statuses/" + id + "/unfavourite", alice);
    CHECK(log.next().empty());

    call(client, "POST", "/api/v1/polls/" + poll + "/votes", alice, "choices[]=2&choices[]=0");
    auto voted = log.only("poll.voted");
    std::vector<std::int64_t> vote_ids;
    {
        auto conn = t.node().database().acquire();
        auto st = conn->query("SELECT id FROM poll_votes ORDER BY id");
        while (st.step())
            vote_ids.push_back(st.int64(0));
    }
    CHECK(voted["vote_ids"] == json(vote_ids));
    CHECK(voted["poll_id"] == std::stoll(poll));
    CHECK(voted["account_id"] == me);

    // A boost's deletion names the original and the inboxes the boost reached.
    auto boost = call(client, "POST", "/api/v1/statuses/" + id + "/reblog", alice);
    std::string boost_id = boost["id"];
    log.next();
    call(client, "POST", "/api/v1/statuses/" + id + "/unreblog", alice);
    auto unboosted = log.only("status.deleted");
    CHECK(unboosted["status_id"] == std::stoll(boost_id));
    CHECK(unboosted["account_id"] == me);
    CHECK(unboosted["local"] == true);
    CHECK(unboosted["visibility"] == "public");
    CHECK(unboosted["uri"].is_null());
    CHECK(unboosted["reblog_of"] == json{{"status_id", std::stoll(id)},
                                         {"account_id", bob.created.account.id},
                                         {"uri", nullptr}});
    CHECK(unboosted["inboxes"] == json::array({peer.shared_inbox(), peer.actor("dan") + "/inbox"}));
    CHECK(unboosted["created_at"].is_number_integer());

    // An original's deletion: its reach read before the rows went.
    std::string own = call(client, "POST", "/api/v1/statuses", alice, "status=mine")["id"];
    log.next();
    call(client, "DELETE", "/api/v1/statuses/" + own, alice);
    auto deleted = log.only("status.deleted");
    CHECK(deleted["reblog_of"].is_null());
    CHECK(deleted["inboxes"] == json::array({peer.shared_inbox(), peer.actor("dan") + "/inbox"}));
    // Bob has no remote follower: nothing to reach.
    call(client, "DELETE", "/api/v1/statuses/" + id, bob);
    CHECK(log.only("status.deleted")["inboxes"] == json::array());
}

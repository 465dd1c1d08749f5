// Vote counts federated: votes in a member's poll (from members, or from remote actors through the
// inbox) send one Update{Question} per burst, some time after its first vote, with the counts as
// they then stand, to the poll's audience and its remote voters; its end sends a final one.
#include "events/event_worker.hpp"
#include "federation/federation.hpp"
#include "federation/inbox_worker.hpp"
#include "federation/poll_updates.hpp"
#include "rig/delivery_rig.hpp"
#include "rig/eventually.hpp"
#include "rig/inbox_peer.hpp"
#include "rig/member.hpp"
#include "rig/remote_actor.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"
#include "store/polls_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <thread>

using namespace agora;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::call;
using testing::drain_deliveries;
using testing::eventually;
using testing::InboxPeer;
using testing::member;
using testing::ReceivedActivity;

namespace {
const std::string public_collection = "https://www.w3.org/ns/activitystreams#Public";
const std::string alice_uri = "https://agora.test/users/alice";

federation::Federation& federation_of(testing::TestNode& t) {
    return federation::Federation::of(t.node());
}

// alice's poll (tea, coffee, water; several choices when `multiple`), as the API answered it.
json post_poll(httplib::Client& client, const testing::Member& alice,
               const std::string& visibility = "public", bool multiple = false) {
    return call(client, "POST", "/api/v1/statuses", alice,
                "status=Which%3F&visibility=" + visibility +
                    "&poll%5Boptions%5D%5B%5D=tea&poll%5Boptions%5D%5B%5D=coffee"
                    "&poll%5Boptions%5D%5B%5D=water&poll%5Bexpires_in%5D=600" +
                    (multiple ? "&poll%5Bmultiple%5D=true" : ""));
}

void vote(httplib::Client& client, const testing::Member& who, const json& status,
          const std::string& choices) {
    call(client, "POST", "/api/v1/polls/" + status["poll"]["id"].get<std::string>() + "/votes", who,
         choices);
}

std::vector<std::int64_t> counts_of(const json& question) {
    std::vector<std::int64_t> out;
    for (const auto& option : question.at(question.contains("anyOf") ? "anyOf" : "oneOf"))
        out.push_back(option.at("replies").at("totalItems"));
    return out;
}

} // namespace

TEST_CASE("poll updates: a burst of votes, local and remote, sends one Update with the counts",
          "[integration][delivery][polls]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    federation_of(t).inbox().pause(true);
    InboxPeer peer(t), other(t);
    testing::RemoteActor rob(peer.peer(), "rob"); // a voter from the follower's server
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto client = t.client();
    testing::add_remote_follower(t, peer.add_account("ann"), alice.created.account.id);
    other.add_account("dan"); // not a follower, not a voter: nothing for him
    auto status = post_poll(client, alice);
    federation_of(t).drain_deliveries();
    REQUIRE(peer.received("Create").size() == 1);
    auto created = peer.received("Create")[0].activity;

    vote(client, bob, status, "choices[]=0");
    vote(client, carol, status, "choices[]=1");
    json note = {{"id", rob.id() + "#votes/1"}, {"type", "Note"},  {"name", "tea"},
                 {"attributedTo", rob.id()},    {"to", alice_uri}, {"inReplyTo", status["uri"]}};
    REQUIRE(rob.deliver(t, rob.activity("Create", note)).status == 202);
    REQUIRE(federation_of(t).drain_inbox() == 1);
    auto poll_id = std::stoll(status["poll"]["id"].get<std::string>());
    {
        auto conn = t.node().database().acquire();
        REQUIRE(store::find_poll(*conn, poll_id)->voters_count == 3);
    }
    // Debounced: the votes are read, the Update waits for its delay (three minutes here).
    federation_of(t).drain_deliveries();
    CHECK(peer.received("Update").empty());
    CHECK(federation_of(t).poll_updates().pending() == 1);

    federation_of(t).poll_updates().drain();
    federation_of(t).drain_deliveries();
    auto updates = peer.received("Update");
    REQUIRE(updates.size() == 1); // ann and rob share the peer's inbox: one POST
    CHECK(updates[0].path == "/inbox");
    CHECK(other.received().empty());
    const auto& update = updates[0].activity;
    INFO(update.dump());
    CHECK(updates[0].signature_ok);
    CHECK(updates[0].key_id == alice_uri + "#main-key");
    CHECK(update["actor"] == alice_uri);
    CHECK(update["id"].get<std::string>().starts_with(status["uri"].get<std::string>() +
                                                      "#updates/votes/"));
    CHECK(update["to"] == created["to"]);
    CHECK(update["cc"] == created["cc"]);
    CHECK(update["to"] == json::array({public_collection}));
    CHECK(update["object"]["id"] == status["uri"]);
    CHECK(update["object"]["type"] == "Question");
    CHECK(counts_of(update["object"]) == std::vector<std::int64_t>{2, 1, 0});
    CHECK(update["object"]["votersCount"] == 3);
    CHECK_FALSE(update["object"].contains("closed"));

    // Nothing more without new votes.
    federation_of(t).poll_updates().drain();
    federation_of(t).drain_deliveries();
    CHECK(peer.received("Update").size() == 1);
}

TEST_CASE("poll updates: the Update goes after the delay, once per burst",
          "[integration][delivery][polls]") {
    testing::TestNode t(testing::loopback_federation());
    federation_of(t).poll_updates().set_delay(1500ms);
    InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto dave = member(t, "dave");
    auto client = t.client();
    testing::add_remote_follower(t, peer.add_account("ann"), alice.created.account.id);
    auto status = post_poll(client, alice, "public", true);
    REQUIRE(eventually([&] { return peer.received("Create").size() == 1; }));

    auto first_vote = std::chrono::steady_clock::now();
    vote(client, bob, status, "choices[]=0&choices[]=2");
    vote(client, carol, status, "choices[]=2");
    vote(client, dave, status, "choices[]=1");
    REQUIRE(eventually([&] { return !peer.received("Update").empty(); }));
    CHECK(std::chrono::steady_clock::now() - first_vote >= 1500ms);
    std::this_thread::sleep_for(1000ms); // no second Update for the same burst
    auto updates = peer.received("Update");
    REQUIRE(updates.size() == 1);
    CHECK(counts_of(updates[0].activity["object"]) == std::vector<std::int64_t>{1, 1, 2});
    CHECK(updates[0].activity["object"]["votersCount"] == 3);

    // A later vote starts another burst: another Update, with it counted.
    vote(client, member(t, "erin"), status, "choices[]=0");
    REQUIRE(eventually([&] { return peer.received("Update").size() == 2; }));
    CHECK(counts_of(peer.received("Update")[1].activity["object"]) ==
          std::vector<std::int64_t>{2, 1, 2});
    CHECK(peer.received("Update")[1].activity["id"] != updates[0].activity["id"]);
}

TEST_CASE("poll updates: the end of the poll sends a final Update, closed, with the counts",
          "[integration][delivery][polls]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    testing::add_remote_follower(t, peer.add_account("ann"), alice.created.account.id);
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", bob);
    auto status = post_poll(client, alice, "private");
    vote(client, bob, status, "choices[]=2");
    federation_of(t).drain_deliveries();
    CHECK(federation_of(t).poll_updates().pending() == 1);
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE polls SET expires_at = ? WHERE id = ?", now_unix_ms() - 1000,
                    std::int64_t(std::stoll(status["poll"]["id"].get<std::string>())))
            .run();
    }
    t.expire_polls();
    federation_of(t).drain_deliveries();
    auto updates = peer.received("Update");
    REQUIRE(updates.size() == 1);
    const auto& update = updates[0].activity;
    INFO(update.dump());
    CHECK(update["object"]["type"] == "Question");
    CHECK(update["object"]["closed"].is_string());
    CHECK(counts_of(update["object"]) == std::vector<std::int64_t>{0, 0, 1});
    CHECK(update["object"]["votersCount"] == 1);
    // Followers-only: addressed as its Create, to the followers.
    CHECK(update["to"] == json::array({alice_uri + "/followers"}));
    // The debounced one, due later, is not sent on top of it: the poll has ended.
    federation_of(t).poll_updates().drain();
    federation_of(t).drain_deliveries();
    CHECK(peer.received("Update").size() == 1);
}

TEST_CASE("poll updates: votes in a remote poll, and the end of one, send no Update",
          "[integration][delivery][polls]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    auto rob = peer.add_account("rob");
    testing::add_remote_follower(t, rob, alice.created.account.id);
    Status s;
    s.id = next_id();
    s.account_id = rob;
    s.uri = peer.actor("rob") + "/statuses/1";
    s.local = false;
    s.visibility = Visibility::public_;
    s.content = "<p>which?</p>";
    s.created_at = id_time_ms(s.id);
    Poll poll;
    poll.id = next_id();
    poll.status_id = s.id;
    poll.options = {"yes", "no"};
    poll.expires_at = now_unix_ms() + 3600'000;
    poll.created_at = now_unix_ms();
    {
        auto conn = t.node().database().acquire();
        store::insert_status(*conn, s);
        store::insert_poll(*conn, poll);
    }
    call(client, "POST", "/api/v1/polls/" + std::to_string(poll.id) + "/votes", alice,
         "choices[]=0");
    federation_of(t).drain_deliveries();
    CHECK(federation_of(t).poll_updates().pending() == 0);
    CHECK(peer.received("Create").size() == 1); // the vote itself
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE polls SET expires_at = ? WHERE id = ?", now_unix_ms() - 1000, poll.id)
            .run();
    }
    t.expire_polls();
    federation_of(t).drain_deliveries();
    CHECK(peer.received("Update").empty());
}

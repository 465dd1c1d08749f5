// Delivery end to end: members act through the client API, remote instances (loopback peers)
// receive exactly the activities Mastodon would send, once per inbox, each signed by the acting
// account; failures are retried, refused, held and revived as documented, and a restart loses
// nothing.
#include "events/event_worker.hpp"
#include "federation/federation.hpp"
#include "rig/delivery_rig.hpp"
#include "rig/eventually.hpp"
#include "rig/inbox_peer.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/deliveries_repo.hpp"
#include "store/events_repo.hpp"
#include "store/polls_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <thread>

using namespace agora;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::call;
using testing::drain_deliveries;
using testing::eventually;
using testing::InboxPeer;
using testing::Member;
using testing::member;
using testing::ReceivedActivity;

namespace {
const std::string public_collection = "https://www.w3.org/ns/activitystreams#Public";

std::int64_t pending_deliveries(testing::TestNode& t) {
    auto conn = t.node().database().acquire();
    auto st = conn->query("SELECT COUNT(*) FROM deliveries");
    st.step();
    return st.int64(0);
}

std::string actor_of(const Member& m) {
    return "https://agora.test/users/" + m.created.account.username;
}

// Every activity received is signed by `who`, and its actor is `who`.
void check_signed_by(const std::vector<ReceivedActivity>& received, const Member& who) {
    for (const auto& r : received) {
        INFO(r.activity.dump());
        CHECK(r.signature_ok);
        CHECK(r.problem.empty());
        CHECK(r.key_id == actor_of(who) + "#main-key");
        CHECK(r.activity["actor"] == actor_of(who));
        CHECK(r.content_type == "application/activity+json");
        CHECK(r.activity.contains("@context"));
    }
}

std::int64_t add_remote_status(testing::TestNode& t, std::int64_t author, const std::string& uri,
                               Visibility visibility = Visibility::public_) {
    Status s;
    s.id = next_id();
    s.account_id = author;
    s.uri = uri;
    s.url = uri;
    s.local = false;
    s.visibility = visibility;
    s.content = "<p>from afar</p>";
    s.created_at = id_time_ms(s.id);
    auto conn = t.node().database().acquire();
    store::insert_status(*conn, s);
    return s.id;
}

void run(testing::TestNode& t, const std::string& sql) {
    auto conn = t.node().database().acquire();
    conn->exec(sql);
}
} // namespace

TEST_CASE("delivery: a public post reaches each inbox once, signed by its author",
          "[integration][delivery]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer one(t), two(t);
    auto alice = member(t, "alice");
    auto bob = member(t, "bob"); // a local follower: nothing over HTTP for him
    auto client = t.client();
    // Three followers share one.example's inbox, one has only its own; two.example has one
    // follower and a mentioned account, behind one shared inbox.
    for (auto name : {"ann", "ben", "cat"})
        testing::add_remote_follower(t, one.add_account(name), alice.created.account.id);
    testing::add_remote_follower(t, one.add_account("dan", false), alice.created.account.id);
    testing::add_remote_follower(t, two.add_account("eve"), alice.created.account.id);
    auto fay = two.add_account("fay");
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", bob);

    auto posted = call(client, "POST", "/api/v1/statuses", alice, "status=Hello+world&language=en");
    std::string id = posted["id"];
    {
        auto conn = t.node().database().acquire();
        store::insert_mention(*conn, std::stoll(id), fay);
    }
    drain_deliveries(t);

    auto first = one.received();
    auto second = two.received();
    CHECK(testing::inbox_paths(first) == std::vector<std::string>{"/inbox", "/users/dan/inbox"});
    CHECK(testing::inbox_paths(second) == std::vector<std::string>{"/inbox"});
    check_signed_by(first, alice);
    check_signed_by(second, alice);
    auto note_id = "https://agora.test/users/alice/statuses/" + id;
    for (const auto& r : {first[0], first[1], second[0]}) {
        const auto& a = r.activity;
        CHECK(a["type"] == "Create");
        CHECK(a["id"] == note_id + "/activity");
        CHECK(a["to"] == json::array({public_collection}));
        CHECK(a["object"]["id"] == note_id);
        CHECK(a["object"]["type"] == "Note");
        CHECK(a["object"]["content"] == "<p>Hello world</p>");
        CHECK(a["object"]["contentMap"]["en"] == "<p>Hello world</p>");
        CHECK(a["object"]["cc"] ==
              json::array({"https://agora.test/users/alice/followers", two.actor("fay")}));
    }
    CHECK(pending_deliveries(t) == 0);

    // Nothing more comes: each event was turned into deliveries once.
    drain_deliveries(t);
    CHECK(one.received().size() == 2);
    CHECK(two.received().size() == 1);
}

TEST_CASE("delivery: edits, deletes and direct posts go where the status went",
          "[integration][delivery]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    testing::add_remote_follower(t, peer.add_account("ann"), alice.created.account.id);
    auto bea = peer.add_account("bea", false); // not a follower

    std::string id = call(client, "POST", "/api/v1/statuses", alice, "status=first")["id"];
    drain_deliveries(t);
    call(client, "PUT", "/api/v1/statuses/" + id, alice, "status=second");
    drain_deliveries(t);
    call(client, "DELETE", "/api/v1/statuses/" + id, alice);
    drain_deliveries(t);
    auto received = peer.received();
    REQUIRE(received.size() == 3);
    check_signed_by(received, alice);
    auto uri = "https://agora.test/users/alice/statuses/" + id;
    std::vector<std::string> types;
    for (const auto& r : received)
        types.push_back(r.activity["type"]);
    CHECK(types == std::vector<std::string>{"Create", "Update", "Delete"});
    CHECK(received[1].activity["object"]["content"] == "<p>second</p>");
    CHECK(received[1].activity["object"].contains("updated"));
    CHECK(received[1].activity["id"].get<std::string>().starts_with(uri + "#updates/"));
    CHECK(received[2].activity["id"] == uri + "#delete");
    CHECK(received[2].activity["object"] == json{{"id", uri}, {"type", "Tombstone"}});
    CHECK(received[2].activity["to"] == json::array({public_collection}));

    // Deleted before its Create went out: the Create is not sent (the status is gone when its
    // event is read), the Delete is.
    std::string brief = call(client, "POST", "/api/v1/statuses", alice, "status=oops")["id"];
    call(client, "DELETE", "/api/v1/statuses/" + brief, alice);
    drain_deliveries(t);
    received = peer.received();
    REQUIRE(received.size() == 4);
    CHECK(received[3].activity["type"] == "Delete");
    CHECK(received[3].activity["object"]["id"] ==
          "https://agora.test/users/alice/statuses/" + brief);

    // A direct post reaches the mentioned only, at their own inbox when they have no shared one.
    std::string direct =
        call(client, "POST", "/api/v1/statuses", alice, "status=psst&visibility=direct")["id"];
    {
        auto conn = t.node().database().acquire();
        store::insert_mention(*conn, std::stoll(direct), bea);
    }
    drain_deliveries(t);
    received = peer.received();
    REQUIRE(received.size() == 5);
    CHECK(received[4].path == "/users/bea/inbox");
    CHECK(received[4].activity["object"]["to"] == json::array({peer.actor("bea")}));
    CHECK(received[4].activity["object"]["cc"] == json::array());
}

TEST_CASE("delivery: boosts and favourites of a remote status, and their undoing",
          "[integration][delivery]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer author_home(t), follower_home(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    auto rob = author_home.add_account("rob");
    testing::add_remote_follower(t, follower_home.add_account("fan"), alice.created.account.id);
    auto note = author_home.actor("rob") + "/statuses/1";
    auto status = std::to_string(add_remote_status(t, rob, note));

    auto boost = call(client, "POST", "/api/v1/statuses/" + status + "/reblog", alice);
    std::string boost_id = boost["id"];
    drain_deliveries(t);
    auto announce_id = "https://agora.test/users/alice/statuses/" + boost_id + "/activity";
    for (auto* peer : {&author_home, &follower_home}) {
        auto received = peer->received();
        REQUIRE(received.size() == 1);
        CHECK(received[0].path == "/inbox");
        check_signed_by(received, alice);
        const auto& a = received[0].activity;
        CHECK(a["type"] == "Announce");
        CHECK(a["id"] == announce_id);
        CHECK(a["object"] == note);
        CHECK(a["to"] == json::array({public_collection}));
        CHECK(a["cc"] ==
              json::array({author_home.actor("rob"), "https://agora.test/users/alice/followers"}));
    }

    call(client, "POST", "/api/v1/statuses/" + status + "/unreblog", alice);
    drain_deliveries(t);
    for (auto* peer : {&author_home, &follower_home}) {
        auto undo = peer->received("Undo");
        REQUIRE(undo.size() == 1);
        check_signed_by(undo, alice);
        CHECK(undo[0].activity["id"] ==
              "https://agora.test/users/alice#announces/" + boost_id + "/undo");
        CHECK(undo[0].activity["object"]["type"] == "Announce");
        CHECK(undo[0].activity["object"]["id"] == announce_id);
        CHECK(undo[0].activity["object"]["object"] == note);
    }

    // A like goes to the author's own inbox only, and so does its undoing.
    call(client, "POST", "/api/v1/statuses/" + status + "/favourite", alice);
    call(client, "POST", "/api/v1/statuses/" + status + "/favourite", alice); // once is enough
    call(client, "POST", "/api/v1/statuses/" + status + "/unfavourite", alice);
    drain_deliveries(t);
    auto likes = author_home.received("Like");
    auto undos = author_home.received("Undo");
    REQUIRE(likes.size() == 1);
    REQUIRE(undos.size() == 2);
    check_signed_by(likes, alice);
    check_signed_by(undos, alice);
    CHECK(likes[0].path == "/users/rob/inbox");
    CHECK(likes[0].activity["object"] == note);
    auto like_id = likes[0].activity["id"].get<std::string>();
    CHECK(like_id.starts_with("https://agora.test/users/alice#likes/"));
    CHECK(undos[1].path == "/users/rob/inbox");
    CHECK(undos[1].activity["id"] == like_id + "/undo");
    CHECK(undos[1].activity["object"]["id"] == like_id);
    CHECK(follower_home.received().size() == 2); // the Announce and its Undo, nothing more
}

TEST_CASE("delivery: following a remote account asks it, and unfollowing undoes the Follow",
          "[integration][delivery]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    auto rob = std::to_string(peer.add_account("rob")); // not locked: asked all the same

    auto relationship = call(client, "POST", "/api/v1/accounts/" + rob + "/follow", alice);
    CHECK(relationship["following"] == false);
    CHECK(relationship["requested"] == true);
    CHECK(count(t, "SELECT COUNT(*) FROM follows") == 0);
    std::int64_t request_id = 0;
    std::string uri;
    {
        auto conn = t.node().database().acquire();
        auto st = conn->query("SELECT id, uri FROM follow_requests");
        REQUIRE(st.step());
        request_id = st.int64(0);
        uri = st.text(1);
    }
    CHECK(uri == "https://agora.test/users/alice#follows/" + std::to_string(request_id));
    drain_deliveries(t);
    auto follows = peer.received("Follow");
    REQUIRE(follows.size() == 1);
    check_signed_by(follows, alice);
    CHECK(follows[0].path == "/users/rob/inbox");
    CHECK(follows[0].activity["id"] == uri);
    CHECK(follows[0].activity["object"] == peer.actor("rob"));

    // Withdrawn before an answer: Undo of that Follow.
    call(client, "POST", "/api/v1/accounts/" + rob + "/unfollow", alice);
    drain_deliveries(t);
    auto undos = peer.received("Undo");
    REQUIRE(undos.size() == 1);
    check_signed_by(undos, alice);
    CHECK(undos[0].path == "/users/rob/inbox");
    CHECK(undos[0].activity["object"]["type"] == "Follow");
    CHECK(undos[0].activity["object"]["id"] == uri);
    CHECK(undos[0].activity["object"]["object"] == peer.actor("rob"));

    // Accepted (as the inbox would record it), then unfollowed: Undo of the accepted Follow.
    {
        auto conn = t.node().database().acquire();
        auto id = next_id();
        store::insert_follow(*conn, id, alice.created.account.id, std::stoll(rob), id_time_ms(id),
                             uri);
    }
    call(client, "POST", "/api/v1/accounts/" + rob + "/unfollow", alice);
    drain_deliveries(t);
    undos = peer.received("Undo");
    REQUIRE(undos.size() == 2);
    CHECK(undos[1].activity["object"]["id"] == uri);
    CHECK(peer.received().size() == 3);
}

TEST_CASE("delivery: a local account accepts, rejects and removes remote followers",
          "[integration][delivery]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    call(client, "PATCH", "/api/v1/accounts/update_credentials", alice, "locked=true");
    drain_deliveries(t); // nobody follows alice yet: her Update goes nowhere
    auto ann = peer.add_account("ann");
    auto ben = peer.add_account("ben");
    {
        auto conn = t.node().database().acquire();
        for (auto [who, name] : {std::pair{ann, "ann"}, std::pair{ben, "ben"}})
            conn->query("INSERT INTO follow_requests (id, account_id, target_account_id, uri, "
                        "created_at) VALUES (?, ?, ?, ?, ?)",
                        next_id(), who, alice.created.account.id, peer.actor(name) + "/follows/1",
                        now_unix_ms())
                .run();
    }
    auto accepted = call(client, "POST",
                         "/api/v1/follow_requests/" + std::to_string(ann) + "/authorize", alice);
    CHECK(accepted["followed_by"] == true);
    call(client, "POST", "/api/v1/follow_requests/" + std::to_string(ben) + "/reject", alice);
    drain_deliveries(t);
    auto accepts = peer.received("Accept");
    auto rejects = peer.received("Reject");
    REQUIRE(accepts.size() == 1);
    REQUIRE(rejects.size() == 1);
    check_signed_by(accepts, alice);
    check_signed_by(rejects, alice);
    CHECK(accepts[0].path == "/users/ann/inbox");
    CHECK(accepts[0].activity["object"] == json{{"id", peer.actor("ann") + "/follows/1"},
                                                {"type", "Follow"},
                                                {"actor", peer.actor("ann")},
                                                {"object", actor_of(alice)}});
    CHECK(rejects[0].path == "/users/ben/inbox");
    CHECK(rejects[0].activity["object"]["id"] == peer.actor("ben") + "/follows/1");
    // The follow keeps the Follow's id: removing the follower rejects that Follow.
    CHECK(count(t, "SELECT COUNT(*) FROM follows WHERE uri = '" + peer.actor("ann") +
                       "/follows/1'") == 1);
    auto removed =
        call(client, "POST", "/api/v1/accounts/" + std::to_string(ann) + "/remove_from_followers",
             alice);
    CHECK(removed["followed_by"] == false);
    drain_deliveries(t);
    rejects = peer.received("Reject");
    REQUIRE(rejects.size() == 2);
    CHECK(rejects[1].path == "/users/ann/inbox");
    CHECK(rejects[1].activity["object"]["id"] == peer.actor("ann") + "/follows/1");
    CHECK(rejects[1].activity["id"] != rejects[0].activity["id"]);
    // Removing someone who does not follow changes nothing and sends nothing.
    call(client, "POST", "/api/v1/accounts/" + std::to_string(ann) + "/remove_from_followers",
         alice);
    call(client, "POST", "/api/v1/accounts/999/remove_from_followers", alice, "", 404);
    drain_deliveries(t);
    CHECK(peer.received().size() == 3);
}

TEST_CASE("delivery: blocking a remote account ends follows both ways, then Block and its Undo",
          "[integration][delivery]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    auto rob = peer.add_account("rob");
    testing::add_remote_follower(t, rob, alice.created.account.id, peer.actor("rob") + "#f/1");
    {
        auto conn = t.node().database().acquire();
        auto id = next_id();
        store::insert_follow(*conn, id, alice.created.account.id, rob, id_time_ms(id),
                             "https://agora.test/users/alice#follows/7");
    }
    call(client, "POST", "/api/v1/accounts/" + std::to_string(rob) + "/block", alice);
    call(client, "POST", "/api/v1/accounts/" + std::to_string(rob) + "/block", alice); // once
    drain_deliveries(t);
    // Sent side by side (their order on arrival is not guaranteed, as on Mastodon).
    auto received = peer.received();
    check_signed_by(received, alice);
    std::multiset<std::string> types;
    for (const auto& r : received) {
        types.insert(r.activity["type"].get<std::string>());
        CHECK(r.path == "/users/rob/inbox");
    }
    CHECK(types == std::multiset<std::string>{"Undo", "Reject", "Block"});
    REQUIRE(peer.received("Undo").size() == 1);
    REQUIRE(peer.received("Reject").size() == 1);
    REQUIRE(peer.received("Block").size() == 1);
    CHECK(peer.received("Undo")[0].activity["object"]["id"] ==
          "https://agora.test/users/alice#follows/7");
    CHECK(peer.received("Reject")[0].activity["object"]["id"] == peer.actor("rob") + "#f/1");
    auto block = peer.received("Block")[0].activity;
    CHECK(block["object"] == peer.actor("rob"));
    auto block_id = block["id"].get<std::string>();
    CHECK(block_id.starts_with("https://agora.test/users/alice#blocks/"));
    CHECK(count(t, "SELECT COUNT(*) FROM follows") == 0);

    call(client, "POST", "/api/v1/accounts/" + std::to_string(rob) + "/unblock", alice);
    call(client, "POST", "/api/v1/accounts/" + std::to_string(rob) + "/unblock", alice); // once
    drain_deliveries(t);
    auto undos = peer.received("Undo");
    REQUIRE(undos.size() == 2);
    CHECK(undos[1].activity["id"] == block_id + "/undo");
    CHECK(undos[1].activity["object"]["id"] == block_id);
    CHECK(undos[1].activity["object"]["type"] == "Block");
    CHECK(peer.received().size() == 4);
}

TEST_CASE("delivery: votes in a remote poll go to its author as Mastodon sends them",
          "[integration][delivery]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    auto rob = peer.add_account("rob");
    auto question = peer.actor("rob") + "/statuses/9";
    auto status = add_remote_status(t, rob, question);
    Poll poll;
    poll.id = next_id();
    poll.status_id = status;
    poll.options = {"tea", "coffee", "water"};
    poll.multiple = true;
    poll.expires_at = now_unix_ms() + 3600'000;
    poll.created_at = now_unix_ms();
    {
        auto conn = t.node().database().acquire();
        store::insert_poll(*conn, poll);
    }
    call(client, "POST", "/api/v1/polls/" + std::to_string(poll.id) + "/votes", alice,
         "choices[]=0&choices[]=2");
    drain_deliveries(t);
    auto votes = peer.received("Create");
    REQUIRE(votes.size() == 2);
    check_signed_by(votes, alice);
    std::set<std::string> names;
    for (const auto& v : votes) {
        CHECK(v.path == "/users/rob/inbox");
        CHECK(v.activity["to"] == peer.actor("rob"));
        CHECK(v.activity["object"]["inReplyTo"] == question);
        CHECK(v.activity["object"]["attributedTo"] == actor_of(alice));
        names.insert(v.activity["object"]["name"]);
    }
    CHECK(names == std::set<std::string>{"tea", "water"});
}

TEST_CASE("delivery: a profile update goes to the followers' inboxes", "[integration][delivery]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer one(t), two(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    testing::add_remote_follower(t, one.add_account("ann"), alice.created.account.id);
    testing::add_remote_follower(t, one.add_account("ben"), alice.created.account.id);
    testing::add_remote_follower(t, two.add_account("cat", false), alice.created.account.id);
    two.add_account("dan"); // not a follower
    call(client, "PATCH", "/api/v1/accounts/update_credentials", alice,
         "display_name=Alice+Liddell");
    drain_deliveries(t);
    auto first = one.received();
    auto second = two.received();
    CHECK(testing::inbox_paths(first) == std::vector<std::string>{"/inbox"});
    CHECK(testing::inbox_paths(second) == std::vector<std::string>{"/users/cat/inbox"});
    check_signed_by(first, alice);
    check_signed_by(second, alice);
    for (const auto& r : {first[0], second[0]}) {
        CHECK(r.activity["type"] == "Update");
        CHECK(r.activity["object"]["id"] == actor_of(alice));
        CHECK(r.activity["object"]["type"] == "Person");
        CHECK(r.activity["object"]["name"] == "Alice Liddell");
        CHECK(r.activity["to"] == json::array({public_collection}));
    }
}

TEST_CASE("delivery: what concerns local accounts only, and remote accounts' events, send nothing",
          "[integration][delivery]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    auto rob = peer.add_account("rob"); // known, but in no relation with anyone here
    call(client, "POST", "/api/v1/accounts/" + bob.id() + "/follow", alice);
    std::string id = call(client, "POST", "/api/v1/statuses", bob, "status=local")["id"];
    call(client, "POST", "/api/v1/statuses/" + id + "/favourite", alice);
    call(client, "POST", "/api/v1/statuses/" + id + "/reblog", alice);
    call(client, "POST", "/api/v1/accounts/" + bob.id() + "/block", alice);
    call(client, "PATCH", "/api/v1/accounts/update_credentials", bob, "display_name=Bob");
    // A remote status, as the inbox writes it: its event is read, and ignored.
    auto remote = add_remote_status(t, rob, peer.actor("rob") + "/statuses/5");
    {
        auto conn = t.node().database().acquire();
        store::insert_event(*conn, "status.created", json{{"status_id", remote}}.dump());
        store::insert_event(
            *conn, "favourite.created",
            json{{"favourite_id", 1}, {"account_id", rob}, {"status_id", remote}}.dump());
        store::insert_event(*conn, "block.created",
                            json{{"block_id", 1},
                                 {"account_id", rob},
                                 {"target_account_id", alice.created.account.id}}
                                .dump());
    }
    drain_deliveries(t);
    CHECK(count(t, "SELECT COUNT(*) FROM event_consumers WHERE name = 'delivery' AND position > "
                   "0") == 1); // they were read
    CHECK(pending_deliveries(t) == 0);
    CHECK(peer.received().empty());
}

TEST_CASE("delivery: unreadable events and unusable inboxes queue nothing",
          "[integration][delivery]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    auto odd = peer.add_account("odd", false);
    auto self = peer.add_account("self", false);
    auto none = peer.add_account("none", false);
    for (auto id : {odd, self, none})
        testing::add_remote_follower(t, id, alice.created.account.id);
    run(t, "UPDATE accounts SET inbox_url = 'javascript:alert(1)' WHERE username = 'odd'");
    run(t, "UPDATE accounts SET inbox_url = 'https://agora.test/inbox' WHERE username = 'self'");
    run(t, "UPDATE accounts SET inbox_url = NULL WHERE username = 'none'");
    {
        auto conn = t.node().database().acquire();
        for (auto [kind, payload] : std::vector<std::pair<std::string, std::string>>{
                 {"status.created", "not json"},
                 {"status.created", "[1, 2]"},
                 {"status.created", R"({"status_id": "12"})"},
                 {"status.deleted", R"({"status_id": 1, "account_id": 1, "local": true,
                                        "inboxes": "https://x.example/inbox"})"},
                 {"status.deleted", R"({"local": true, "inboxes": [1, 2]})"},
                 {"follow.requested", R"({"account_id": null, "target_account_id": []})"},
                 {"follow.accepted", "{}"},
                 {"favourite.created", R"({"status_id": 99999})"},
                 {"poll.voted", R"({"poll_id": 1, "account_id": 1, "choices": "all"})"},
                 {"account.updated", R"({"account_id": 123456789})"},
                 {"no.such.kind", "{}"},
             })
            store::insert_event(*conn, kind, payload);
    }
    call(client, "POST", "/api/v1/statuses", alice, "status=hi");
    drain_deliveries(t);
    CHECK(pending_deliveries(t) == 0);
    CHECK(peer.received().empty());
    // The events after them were read all the same: a follower with a good inbox gets the next.
    testing::add_remote_follower(t, peer.add_account("good"), alice.created.account.id);
    call(client, "POST", "/api/v1/statuses", alice, "status=again");
    drain_deliveries(t);
    CHECK(peer.received().size() == 1);
}

TEST_CASE("delivery: a 5xx is retried with back-off, a 4xx is dropped", "[integration][delivery]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    testing::add_remote_follower(t, peer.add_account("ann"), alice.created.account.id);
    peer.answer({500});
    auto before = now_unix_ms();
    call(client, "POST", "/api/v1/statuses", alice, "status=one");
    drain_deliveries(t);
    REQUIRE(peer.received().size() == 1);
    {
        auto conn = t.node().database().acquire();
        auto rows = store::list_deliveries(*conn);
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].attempts == 1);
        CHECK(rows[0].last_error == "HTTP 500");
        CHECK(rows[0].domain == peer.authority());
        // One minute, give or take a quarter.
        CHECK(rows[0].next_attempt_at >= before + 45'000);
        CHECK(rows[0].next_attempt_at <= now_unix_ms() + 75'000);
        auto health = store::find_domain_health(*conn, peer.authority());
        REQUIRE(health);
        CHECK(health->consecutive_failures == 1);
        CHECK_FALSE(health->unreachable_since);
    }
    // Not due yet: draining sends nothing.
    drain_deliveries(t);
    CHECK(peer.received().size() == 1);
    // Due again, failing again: two minutes, give or take a quarter.
    run(t, "UPDATE deliveries SET next_attempt_at = 0");
    before = now_unix_ms();
    drain_deliveries(t);
    CHECK(peer.received().size() == 2);
    {
        auto conn = t.node().database().acquire();
        auto rows = store::list_deliveries(*conn);
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].attempts == 2);
        CHECK(rows[0].next_attempt_at >= before + 90'000);
        CHECK(rows[0].next_attempt_at <= now_unix_ms() + 150'000);
    }
    // 429 with Retry-After: no sooner than asked.
    peer.answer({429, 0ms, {{"Retry-After", "3600"}}});
    run(t, "UPDATE deliveries SET next_attempt_at = 0");
    before = now_unix_ms();
    drain_deliveries(t);
    {
        auto conn = t.node().database().acquire();
        auto rows = store::list_deliveries(*conn);
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].attempts == 3);
        CHECK(rows[0].next_attempt_at >= before + 3600'000);
        // A 429 is an answer: the domain is not failing.
        CHECK(store::find_domain_health(*conn, peer.authority())->consecutive_failures == 0);
    }
    // Then it works: delivered, the row goes.
    peer.answer({202});
    run(t, "UPDATE deliveries SET next_attempt_at = 0");
    drain_deliveries(t);
    CHECK(peer.received().size() == 4);
    CHECK(pending_deliveries(t) == 0);
    auto received = peer.received();
    check_signed_by(received, alice);
    for (const auto& r : received)
        CHECK(r.activity == received[0].activity); // the same activity each time

    // 410 and 404: refused for good after one attempt.
    for (int status : {410, 404}) {
        peer.answer({status});
        auto sent = peer.received().size();
        call(client, "POST", "/api/v1/statuses", alice, "status=gone");
        drain_deliveries(t);
        run(t, "UPDATE deliveries SET next_attempt_at = 0");
        drain_deliveries(t);
        CHECK(peer.received().size() == sent + 1);
        CHECK(pending_deliveries(t) == 0);
    }
}

TEST_CASE("delivery: a delivery failing past the retry window is given up",
          "[integration][delivery]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    testing::add_remote_follower(t, peer.add_account("ann"), alice.created.account.id);
    peer.answer({503});
    call(client, "POST", "/api/v1/statuses", alice, "status=old");
    drain_deliveries(t);
    REQUIRE(pending_deliveries(t) == 1);
    // Made 72 hours less a minute old: the next wait (two minutes, give or take a quarter) would
    // end past 72 hours, so the next failure gives up.
    run(t, "UPDATE deliveries SET next_attempt_at = 0, created_at = created_at - " +
               std::to_string(72LL * 3600 * 1000 - 60'000));
    drain_deliveries(t);
    CHECK(peer.received().size() == 2);
    CHECK(pending_deliveries(t) == 0);
}

TEST_CASE("delivery: a domain failing in a row is held, probed one at a time, and revived",
          "[integration][delivery]") {
    testing::TestNode t(testing::loopback_federation(
        [](Config& c) { c.federation.delivery_unreachable_after = 2; }));
    t.node().events().stop();
    InboxPeer dead(t), live(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    testing::add_remote_follower(t, dead.add_account("ann"), alice.created.account.id);
    testing::add_remote_follower(t, live.add_account("bob"), alice.created.account.id);
    dead.answer({502});
    call(client, "POST", "/api/v1/statuses", alice, "status=one");
    drain_deliveries(t);
    run(t, "UPDATE deliveries SET next_attempt_at = 0");
    drain_deliveries(t);
    CHECK(dead.received().size() == 2);
    {
        auto conn = t.node().database().acquire();
        auto health = store::find_domain_health(*conn, dead.authority());
        REQUIRE(health);
        CHECK(health->consecutive_failures == 2);
        REQUIRE(health->unreachable_since);
        REQUIRE(health->next_probe_at);
        CHECK(*health->next_probe_at > now_unix_ms() + 500'000); // ten minutes
    }
    // Held: new deliveries wait, even when due; the live domain gets everything at once.
    for (auto text : {"two", "three", "four"})
        call(client, "POST", "/api/v1/statuses", alice, std::string("status=") + text);
    run(t, "UPDATE deliveries SET next_attempt_at = 0");
    drain_deliveries(t);
    CHECK(dead.received().size() == 2);
    CHECK(live.received().size() == 4);
    CHECK(pending_deliveries(t) == 4);
    // The probe falls due: one delivery is tried, not four; it fails, the next is later.
    run(t, "UPDATE delivery_domains SET next_probe_at = 0");
    drain_deliveries(t);
    CHECK(dead.received().size() == 3);
    {
        auto conn = t.node().database().acquire();
        auto health = store::find_domain_health(*conn, dead.authority());
        CHECK(health->unreachable_since);
        CHECK(*health->next_probe_at > now_unix_ms() + 500'000);
    }
    // The domain comes back: the next probe succeeds, and everything held goes at once.
    dead.answer({202});
    run(t, "UPDATE delivery_domains SET next_probe_at = 0");
    run(t, "UPDATE deliveries SET next_attempt_at = 0");
    drain_deliveries(t);
    CHECK(dead.received().size() == 7);
    CHECK(pending_deliveries(t) == 0);
    auto conn = t.node().database().acquire();
    auto health = store::find_domain_health(*conn, dead.authority());
    CHECK_FALSE(health->unreachable_since);
    CHECK(health->consecutive_failures == 0);
    CHECK(health->last_success_at);
    // Every status once, whatever was tried before.
    std::set<std::string> delivered;
    for (const auto& r : dead.received("Create"))
        if (!r.activity.is_null()) delivered.insert(r.activity["id"]);
    CHECK(delivered.size() == 4);
}

TEST_CASE("delivery: a slow domain does not slow another", "[integration][delivery]") {
    testing::TestNode t(
        testing::loopback_federation([](Config& c) { c.federation.delivery_per_domain = 2; }));
    InboxPeer slow(t), fast(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    testing::add_remote_follower(t, slow.add_account("ann"), alice.created.account.id);
    testing::add_remote_follower(t, fast.add_account("bob"), alice.created.account.id);
    slow.answer({202, 1500ms});
    auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 6; ++i)
        call(client, "POST", "/api/v1/statuses", alice, "status=post+" + std::to_string(i));
    // The event worker and the delivery worker run on their own: no drain here.
    REQUIRE(eventually([&] { return fast.received().size() == 6; }, 3000ms));
    auto fast_done = std::chrono::steady_clock::now() - started;
    CHECK(fast_done < 1500ms); // before the slow one answered even once
    // The slow one has answered at most two at a time, 1.5 s each: not all six yet.
    CHECK(slow.received().size() <= 2);
    REQUIRE(eventually([&] { return pending_deliveries(t) == 0; }, 10000ms));
    CHECK(slow.received().size() == 6);
    CHECK(std::chrono::steady_clock::now() - started >= 4500ms);
}

TEST_CASE("delivery: what a stopped node had not delivered is delivered after a restart",
          "[integration][delivery]") {
    testing::TestNode first(testing::loopback_federation());
    first.node().events().stop();
    InboxPeer peer(first);
    auto alice = member(first, "alice");
    auto client = first.client();
    auto ann = peer.add_account("ann");
    testing::add_remote_follower(first, ann, alice.created.account.id);
    // Told "posted", then stopped before the event was even read.
    std::string id = call(client, "POST", "/api/v1/statuses", alice, "status=survives")["id"];
    // And a second one whose delivery is on its way when the node stops.
    peer.answer({202, 1500ms});
    first.node().events().drain();
    REQUIRE(eventually([&] { return peer.received().size() == 1; }));
    std::string later = call(client, "POST", "/api/v1/statuses", alice, "status=late")["id"];
    first.stop();
    CHECK(count(first, "SELECT COUNT(*) FROM deliveries") == 1);

    peer.answer({202});
    testing::TestNode second(first.dir(), testing::loopback_federation());
    drain_deliveries(second);
    CHECK(pending_deliveries(second) == 0);
    std::set<std::string> created;
    for (const auto& r : peer.received("Create"))
        created.insert(r.activity["object"]["id"]);
    CHECK(created == std::set<std::string>{"https://agora.test/users/alice/statuses/" + id,
                                           "https://agora.test/users/alice/statuses/" + later});
    // The one on its way was sent again; receivers know it by its id.
    CHECK(peer.received().size() == 3);
}

TEST_CASE("delivery: the SSRF guard applies to inboxes", "[integration][delivery]") {
    // Private addresses not allowed (the default): a loopback inbox is never connected to.
    testing::TestNode t([](Config& c) { c.federation.allow_http = true; });
    t.node().events().stop();
    InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    testing::add_remote_follower(t, peer.add_account("ann"), alice.created.account.id);
    call(client, "POST", "/api/v1/statuses", alice, "status=hi");
    drain_deliveries(t);
    CHECK(peer.received().empty());
    CHECK(pending_deliveries(t) == 0); // refused for good, not retried
}

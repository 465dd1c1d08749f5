// The inboxes over real HTTP: what is accepted (202, queued once, applied by the worker), and
// every delivery refused, with nothing stored: one test per spoofing case.
#include "federation/body_digest.hpp"
#include "federation/federation.hpp"
#include "federation/inbox_worker.hpp"
#include "rig/member.hpp"
#include "rig/remote_actor.hpp"
#include "rig/test_node.hpp"
#include "store/inbox_queue_repo.hpp"
#include "store/remote_accounts_repo.hpp"
#include "util/time.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

using namespace agora;
using agora::testing::DeliveryOptions;
using agora::testing::FakePeer;
using agora::testing::RemoteActor;
using nlohmann::json;

namespace {
// A node whose inbox worker waits for the test to drain it, a remote server with bob on it, and
// a local member, alice.
struct World {
    World() : node(testing::allow_loopback_peers), bob(peer, "bob") {
        federation::Federation::of(node.node()).inbox().pause(true);
        alice = node.create_account("alice").account;
    }

    std::string alice_uri() const { return "https://agora.test/users/alice"; }
    json follow_alice() { return bob.activity("Follow", alice_uri()); }
    int drain() { return federation::Federation::of(node.node()).drain_inbox(); }
    std::int64_t queued() { return count(node, "SELECT COUNT(*) FROM inbox_queue"); }
    std::int64_t received() { return count(node, "SELECT COUNT(*) FROM inbox_received"); }
    std::int64_t followers_of_alice() {
        return count(node, "SELECT COUNT(*) FROM follows WHERE target_account_id = " +
                               std::to_string(alice.id));
    }
    bool stored(const std::string& uri) {
        auto conn = node.node().database().acquire();
        return store::find_remote_account_by_uri(*conn, uri).has_value();
    }
    // The refusal every spoofing case must get: 401, a JSON error, and nothing kept.
    void require_refused(const testing::DeliveryAnswer& answer, const std::string& says) {
        CHECK(answer.status == 401);
        auto body = json::parse(answer.body, nullptr, false);
        REQUIRE(body.is_object());
        CHECK_THAT(body.value("error", ""), Catch::Contains(says));
        CHECK(queued() == 0);
        CHECK(received() == 0);
        drain();
        CHECK(followers_of_alice() == 0);
    }

    FakePeer peer;
    testing::TestNode node;
    RemoteActor bob;
    Account alice;
};
} // namespace

TEST_CASE("inbox: a signed Follow is answered 202, queued, then applied by the worker",
          "[integration][inbox]") {
    World w;
    auto follow = w.follow_alice();
    auto answer = w.bob.deliver(w.node, follow);
    CHECK(answer.status == 202);
    CHECK(answer.body.empty());
    CHECK(w.stored(w.bob.id())); // the key's owner, fetched to check the signature
    {
        auto conn = w.node.node().database().acquire();
        auto due = store::due_activities(*conn, std::numeric_limits<std::int64_t>::max(), 10);
        REQUIRE(due.size() == 1);
        CHECK(due[0].activity_uri == follow["id"]);
        CHECK(due[0].actor_uri == w.bob.id());
        CHECK(json::parse(due[0].activity) == follow); // the text as received
        CHECK(due[0].attempts == 0);
    }
    CHECK(w.followers_of_alice() == 0); // not applied before the worker runs
    CHECK(w.drain() == 1);
    CHECK(w.queued() == 0);
    CHECK(w.followers_of_alice() == 1);
}

TEST_CASE("inbox: the worker applies what arrives without being asked", "[integration][inbox]") {
    World w;
    federation::Federation::of(w.node.node()).inbox().pause(false);
    CHECK(w.bob.deliver(w.node, w.follow_alice()).status == 202);
    for (int i = 0; i < 200 && w.followers_of_alice() == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(w.followers_of_alice() == 1);
    CHECK(w.queued() == 0);
}

TEST_CASE("inbox: a personal inbox takes deliveries for an existing member only",
          "[integration][inbox]") {
    World w;
    DeliveryOptions personal;
    personal.path = "/users/alice/inbox";
    CHECK(w.bob.deliver(w.node, w.follow_alice(), personal).status == 202);
    personal.path = "/users/ALICE/inbox";
    CHECK(w.bob.deliver(w.node, w.follow_alice(), personal).status == 202);
    for (auto path :
         {"/users/nobody/inbox", "/users/bob@elsewhere.example/inbox", "/users/agora.test/inbox"}) {
        INFO(path);
        personal.path = path;
        auto answer = w.bob.deliver(w.node, w.follow_alice(), personal);
        CHECK(answer.status == 404);
        CHECK(json::parse(answer.body)["error"] == "no such account");
    }
    CHECK(w.queued() == 2);
}

TEST_CASE("inbox: RFC 9421 signatures and Ed25519 keys are accepted", "[integration][inbox]") {
    World w;
    DeliveryOptions rfc9421;
    rfc9421.scheme = federation::SignatureScheme::rfc9421;
    CHECK(w.bob.deliver(w.node, w.follow_alice(), rfc9421).status == 202);
    RemoteActor carol(w.peer, "carol", RemoteActor::KeyType::ed25519);
    CHECK(carol.deliver(w.node, carol.activity("Follow", w.alice_uri()), rfc9421).status == 202);
    CHECK(carol.deliver(w.node, carol.activity("Follow", w.alice_uri())).status == 202); // hs2019
    CHECK(w.queued() == 3);
    w.drain();
    CHECK(w.followers_of_alice() == 2);
}

TEST_CASE("inbox: a delivery repeated is answered 202 and applied once", "[integration][inbox]") {
    World w;
    auto follow = w.follow_alice();
    CHECK(w.bob.deliver(w.node, follow).status == 202);
    CHECK(w.bob.deliver(w.node, follow).status == 202);
    CHECK(w.queued() == 1);
    w.drain();
    CHECK(w.bob.deliver(w.node, follow).status == 202); // after it was applied, too
    CHECK(w.queued() == 0);
    CHECK(w.drain() == 0);
    CHECK(count(w.node, "SELECT COUNT(*) FROM notifications WHERE type = 'follow'") == 1);
}

TEST_CASE("inbox: the queue outlives its node", "[integration][inbox]") {
    World w;
    CHECK(w.bob.deliver(w.node, w.follow_alice()).status == 202);
    CHECK(w.queued() == 1);
    w.node.restart(); // a new node over the same database; its worker is not paused
    for (int i = 0; i < 200 && w.followers_of_alice() == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(w.followers_of_alice() == 1);
    CHECK(w.queued() == 0);
}

TEST_CASE("inbox: refused: an unsigned delivery", "[integration][inbox][spoofing]") {
    World w;
    DeliveryOptions unsigned_post;
    unsigned_post.sign = false;
    w.require_refused(w.bob.deliver(w.node, w.follow_alice(), unsigned_post), "not signed");
    CHECK_FALSE(w.stored(w.bob.id()));
}

TEST_CASE("inbox: refused: an activity signed by another actor than its own",
          "[integration][inbox][spoofing]") {
    World w;
    RemoteActor mallory(w.peer, "mallory");
    // Mallory signs, properly, with her own key an activity that says bob follows alice.
    DeliveryOptions as_mallory;
    as_mallory.key_id = mallory.key_id();
    as_mallory.private_key_pem = mallory.private_key_pem();
    w.require_refused(w.bob.deliver(w.node, w.follow_alice(), as_mallory),
                      "belongs to " + mallory.id() + ", not to the activity's actor " + w.bob.id());
}

TEST_CASE("inbox: refused: the actor's key id with a signature by another key",
          "[integration][inbox][spoofing]") {
    World w;
    RemoteActor mallory(w.peer, "mallory");
    DeliveryOptions forged;
    forged.private_key_pem = mallory.private_key_pem(); // bob's key id, mallory's key
    w.require_refused(w.bob.deliver(w.node, w.follow_alice(), forged), "does not verify");
}

TEST_CASE("inbox: refused: a key document naming an owner who does not publish that key",
          "[integration][inbox][spoofing]") {
    World w;
    RemoteActor mallory(w.peer, "mallory");
    // A key of mallory's, served at its own URL, claiming to be bob's.
    w.peer.serve_json("/keys/1",
                      json{{"id", w.peer.url("/keys/1")},
                           {"type", "Key"},
                           {"owner", w.bob.id()},
                           {"publicKeyPem", mallory.document()["publicKey"]["publicKeyPem"]}}
                          .dump());
    DeliveryOptions claimed;
    claimed.key_id = w.peer.url("/keys/1");
    claimed.private_key_pem = mallory.private_key_pem();
    w.require_refused(w.bob.deliver(w.node, w.follow_alice(), claimed), "does not publish");
}

TEST_CASE("inbox: refused: an activity whose id is on another server than its actor",
          "[integration][inbox][spoofing]") {
    World w;
    auto follow = w.follow_alice();
    follow["id"] = "https://mastodon.example/users/bob/follows/1";
    w.require_refused(w.bob.deliver(w.node, follow), "is not on the server of");
}

TEST_CASE("inbox: refused: a body changed after signing", "[integration][inbox][spoofing]") {
    World w;
    DeliveryOptions tampered;
    tampered.after_signing = [](federation::OutgoingRequest& r) {
        auto at = r.body.find("Follow");
        r.body.replace(at, 6, "Block_");
    };
    w.require_refused(w.bob.deliver(w.node, w.follow_alice(), tampered), "Digest");
}

TEST_CASE("inbox: refused: a body and its digest changed after signing",
          "[integration][inbox][spoofing]") {
    World w;
    DeliveryOptions tampered;
    tampered.after_signing = [&](federation::OutgoingRequest& r) {
        auto at = r.body.find("Follow");
        r.body.replace(at, 6, "Block_");
        for (auto& [name, value] : r.headers)
            if (http::iequals(name, "Digest")) value = federation::digest_header(r.body);
    };
    w.require_refused(w.bob.deliver(w.node, w.follow_alice(), tampered), "does not verify");
}

TEST_CASE("inbox: refused: an RFC 9421 body changed after signing",
          "[integration][inbox][spoofing]") {
    World w;
    DeliveryOptions tampered;
    tampered.scheme = federation::SignatureScheme::rfc9421;
    tampered.after_signing = [](federation::OutgoingRequest& r) { r.body += " "; };
    w.require_refused(w.bob.deliver(w.node, w.follow_alice(), tampered), "Digest");
}

TEST_CASE("inbox: refused: a signature that does not cover the digest",
          "[integration][inbox][spoofing]") {
    World w;
    DeliveryOptions uncovered;
    uncovered.after_signing = [](federation::OutgoingRequest& r) {
        std::erase_if(r.headers, [](const http::Header& h) { return h.first == "Digest"; });
    };
    auto answer = w.bob.deliver(w.node, w.follow_alice(), uncovered);
    w.require_refused(answer, "igest");
}

TEST_CASE("inbox: refused: a signature too old, or from the future",
          "[integration][inbox][spoofing]") {
    World w;
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    DeliveryOptions stale;
    stale.signed_at = now - 2 * 3600;
    w.require_refused(w.bob.deliver(w.node, w.follow_alice(), stale), "");
    stale.scheme = federation::SignatureScheme::rfc9421;
    w.require_refused(w.bob.deliver(w.node, w.follow_alice(), stale), "");
    DeliveryOptions future;
    future.signed_at = now + 2 * 3600;
    w.require_refused(w.bob.deliver(w.node, w.follow_alice(), future), "");
    // Within the hour, both ways: accepted.
    stale.signed_at = now - 1800;
    CHECK(w.bob.deliver(w.node, w.follow_alice(), stale).status == 202);
}

TEST_CASE("inbox: refused: a signature addressed to another server",
          "[integration][inbox][spoofing]") {
    World w;
    DeliveryOptions elsewhere;
    elsewhere.after_signing = [](federation::OutgoingRequest& r) {
        for (auto& [name, value] : r.headers)
            if (http::iequals(name, "Host")) value = "other.example";
    };
    // Signed for agora.test, delivered with Host other.example (a replay to another server).
    w.require_refused(w.bob.deliver(w.node, w.follow_alice(), elsewhere), "");
}

TEST_CASE("inbox: refused: a key that cannot be fetched", "[integration][inbox][spoofing]") {
    World w;
    RemoteActor ghost(w.peer, "ghost");
    ghost.go_away(404);
    w.require_refused(ghost.deliver(w.node, ghost.activity("Follow", w.alice_uri())),
                      "cannot be used");
    CHECK_FALSE(w.stored(ghost.id()));
}

TEST_CASE("inbox: a rotated key is fetched again once, then accepted",
          "[integration][inbox][spoofing]") {
    World w;
    CHECK(w.bob.deliver(w.node, w.follow_alice()).status == 202); // bob and his key stored
    auto fetches = w.peer.count("/users/bob");
    w.bob.rotate_key();
    // Within a minute of the last fetch, the stored key is not fetched again: refused.
    auto answer = w.bob.deliver(w.node, w.follow_alice());
    CHECK(answer.status == 401);
    CHECK(w.peer.count("/users/bob") == fetches);
    // A minute later, it is: the new key verifies.
    {
        auto conn = w.node.node().database().acquire();
        conn->query("UPDATE accounts SET fetched_at = fetched_at - 120000 WHERE uri = ?",
                    w.bob.id())
            .run();
    }
    CHECK(w.bob.deliver(w.node, w.follow_alice()).status == 202);
    CHECK(w.peer.count("/users/bob") == fetches + 1);
    auto conn = w.node.node().database().acquire();
    CHECK(store::find_remote_account_by_uri(*conn, w.bob.id())->account.public_key_pem ==
          w.bob.document()["publicKey"]["publicKeyPem"]);
}

TEST_CASE("inbox: a Delete by an actor that is gone needs the key stored here",
          "[integration][inbox][spoofing]") {
    World w;
    CHECK(w.bob.deliver(w.node, w.follow_alice()).status == 202);
    w.drain();
    w.bob.go_away(410);
    {
        auto conn = w.node.node().database().acquire();
        conn->query("UPDATE accounts SET fetched_at = 0 WHERE uri = ?", w.bob.id()).run();
    }
    auto stored_key = w.bob.private_key_pem();
    w.bob.rotate_key(); // a key nobody here has seen: it cannot be fetched, the actor is gone
    auto delete_bob = w.bob.activity("Delete", w.bob.id());
    auto answer = w.bob.deliver(w.node, delete_bob);
    CHECK(answer.status == 401);
    CHECK(w.queued() == 0);
    DeliveryOptions with_stored_key;
    with_stored_key.private_key_pem = stored_key;
    CHECK(w.bob.deliver(w.node, delete_bob, with_stored_key).status == 202);
    CHECK(w.queued() == 1);
}

TEST_CASE("inbox: a Delete of an actor never seen here is answered 202 and dropped",
          "[integration][inbox]") {
    World w;
    RemoteActor ghost(w.peer, "ghost");
    ghost.go_away(410);
    DeliveryOptions unsigned_post;
    unsigned_post.sign = false;
    CHECK(ghost.deliver(w.node, ghost.activity("Delete", ghost.id()), unsigned_post).status == 202);
    CHECK(w.peer.count("/users/ghost") == 0); // no key fetched
    CHECK(w.queued() == 0);
    CHECK(w.received() == 0);
    // A Delete of something else by an unknown actor is checked as any delivery.
    CHECK(ghost.deliver(w.node, ghost.activity("Delete", ghost.id() + "/statuses/1"), unsigned_post)
              .status == 401);
}

TEST_CASE("inbox: refused: bodies that are not an activity", "[integration][inbox]") {
    World w;
    auto error_of = [&](const std::string& body, int status) {
        auto answer = w.bob.post(w.node, body);
        CHECK(answer.status == status);
        return json::parse(answer.body, nullptr, false).value("error", "");
    };
    CHECK(error_of("{\"id\": ", 400) == "invalid JSON");
    CHECK(error_of("not json at all", 400) == "invalid JSON");
    CHECK(error_of("[1, 2]", 400) == "an activity must be a JSON object");
    CHECK(error_of("\"Follow\"", 400) == "an activity must be a JSON object");
    auto follow = w.follow_alice();
    for (const char* field : {"id", "type", "actor"}) {
        INFO(field);
        auto without = follow;
        without.erase(field);
        CHECK(error_of(without.dump(), 400) == std::string("the activity has no ") + field);
        without[field] = 42;
        CHECK(error_of(without.dump(), 400) == std::string("the activity has no ") + field);
    }
    auto embedded_actor = follow;
    embedded_actor["actor"] = {{"id", w.bob.id()}, {"type", "Person"}};
    CHECK(w.bob.deliver(w.node, embedded_actor).status == 202);
    CHECK(w.queued() == 1);
}

TEST_CASE("inbox: refused: JSON nested too deeply, before it is parsed", "[integration][inbox]") {
    World w;
    auto follow = w.follow_alice();
    std::string deep = follow.dump();
    deep.pop_back();
    deep += ",\"x\":" + std::string(40, '[') + std::string(40, ']') + "}";
    auto answer = w.bob.post(w.node, deep);
    CHECK(answer.status == 400);
    CHECK_THAT(answer.body, Catch::Contains("nested"));
    // A hundred thousand levels: refused as quickly.
    answer = w.bob.post(w.node, std::string(100000, '[') + std::string(100000, ']'));
    CHECK(answer.status == 400);
    CHECK(w.queued() == 0);
}

TEST_CASE("inbox: refused: a body over federation.max_inbox_bytes", "[integration][inbox]") {
    FakePeer peer;
    testing::TestNode node([](Config& c) {
        testing::allow_loopback_peers(c);
        c.federation.max_inbox_bytes = 32 * 1024;
    });
    RemoteActor bob(peer, "bob");
    node.create_account("alice");
    auto follow = bob.activity("Follow", "https://agora.test/users/alice");
    follow["padding"] = std::string(40 * 1024, 'x');
    CHECK(bob.deliver(node, follow).status == 413);
    follow["padding"] = std::string(20 * 1024, 'x');
    CHECK(bob.deliver(node, follow).status == 202);
    CHECK(peer.count("/users/bob") == 1); // the refused one never reached the key
}

TEST_CASE("inbox: activities nothing applies are dropped and counted by type",
          "[integration][inbox]") {
    World w;
    CHECK(w.bob.deliver(w.node, w.bob.activity("Listen", "https://music.example/1")).status == 202);
    CHECK(w.bob.deliver(w.node, w.bob.activity("Zork", "https://game.example/1")).status == 202);
    CHECK(w.bob.deliver(w.node, w.bob.activity("Undo", w.bob.id() + "/likes/9")).status == 202);
    // A Follow of an account that is not here: understood, nothing to do.
    CHECK(
        w.bob.deliver(w.node, w.bob.activity("Follow", "https://agora.test/users/nobody")).status ==
        202);
    CHECK(w.drain() == 4);
    CHECK(w.queued() == 0);
    auto conn = w.node.node().database().acquire();
    auto counts = store::not_applied_counts(*conn);
    auto count_of = [&](const std::string& type, const std::string& reason) {
        for (const auto& c : counts)
            if (c.activity_type == type && c.reason == reason) return c.count;
        return std::int64_t(0);
    };
    CHECK(count_of("Listen", "unhandled") == 1);
    CHECK(count_of("(other)", "unhandled") == 1);
    CHECK(count_of("Undo", "unhandled") == 1);
    CHECK(count_of("Follow", "ignored") == 1);
    CHECK(counts.size() == 4);
}

TEST_CASE("inbox: what must wait for another server is tried again later, then given up",
          "[integration][inbox]") {
    World w;
    CHECK(w.bob.deliver(w.node, w.follow_alice()).status == 202);
    // The sender's row is gone and its server is down when the worker comes to it.
    {
        auto conn = w.node.node().database().acquire();
        conn->query("DELETE FROM accounts WHERE uri = ?", w.bob.id()).run();
    }
    w.peer.stop();
    CHECK(w.drain() == 1);
    {
        auto conn = w.node.node().database().acquire();
        auto st = conn->query("SELECT attempts, next_attempt_at, last_error FROM inbox_queue");
        REQUIRE(st.step());
        CHECK(st.int64(0) == 1);
        CHECK(st.int64(1) > now_unix_ms() + 20'000); // 30 s and a little jitter
        CHECK_THAT(st.text(2), Catch::Contains("could not be fetched"));
        // The last attempt, due now.
        conn->query("UPDATE inbox_queue SET attempts = 7, next_attempt_at = 0").run();
    }
    CHECK(w.drain() == 1);
    CHECK(w.queued() == 0);
    auto conn = w.node.node().database().acquire();
    auto counts = store::not_applied_counts(*conn);
    REQUIRE(counts.size() == 1);
    CHECK(counts[0].activity_type == "Follow");
    CHECK(counts[0].reason == "abandoned");
}

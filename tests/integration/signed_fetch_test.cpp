// Signed GETs of this server's ActivityPub documents over real HTTP: followers-only and direct
// statuses served only to signers allowed to see them, every bad signature treated as none, and
// secure mode (federation.authorized_fetch): 401 for unsigned GETs of objects and collections,
// a technical actor for unsigned GETs of actors, the discovery documents left open.
#include "federation/federation.hpp"
#include "federation/inbox_worker.hpp"
#include "moderation/domain_policy.hpp"
#include "rig/fixtures.hpp"
#include "rig/remote_actor.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"
#include "store/domain_policies_repo.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using agora::testing::DeliveryOptions;
using agora::testing::FakePeer;
using agora::testing::FetchAnswer;
using agora::testing::RemoteActor;
using nlohmann::json;

namespace {
// A node (secure mode or not), a remote server with bob (who follows alice) and mallory (who
// does not), alice's public, followers-only and direct (to bob) statuses.
struct World {
    explicit World(bool authorized_fetch = false)
        : node([authorized_fetch](Config& c) {
              testing::allow_loopback_peers(c);
              c.federation.authorized_fetch = authorized_fetch;
          }),
          bob(peer, "bob"), mallory(peer, "mallory"), alice(testing::member(node, "alice")),
          client(node.client()) {
        // Applied here, not by the worker, so that the follow exists once drained.
        federation::Federation::of(node.node()).inbox().pause(true);
        REQUIRE(bob.deliver(node, bob.activity("Follow", alice_uri)).status == 202);
        federation::Federation::of(node.node()).drain_inbox();
        REQUIRE(count("SELECT COUNT(*) FROM follows WHERE target_account_id = " + alice.id()) == 1);
        public_path = path_of(testing::post_status(client, alice, "hello all"));
        private_path = path_of(testing::post_status(client, alice, "followers only", "private"));
        // A direct status mentioning bob (his handle has a port: the mention row is written here).
        auto direct = testing::post_status(client, alice, "psst", "direct");
        direct_path = path_of(direct);
        auto conn = node.node().database().acquire();
        conn->query("INSERT INTO mentions (status_id, account_id) VALUES (?, ?)",
                    std::int64_t(std::stoll(direct["id"].get<std::string>())), bob_account())
            .run();
    }

    std::int64_t count(const std::string& sql) {
        auto conn = node.node().database().acquire();
        auto st = conn->query(sql);
        st.step();
        return st.int64(0);
    }
    std::int64_t bob_account() {
        auto conn = node.node().database().acquire();
        auto st = conn->query("SELECT id FROM accounts WHERE uri = ?", bob.id());
        REQUIRE(st.step());
        return st.int64(0);
    }
    // Suspends the peer's domain, as an admin would (moderation's domain policies).
    void suspend_peer_domain() {
        auto conn = node.node().database().acquire();
        store::DomainPolicyRow row;
        row.domain = "127.0.0.1"; // the peer's host
        row.severity = "suspend";
        store::insert_domain_policy(*conn, row);
        moderation::invalidate_domain_policies(*conn);
    }
    static std::string path_of(const json& status) {
        return "/users/alice/statuses/" + status["id"].get<std::string>();
    }
    FetchAnswer unsigned_get(const std::string& path) {
        DeliveryOptions options;
        options.sign = false;
        return bob.fetch(node, path, options);
    }

    FakePeer peer;
    testing::TestNode node;
    RemoteActor bob, mallory;
    testing::Member alice;
    httplib::Client client;
    const std::string alice_uri = "https://agora.test/users/alice";
    std::string public_path, private_path, direct_path;
};

void require_served(const FetchAnswer& answer, const std::string& type) {
    INFO(answer.body);
    REQUIRE(answer.status == 200);
    CHECK(json::parse(answer.body)["type"] == type);
}
} // namespace

TEST_CASE("signed fetch: a follower's signed GET gets the followers-only Note and its Create",
          "[integration][signed_fetch]") {
    World w;
    auto note = w.bob.fetch(w.node, w.private_path);
    require_served(note, "Note");
    CHECK(json::parse(note.body)["content"] == "<p>followers only</p>");
    CHECK_THAT(note.header("Vary"), Catch::Contains("Signature"));
    CHECK(note.header("Cache-Control") == "private");
    require_served(w.bob.fetch(w.node, w.private_path + "/activity"), "Create");
    // RFC 9421 signatures are as good.
    DeliveryOptions rfc9421;
    rfc9421.scheme = federation::SignatureScheme::rfc9421;
    require_served(w.bob.fetch(w.node, w.private_path, rfc9421), "Note");
}

TEST_CASE("signed fetch: a mentioned actor's signed GET gets the direct Note",
          "[integration][signed_fetch]") {
    World w;
    auto note = w.bob.fetch(w.node, w.direct_path);
    require_served(note, "Note");
    CHECK(note.header("Cache-Control") == "private");
    require_served(w.bob.fetch(w.node, w.direct_path + "/activity"), "Create");
}

TEST_CASE("signed fetch: public statuses need no signature and do not vary by signer",
          "[integration][signed_fetch]") {
    World w;
    auto note = w.unsigned_get(w.public_path);
    require_served(note, "Note");
    CHECK(note.header("Cache-Control").empty());
    CHECK_THAT(note.header("Vary"), !Catch::Contains("Signature"));
    require_served(w.mallory.fetch(w.node, w.public_path), "Note");
}

TEST_CASE("signed fetch: an unsigned GET of a private status is not found",
          "[integration][signed_fetch]") {
    World w;
    for (const auto& path : {w.private_path, w.private_path + "/activity", w.direct_path,
                             w.direct_path + "/activity"}) {
        INFO(path);
        auto answer = w.unsigned_get(path);
        CHECK(answer.status == 404);
        CHECK_THAT(answer.header("Vary"), Catch::Contains("Signature"));
        CHECK(answer.body.find("followers only") == std::string::npos);
        CHECK(answer.body.find("psst") == std::string::npos);
    }
}

TEST_CASE("signed fetch: a signer who may not see a private status gets 404",
          "[integration][signed_fetch]") {
    World w;
    // mallory signs correctly, but neither follows alice nor is mentioned.
    CHECK(w.mallory.fetch(w.node, w.private_path).status == 404);
    CHECK(w.mallory.fetch(w.node, w.private_path + "/activity").status == 404);
    CHECK(w.mallory.fetch(w.node, w.direct_path).status == 404);
    // bob follows alice but is not mentioned in a direct status to someone else.
    testing::member(w.node, "carol");
    auto other = testing::post_status(w.client, w.alice, "@carol hi", "direct");
    CHECK(w.bob.fetch(w.node, World::path_of(other)).status == 404);
    // A follower blocked by the author sees nothing private any more.
    testing::call(w.client, "POST",
                  "/api/v1/accounts/" + std::to_string(w.bob_account()) + "/block", w.alice);
    CHECK(w.bob.fetch(w.node, w.private_path).status == 404);
}

TEST_CASE("signed fetch: a signer of a suspended domain gets nothing",
          "[integration][signed_fetch]") {
    World w;
    require_served(w.bob.fetch(w.node, w.private_path), "Note");
    w.suspend_peer_domain();
    CHECK(w.bob.fetch(w.node, w.private_path).status == 404);
    CHECK(w.bob.fetch(w.node, w.direct_path).status == 404);
}

TEST_CASE("signed fetch: in secure mode a suspended domain's signed GETs are refused",
          "[integration][signed_fetch]") {
    World w(true);
    require_served(w.bob.fetch(w.node, w.public_path), "Note");
    w.suspend_peer_domain();
    CHECK(w.bob.fetch(w.node, w.public_path).status == 401);
    CHECK(w.bob.fetch(w.node, "/users/alice/outbox").status == 401);
}

TEST_CASE("signed fetch: a bad signature counts as none", "[integration][signed_fetch]") {
    World w;
    SECTION("signed with another key than the keyId's (a forged keyId)") {
        // mallory signs with her key but names bob's: the signature does not verify.
        DeliveryOptions forged;
        forged.private_key_pem = w.mallory.private_key_pem();
        forged.key_id = w.bob.key_id();
        CHECK(w.mallory.fetch(w.node, w.private_path, forged).status == 404);
    }
    SECTION("a keyId that does not exist") {
        DeliveryOptions unknown;
        unknown.key_id = w.peer.url("/users/nobody#main-key");
        CHECK(w.bob.fetch(w.node, w.private_path, unknown).status == 404);
    }
    SECTION("signed an hour and a half ago") {
        DeliveryOptions stale;
        stale.signed_at = std::time(nullptr) - 5400;
        CHECK(w.bob.fetch(w.node, w.private_path, stale).status == 404);
    }
    SECTION("the signature of another path replayed") {
        federation::OutgoingRequest signed_public{"GET",
                                                  w.node.node().config().base_url() + w.public_path,
                                                  {{"Accept", "application/activity+json"}},
                                                  ""};
        auto key = federation::PrivateKey::from_pem(w.bob.private_key_pem());
        REQUIRE(key);
        REQUIRE(federation::sign_cavage(signed_public, *key, w.bob.key_id()));
        DeliveryOptions replayed;
        replayed.sign = false;
        replayed.after_signing = [&](federation::OutgoingRequest& r) {
            r.headers = signed_public.headers;
        };
        CHECK(w.bob.fetch(w.node, w.public_path, replayed).status == 200); // where it was signed
        CHECK(w.bob.fetch(w.node, w.private_path, replayed).status == 404);
    }
    SECTION("a Host that is not this server") {
        DeliveryOptions host;
        host.after_signing = [](federation::OutgoingRequest& r) {
            for (auto& [name, value] : r.headers)
                if (http::iequals(name, "Host")) value = "elsewhere.example";
        };
        CHECK(w.bob.fetch(w.node, w.private_path, host).status == 404);
    }
    SECTION("a garbled Signature header") {
        DeliveryOptions garbled;
        garbled.after_signing = [](federation::OutgoingRequest& r) {
            for (auto& [name, value] : r.headers)
                if (http::iequals(name, "Signature")) value = "keyId=\"x\",signature=";
        };
        CHECK(w.bob.fetch(w.node, w.private_path, garbled).status == 404);
    }
}

TEST_CASE("signed fetch: secure mode refuses unsigned GETs of objects and collections",
          "[integration][signed_fetch]") {
    World w(true);
    for (const auto& path :
         {w.public_path, w.public_path + "/activity", w.private_path,
          std::string("/users/alice/outbox"), std::string("/users/alice/followers"),
          std::string("/users/alice/following"), std::string("/users/alice/collections/featured"),
          std::string("/users/alice/outbox?page=true")}) {
        INFO(path);
        auto answer = w.unsigned_get(path);
        CHECK(answer.status == 401);
        CHECK(json::parse(answer.body).contains("error"));
        CHECK_THAT(answer.header("Vary"), Catch::Contains("Signature"));
        // A forged signature is no better.
        DeliveryOptions forged;
        forged.private_key_pem = w.mallory.private_key_pem();
        forged.key_id = w.bob.key_id();
        CHECK(w.mallory.fetch(w.node, path, forged).status == 401);
    }
    // Signed, they are served; the private one still only to those allowed.
    require_served(w.mallory.fetch(w.node, w.public_path), "Note");
    auto outbox = w.mallory.fetch(w.node, "/users/alice/outbox");
    require_served(outbox, "OrderedCollection");
    CHECK_THAT(outbox.header("Vary"), Catch::Contains("Signature"));
    require_served(w.mallory.fetch(w.node, "/users/alice/followers"), "OrderedCollection");
    CHECK(w.mallory.fetch(w.node, w.private_path).status == 404);
    require_served(w.bob.fetch(w.node, w.private_path), "Note");
}

TEST_CASE("signed fetch: in secure mode an unsigned GET of an actor gets its technical part",
          "[integration][signed_fetch]") {
    World w(true);
    auto minimal = w.unsigned_get("/users/alice");
    REQUIRE(minimal.status == 200);
    CHECK_THAT(minimal.header("Vary"), Catch::Contains("Signature"));
    auto actor = json::parse(minimal.body);
    CHECK(actor["id"] == w.alice_uri);
    CHECK(actor["type"] == "Person");
    CHECK(actor["preferredUsername"] == "alice");
    CHECK(actor["inbox"] == w.alice_uri + "/inbox");
    CHECK(actor["publicKey"]["id"] == w.alice_uri + "#main-key");
    CHECK_THAT(actor["publicKey"]["publicKeyPem"].get<std::string>(),
               Catch::Contains("PUBLIC KEY"));
    CHECK_FALSE(actor.contains("summary"));
    CHECK_FALSE(actor.contains("outbox"));
    CHECK_FALSE(actor.contains("followers"));
    // Signed: the whole document (the technical one cached apart never replaces it).
    auto full = json::parse(w.bob.fetch(w.node, "/users/alice").body);
    CHECK(full.contains("summary"));
    CHECK(full["outbox"] == w.alice_uri + "/outbox");
    CHECK_FALSE(json::parse(w.unsigned_get("/users/alice").body).contains("summary"));
}

TEST_CASE("signed fetch: secure mode leaves discovery and the instance actor open",
          "[integration][signed_fetch]") {
    World w(true);
    auto instance = w.unsigned_get("/actor");
    REQUIRE(instance.status == 200);
    CHECK(json::parse(instance.body).contains("publicKey"));
    auto client = w.node.client();
    auto finger = client.Get("/.well-known/webfinger?resource=acct:alice@agora.test");
    REQUIRE(finger);
    CHECK(finger->status == 200);
    auto nodeinfo = client.Get("/.well-known/nodeinfo");
    REQUIRE(nodeinfo);
    CHECK(nodeinfo->status == 200);
    auto host_meta = client.Get("/.well-known/host-meta");
    REQUIRE(host_meta);
    CHECK(host_meta->status == 200);
    // And the secure mode off: an unsigned GET of an actor gets the whole document.
    World open;
    CHECK(json::parse(open.unsigned_get("/users/alice").body).contains("summary"));
    CHECK(open.unsigned_get("/users/alice/outbox").status == 200);
}

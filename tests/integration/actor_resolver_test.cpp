// Remote actors through a real loopback peer: signed fetches, validation, storage and refresh,
// keys for the inbox (rotation included), WebFinger, and every spoofing attempt refused.
#include "crypto/keys.hpp"
#include "federation/federation_client.hpp"
#include "rig/fake_peer.hpp"
#include "rig/test_node.hpp"
#include "store/accounts_repo.hpp"
#include "store/profiles_repo.hpp"
#include "store/remote_accounts_repo.hpp"
#include "store/search_repo.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using namespace agora::federation;
using agora::testing::FakePeer;
using agora::testing::PeerRequest;
using agora::testing::PeerResponse;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {
HttpClientOptions loopback() {
    HttpClientOptions o;
    o.allow_http = true;
    o.allow_private_addresses = true;
    o.connect_timeout = 2s;
    o.request_timeout = 3s;
    o.user_agent = "Agora/test (+https://agora.test/)";
    return o;
}

ResolverOptions resolver_options(std::chrono::seconds min_refetch = 0s) {
    ResolverOptions o;
    o.refresh_after = 3600s;
    o.min_refetch_interval = min_refetch;
    return o;
}

json actor_json(const std::string& id, const std::string& username, const std::string& pem) {
    return {{"@context", {"https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"}},
            {"id", id},
            {"type", "Person"},
            {"preferredUsername", username},
            {"name", "Display " + username},
            {"summary", "<p>About " + username + "</p>"},
            {"inbox", id + "/inbox"},
            {"outbox", id + "/outbox"},
            {"endpoints", {{"sharedInbox", id.substr(0, id.find("/users/")) + "/inbox"}}},
            {"publicKey", {{"id", id + "#main-key"}, {"owner", id}, {"publicKeyPem", pem}}}};
}

// A node, a peer, and a federation client allowed to reach loopback over http.
struct World {
    explicit World(HttpClientOptions options = loopback(),
                   ResolverOptions resolver = resolver_options())
        : client(node.node(), options, resolver) {
        auto instance = ensure_instance_actor(node.node().database(), node.node().config());
        instance_key = PublicKey::from_pem(instance.public_key_pem).value();
    }

    ActorResolver& actors() { return client.actors(); }

    // Serves `username`'s actor at /users/<username>, every GET checked for the instance
    // actor's draft-cavage signature (401 when it does not verify).
    std::string serve_actor(FakePeer& on, const std::string& username, json doc = {}) {
        std::string id = on.url("/users/" + username);
        if (doc.is_null()) doc = actor_json(id, username, peer_keys.public_pem);
        on.on("/users/" + username, [this, &on, doc](const PeerRequest& r) {
            if (!signed_by_instance(r, on)) return PeerResponse{401, "application/json", "{}"};
            return PeerResponse{200, "application/activity+json", doc.dump()};
        });
        return id;
    }

    bool signed_by_instance(const PeerRequest& r, const FakePeer& on) {
        ReceivedRequest received{r.method, r.target, r.headers, r.body};
        VerifyOptions options;
        options.scheme = "http";
        options.expected_authority = on.authority();
        auto claim = verify_signature(received, *instance_key, options);
        return claim && claim->key_id == "https://agora.test/actor#main-key";
    }

    std::optional<RemoteAccount> stored(const std::string& uri) {
        auto conn = node.node().database().acquire();
        return store::find_remote_account_by_uri(*conn, uri);
    }

    testing::TestNode node;
    FakePeer peer;
    crypto::KeyPair peer_keys = crypto::generate_rsa_keypair();
    std::optional<PublicKey> instance_key;
    FederationClient client;
};
} // namespace

TEST_CASE("actor resolver: a remote actor is fetched with a signed GET and stored",
          "[integration][actor_resolver]") {
    World w;
    std::string id = w.peer.url("/users/bob");
    auto doc = actor_json(id, "Bob", w.peer_keys.public_pem);
    doc["type"] = "Service";
    doc["url"] = w.peer.url("/@Bob");
    doc["followers"] = id + "/followers";
    doc["following"] = id + "/following";
    doc["featured"] = id + "/collections/featured";
    doc["manuallyApprovesFollowers"] = true;
    doc["discoverable"] = true;
    doc["icon"] = {{"type", "Image"}, {"url", w.peer.url("/media/avatar.png")}};
    doc["image"] = {{"type", "Image"}, {"url", w.peer.url("/media/header.png")}};
    doc["attachment"] = {{{"type", "PropertyValue"}, {"name", "Site"}, {"value", "bob.example"}}};
    doc["alsoKnownAs"] = {"https://old.example/users/bob"};
    w.serve_actor(w.peer, "bob", doc);

    auto bob = w.actors().resolve_actor(id);
    REQUIRE(bob);
    CHECK(bob->uri == id);
    CHECK(bob->account.id > 0);
    CHECK(bob->account.username == "Bob");
    CHECK(bob->account.domain == w.peer.authority());
    CHECK(bob->account.display_name == "Display Bob");
    CHECK(bob->account.note == "<p>About Bob</p>");
    CHECK(bob->account.kind == AccountKind::bot);
    CHECK(bob->account.locked);
    CHECK(bob->account.discoverable);
    CHECK(bob->account.public_key_pem == w.peer_keys.public_pem);
    CHECK(bob->key_id == id + "#main-key");
    CHECK(bob->inbox_url == id + "/inbox");
    CHECK(bob->shared_inbox_url == w.peer.url("/inbox"));
    CHECK(bob->followers_url == id + "/followers");
    CHECK(bob->url == w.peer.url("/@Bob"));
    CHECK(bob->also_known_as == std::vector<std::string>{"https://old.example/users/bob"});
    CHECK(bob->actor_type == "Service");

    auto conn = w.node.node().database().acquire();
    auto profile = store::find_profile(*conn, bob->account.id);
    CHECK(profile.avatar_remote_url == w.peer.url("/media/avatar.png"));
    CHECK(profile.header_remote_url == w.peer.url("/media/header.png"));
    REQUIRE(profile.fields.size() == 1);
    CHECK(profile.fields[0].value == "bob.example");
    auto by_handle = store::find_remote_account_by_handle(*conn, "bob", w.peer.authority());
    REQUIRE(by_handle);
    CHECK(by_handle->account.id == bob->account.id);
    CHECK_FALSE(store::find_private_key(*conn, bob->account.id));

    auto requests = w.peer.requests();
    REQUIRE(requests.size() == 1);
    CHECK(w.signed_by_instance(requests[0], w.peer));
    CHECK_THAT(requests[0].header("Accept"), Catch::Contains("application/activity+json"));
    CHECK_THAT(requests[0].header("Signature"),
               Catch::Contains("keyId=\"https://agora.test/actor#main-key\""));
}

TEST_CASE("actor resolver: fresh actors come from the database, stale ones are fetched again",
          "[integration][actor_resolver]") {
    World w;
    auto id = w.serve_actor(w.peer, "bob");
    REQUIRE(w.actors().resolve_actor(id));
    REQUIRE(w.actors().resolve_actor(id));
    CHECK(w.peer.count("/users/bob") == 1);

    auto changed = actor_json(id, "bob", w.peer_keys.public_pem);
    changed["name"] = "Robert";
    w.serve_actor(w.peer, "bob", changed);
    auto refreshed = w.actors().resolve_actor(id, true);
    REQUIRE(refreshed);
    CHECK(refreshed->account.display_name == "Robert");
    CHECK(w.peer.count("/users/bob") == 2);

    // Older than the refresh interval: fetched again without being asked.
    {
        auto conn = w.node.node().database().acquire();
        conn->query("UPDATE accounts SET fetched_at = 0 WHERE uri = ?", id).run();
    }
    REQUIRE(w.actors().resolve_actor(id));
    CHECK(w.peer.count("/users/bob") == 3);

    // When the refresh finds nobody, the stored copy is still given.
    {
        auto conn = w.node.node().database().acquire();
        conn->query("UPDATE accounts SET fetched_at = 0 WHERE uri = ?", id).run();
    }
    w.peer.stop();
    auto kept = w.actors().resolve_actor(id);
    REQUIRE(kept);
    CHECK(kept->account.display_name == "Robert");
}

TEST_CASE("actor resolver: remote HTML in names, notes and fields is sanitised before storage",
          "[integration][actor_resolver]") {
    World w;
    std::string id = w.peer.url("/users/eve");
    auto doc = actor_json(id, "eve", w.peer_keys.public_pem);
    doc["name"] = "<img src=x onerror=alert(1)>Eve<script>alert(2)</script>";
    doc["summary"] =
        "<p onmouseover=\"x()\">Hi<script>steal()</script> <a "
        "href=\"javascript:alert(3)\">me</a><iframe src=\"https://evil\"></iframe></p>";
    doc["attachment"] = {{{"type", "PropertyValue"},
                          {"name", "<b>Site</b>"},
                          {"value", "<a href=\"https://eve.example\" onclick=\"x()\">eve</a>"}}};
    w.serve_actor(w.peer, "eve", doc);
    auto eve = w.actors().resolve_actor(id);
    REQUIRE(eve);
    auto conn = w.node.node().database().acquire();
    auto row = store::find_remote_account_by_uri(*conn, id);
    REQUIRE(row);
    CHECK(row->account.display_name == "Eve");
    CHECK(row->account.note == "<p>Hi me</p>");
    auto profile = store::find_profile(*conn, row->account.id);
    REQUIRE(profile.fields.size() == 1);
    CHECK(profile.fields[0].name == "Site");
    CHECK_THAT(profile.fields[0].value_html,
               Catch::Contains("href=\"https://eve.example\"") && !Catch::Contains("onclick"));
}

TEST_CASE("actor resolver: spoofed and broken documents are refused and nothing is stored",
          "[integration][actor_resolver][spoofing]") {
    World w;
    FakePeer other;
    const auto& pem = w.peer_keys.public_pem;
    std::string bob = w.peer.url("/users/bob");

    SECTION("the document's id is another actor") {
        w.serve_actor(w.peer, "bob", actor_json(w.peer.url("/users/alice"), "alice", pem));
        auto r = w.actors().resolve_actor(bob);
        REQUIRE_FALSE(r);
        CHECK(r.error().failure == ResolveFailure::invalid);
        CHECK_FALSE(w.stored(w.peer.url("/users/alice")));
        CHECK_FALSE(w.stored(bob));
    }
    SECTION("the public key is owned by another actor") {
        auto doc = actor_json(bob, "bob", pem);
        doc["publicKey"]["owner"] = w.peer.url("/users/alice");
        w.serve_actor(w.peer, "bob", doc);
        auto r = w.actors().resolve_actor(bob);
        REQUIRE_FALSE(r);
        CHECK(r.error().failure == ResolveFailure::invalid);
        CHECK_FALSE(w.stored(bob));
    }
    SECTION("the public key lives on another origin") {
        auto doc = actor_json(bob, "bob", pem);
        doc["publicKey"]["id"] = other.url("/users/bob#main-key");
        w.serve_actor(w.peer, "bob", doc);
        REQUIRE_FALSE(w.actors().resolve_actor(bob));
    }
    SECTION("a redirect to another origin that serves its own id") {
        w.peer.on("/users/bob", [&](const PeerRequest&) {
            return PeerResponse{302, "text/plain", "", {{"Location", other.url("/users/bob")}}};
        });
        w.serve_actor(other, "bob");
        auto r = w.actors().resolve_actor(bob);
        REQUIRE_FALSE(r);
        CHECK(r.error().failure == ResolveFailure::invalid);
        CHECK(other.count("/users/bob") == 1);
        CHECK_FALSE(w.stored(other.url("/users/bob")));
    }
    SECTION("a redirect to another origin that claims the first origin's id") {
        w.peer.on("/users/bob", [&](const PeerRequest&) {
            return PeerResponse{302, "text/plain", "", {{"Location", other.url("/users/bob")}}};
        });
        w.serve_actor(other, "bob", actor_json(bob, "bob", pem));
        auto r = w.actors().resolve_actor(bob);
        REQUIRE_FALSE(r);
        CHECK(r.error().failure == ResolveFailure::invalid);
        CHECK(other.count("/users/bob") == 1);
        CHECK_FALSE(w.stored(bob));
    }
    SECTION("a same-origin redirect is followed") {
        w.peer.on("/users/bob", [&](const PeerRequest&) {
            return PeerResponse{301, "text/plain", "", {{"Location", "/actors/bob"}}};
        });
        auto doc = actor_json(bob, "bob", pem);
        w.peer.on("/actors/bob", [doc](const PeerRequest&) {
            return PeerResponse{
                200, "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
                doc.dump()};
        });
        auto r = w.actors().resolve_actor(bob);
        REQUIRE(r);
        CHECK(r->uri == bob);
    }
    SECTION("an oversized document") {
        auto doc = actor_json(bob, "bob", pem);
        doc["summary"] = std::string(2 * 1024 * 1024, 'a');
        w.serve_actor(w.peer, "bob", doc);
        auto r = w.actors().resolve_actor(bob);
        REQUIRE_FALSE(r);
        CHECK(r.error().failure == ResolveFailure::unreachable);
        CHECK_THAT(r.error().message, Catch::Contains("bytes"));
        CHECK_FALSE(w.stored(bob));
    }
    SECTION("not ActivityStreams, not JSON, nested too deeply") {
        w.peer.serve_json("/users/bob", actor_json(bob, "bob", pem).dump(), "text/html");
        CHECK(w.actors().resolve_actor(bob).error().failure == ResolveFailure::invalid);
        w.peer.serve_json("/users/bob", "{not json");
        CHECK(w.actors().resolve_actor(bob).error().failure == ResolveFailure::invalid);
        w.peer.serve_json("/users/bob", std::string(500, '[') + std::string(500, ']'));
        CHECK(w.actors().resolve_actor(bob).error().failure == ResolveFailure::invalid);
    }
    SECTION("gone, refused, not an actor") {
        CHECK(w.actors().resolve_actor(bob).error().failure == ResolveFailure::gone);
        w.peer.on("/users/bob", [](const PeerRequest&) {
            return PeerResponse{403, "application/json", "{}"};
        });
        CHECK(w.actors().resolve_actor(bob).error().failure == ResolveFailure::refused);
        auto note = actor_json(bob, "bob", pem);
        note["type"] = "Note";
        w.serve_actor(w.peer, "bob", note);
        CHECK(w.actors().resolve_actor(bob).error().failure == ResolveFailure::invalid);
    }
    SECTION("our own URLs are not fetched") {
        auto r = w.actors().resolve_actor("https://agora.test/users/alice");
        REQUIRE_FALSE(r);
        CHECK(r.error().failure == ResolveFailure::local);
        CHECK(w.actors().resolve_actor("javascript:alert(1)").error().failure ==
              ResolveFailure::invalid_uri);
    }
}

TEST_CASE("actor resolver: private addresses and plain http are refused when not allowed",
          "[integration][actor_resolver][ssrf]") {
    for (bool http_allowed : {false, true}) {
        auto options = loopback();
        options.allow_http = http_allowed;
        options.allow_private_addresses = !http_allowed;
        World w(options);
        auto id = w.serve_actor(w.peer, "bob");
        auto r = w.actors().resolve_actor(id);
        REQUIRE_FALSE(r);
        CHECK(r.error().failure == ResolveFailure::unreachable);
        CHECK(w.peer.requests().empty());
        CHECK_FALSE(w.stored(id));
    }
}

TEST_CASE("actor resolver: a found-by-URL actor is fetched again by its id",
          "[integration][actor_resolver]") {
    World w;
    auto id = w.serve_actor(w.peer, "bob");
    w.peer.serve_json("/@bob", actor_json(id, "bob", w.peer_keys.public_pem).dump());
    auto bob = w.actors().resolve_actor_url(w.peer.url("/@bob"));
    REQUIRE(bob);
    CHECK(bob->uri == id);
    CHECK(w.peer.count("/@bob") == 1);
    CHECK(w.peer.count("/users/bob") == 1);
}

TEST_CASE("actor resolver: keys for the inbox, fetched once, local ones read locally",
          "[integration][actor_resolver][keys]") {
    World w;
    auto id = w.serve_actor(w.peer, "bob");
    auto private_key = *PrivateKey::from_pem(w.peer_keys.private_pem);
    auto signature = private_key.sign(SignatureAlgorithm::rsa_v1_5_sha256, "hello");

    auto key = w.actors().key_for(id + "#main-key");
    REQUIRE(key);
    CHECK(key->actor_uri == id);
    CHECK_FALSE(key->local);
    CHECK(key->key.verify(SignatureAlgorithm::rsa_v1_5_sha256, "hello", signature));
    CHECK(w.peer.count("/users/bob") == 1); // the actor is the key's document: one fetch
    REQUIRE(w.stored(id));
    CHECK(key->account_id == w.stored(id)->account.id);
    REQUIRE(w.actors().key_for(id + "#main-key"));
    CHECK(w.peer.count("/users/bob") == 1);

    auto alice = w.node.create_account("alice");
    auto local = w.actors().key_for("https://agora.test/users/alice#main-key");
    REQUIRE(local);
    CHECK(local->local);
    CHECK(local->account_id == alice.account.id);
    CHECK(local->actor_uri == "https://agora.test/users/alice");
    auto instance = w.actors().key_for("https://agora.test/actor#main-key");
    REQUIRE(instance);
    CHECK(instance->actor_uri == "https://agora.test/actor");
    CHECK(w.actors().key_for("https://agora.test/users/nobody#main-key").error().failure ==
          ResolveFailure::key_not_found);
}

TEST_CASE("actor resolver: keys published apart from their actor",
          "[integration][actor_resolver][keys]") {
    World w;
    auto carol = w.serve_actor(w.peer, "carol", [&] {
        auto doc = actor_json(w.peer.url("/users/carol"), "carol", w.peer_keys.public_pem);
        doc["publicKey"]["id"] = w.peer.url("/users/carol/main-key");
        return doc;
    }());
    // GoToSocial serves a stub of the actor at the key's URL; others a Key naming its owner.
    w.peer.serve_json("/users/carol/main-key", json{{"id", carol},
                                                    {"type", "Person"},
                                                    {"publicKey",
                                                     {{"id", w.peer.url("/users/carol/main-key")},
                                                      {"owner", carol},
                                                      {"publicKeyPem", w.peer_keys.public_pem}}}}
                                                   .dump());
    auto key = w.actors().key_for(w.peer.url("/users/carol/main-key"));
    REQUIRE(key);
    CHECK(key->actor_uri == carol);
    CHECK(w.peer.count("/users/carol") == 1);

    auto dave = w.serve_actor(w.peer, "dave", [&] {
        auto doc = actor_json(w.peer.url("/users/dave"), "dave", w.peer_keys.public_pem);
        doc["publicKey"]["id"] = w.peer.url("/keys/dave");
        return doc;
    }());
    w.peer.serve_json("/keys/dave", json{{"id", w.peer.url("/keys/dave")},
                                         {"type", "CryptographicKey"},
                                         {"owner", dave},
                                         {"publicKeyPem", w.peer_keys.public_pem}}
                                        .dump());
    auto dave_key = w.actors().key_for(w.peer.url("/keys/dave"));
    REQUIRE(dave_key);
    CHECK(dave_key->actor_uri == dave);

    // A key document naming an owner that does not publish that key: refused.
    w.peer.serve_json("/keys/stolen", json{{"id", w.peer.url("/keys/stolen")},
                                           {"type", "CryptographicKey"},
                                           {"owner", dave},
                                           {"publicKeyPem", w.peer_keys.public_pem}}
                                          .dump());
    auto stolen = w.actors().key_for(w.peer.url("/keys/stolen"));
    REQUIRE_FALSE(stolen);
    CHECK(stolen.error().failure == ResolveFailure::key_not_found);
}

TEST_CASE("actor resolver: a key claimed for an actor of another origin is refused",
          "[integration][actor_resolver][keys][spoofing]") {
    World w;
    FakePeer victim;
    auto victim_id = w.serve_actor(victim, "bob");
    // The attacker's key document names the victim as its owner.
    w.peer.serve_json("/keys/evil", json{{"id", w.peer.url("/keys/evil")},
                                         {"type", "CryptographicKey"},
                                         {"owner", victim_id},
                                         {"publicKeyPem", w.peer_keys.public_pem}}
                                        .dump());
    auto r = w.actors().key_for(w.peer.url("/keys/evil"));
    REQUIRE_FALSE(r);
    CHECK(r.error().failure == ResolveFailure::key_not_found);
}

TEST_CASE("actor resolver: a rotated key is fetched again, at most once per interval",
          "[integration][actor_resolver][keys]") {
    for (auto interval : {0s, 60s}) {
        INFO(interval.count());
        World w(loopback(), resolver_options(interval));
        auto id = w.serve_actor(w.peer, "bob");
        auto old_key = w.actors().key_for(id + "#main-key");
        REQUIRE(old_key);
        auto rotated = crypto::generate_rsa_keypair();
        w.serve_actor(w.peer, "bob", actor_json(id, "bob", rotated.public_pem));
        auto signature = PrivateKey::from_pem(rotated.private_pem)
                             ->sign(SignatureAlgorithm::rsa_v1_5_sha256, "after rotation");
        REQUIRE(w.actors().key_for(id + "#main-key"));
        CHECK(w.peer.count("/users/bob") == 1);
        auto refetched = w.actors().refetch_key(id + "#main-key");
        REQUIRE(refetched);
        bool new_key =
            refetched->key.verify(SignatureAlgorithm::rsa_v1_5_sha256, "after rotation", signature);
        CHECK(new_key == (interval == 0s));
        CHECK(w.peer.count("/users/bob") == (interval == 0s ? 2u : 1u));
    }
}

TEST_CASE("actor resolver: WebFinger handles lead to actors", "[integration][actor_resolver]") {
    World w;
    auto id = w.serve_actor(w.peer, "bob");
    std::string jrd =
        json{{"subject", "acct:bob@" + w.peer.authority()},
             {"links",
              {{{"rel", "http://webfinger.net/rel/profile-page"},
                {"type", "text/html"},
                {"href", w.peer.url("/@bob")}},
               {{"rel", "self"}, {"type", "application/activity+json"}, {"href", id}}}}}
            .dump();
    w.peer.on("/.well-known/webfinger", [jrd](const PeerRequest& r) {
        if (r.target.find("mallory") != std::string::npos ||
            r.target.find("bob") != std::string::npos)
            return PeerResponse{200, "application/jrd+json", jrd};
        return PeerResponse{200, "application/jrd+json", R"({"links":[]})"};
    });

    auto bob = w.actors().resolve_handle("@bob@" + w.peer.authority());
    REQUIRE(bob);
    CHECK(bob->uri == id);
    CHECK(w.peer.requests().at(0).target ==
          "/.well-known/webfinger?resource=acct%3Abob%40127.0.0.1%3A" +
              std::to_string(w.peer.port()));
    CHECK(w.signed_by_instance(w.peer.requests().at(0), w.peer));
    CHECK(w.actors().webfinger("acct:bob@" + w.peer.authority()) == id);

    auto mallory = w.actors().resolve_handle("mallory@" + w.peer.authority());
    REQUIRE_FALSE(mallory);
    CHECK(mallory.error().failure == ResolveFailure::handle_mismatch);
    auto nobody = w.actors().resolve_handle("nobody@" + w.peer.authority());
    REQUIRE_FALSE(nobody);
    CHECK(nobody.error().failure == ResolveFailure::not_found);
    CHECK(w.actors().resolve_handle("alice@agora.test").error().failure == ResolveFailure::local);
    for (const char* bad : {"bob", "@bob", "bob@", "bob@a/b", "b ob@x.example", "bob@exa mple"})
        CHECK(w.actors().webfinger(bad).error().failure == ResolveFailure::invalid_uri);
}

TEST_CASE("actor resolver: a peer that only accepts RFC 9421 is learned once",
          "[integration][actor_resolver][signatures]") {
    World w;
    std::string id = w.peer.url("/users/bob");
    auto doc = actor_json(id, "bob", w.peer_keys.public_pem);
    w.peer.on("/users/bob", [&](const PeerRequest& r) {
        if (r.header("Signature-Input").empty() || !w.signed_by_instance(r, w.peer))
            return PeerResponse{401, "application/json", "{}"};
        return PeerResponse{200, "application/activity+json", doc.dump()};
    });
    REQUIRE(w.actors().resolve_actor(id));
    CHECK(w.peer.count("/users/bob") == 2);
    CHECK(w.client.signed_client().schemes().scheme_for(w.peer.authority()) ==
          SignatureScheme::rfc9421);
    REQUIRE(w.actors().resolve_actor(id, true));
    CHECK(w.peer.count("/users/bob") == 3);
}

TEST_CASE("instance actor: served at /actor, found by WebFinger, hidden elsewhere",
          "[integration][instance_actor]") {
    testing::TestNode t;
    t.create_account("alice");
    auto client = t.client();
    auto res = client.Get("/actor", {{"Accept", "application/activity+json"}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/activity+json; charset=utf-8");
    auto doc = json::parse(res->body);
    CHECK(doc["id"] == "https://agora.test/actor");
    CHECK(doc["type"] == "Application");
    CHECK(doc["preferredUsername"] == "agora.test");
    CHECK(doc["inbox"] == "https://agora.test/inbox");
    CHECK(doc["outbox"] == "https://agora.test/actor/outbox");
    CHECK(doc["publicKey"]["id"] == "https://agora.test/actor#main-key");
    CHECK(doc["publicKey"]["owner"] == "https://agora.test/actor");
    auto instance = ensure_instance_actor(t.node().database(), t.node().config());
    CHECK(doc["publicKey"]["publicKeyPem"] == instance.public_key_pem);
    CHECK(instance.username == "agora.test");
    // The same row every time.
    CHECK(ensure_instance_actor(t.node().database(), t.node().config()).id == instance.id);

    auto outbox = client.Get("/actor/outbox");
    REQUIRE(outbox);
    CHECK(json::parse(outbox->body)["totalItems"] == 0);

    for (std::string resource : {"acct:agora.test@agora.test", "https://agora.test/actor"}) {
        auto wf = client.Get("/.well-known/webfinger?resource=" + resource);
        REQUIRE(wf);
        REQUIRE(wf->status == 200);
        auto jrd = json::parse(wf->body);
        CHECK(jrd["subject"] == "acct:agora.test@agora.test");
        CHECK(jrd["links"][0]["href"] == "https://agora.test/actor");
    }
    for (std::string path :
         {"/users/agora.test", "/users/agora.test/outbox", "/users/agora.test/followers"}) {
        INFO(path);
        auto r = client.Get(path, {{"Accept", "application/activity+json"}});
        REQUIRE(r);
        CHECK(r->status == 404);
    }
    auto conn = t.node().database().acquire();
    CHECK(store::search_accounts(*conn, {.term = "agora"}).empty());
    CHECK(store::search_accounts(*conn, {.term = "ali"}).size() == 1);
    CHECK(store::count_local_users(*conn) == 1);
}

TEST_CASE("instance actor: a host without a dot gets instance.actor", "[unit][instance_actor]") {
    Config config;
    config.instance.domain = "localhost:8080";
    CHECK(instance_actor_username(config) == "instance.actor");
    config.instance.domain = "social.example.org";
    CHECK(instance_actor_username(config) == "social.example.org");
    config.instance.domain = "social.example.org:8443";
    CHECK(instance_actor_username(config) == "social.example.org");
    CHECK(is_instance_actor_username("social.example.org"));
    CHECK_FALSE(is_instance_actor_username("alice"));
}

// Accounts on other servers found from the client API: search with `resolve` fetches an actor
// by URL or handle (through a real loopback peer), and mentions of them while posting are linked.
#include "accounts/remote_account_finder.hpp"
#include "crypto/keys.hpp"
#include "rig/fake_peer.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>

using namespace agora;
using agora::testing::call;
using agora::testing::FakePeer;
using agora::testing::member;
using agora::testing::PeerRequest;
using agora::testing::PeerResponse;
using nlohmann::json;

namespace {
// A node allowed to reach the loopback peer over plain http, as tests must.
testing::TestNode loopback_node() {
    return testing::TestNode([](Config& c) {
        c.federation.allow_http = true;
        c.federation.allow_private_addresses = true;
    });
}

// Serves bob's actor, profile page address and WebFinger answer on `peer`.
std::string serve_bob(FakePeer& peer) {
    auto keys = crypto::generate_rsa_keypair();
    std::string id = peer.url("/users/bob");
    json actor = {{"@context", {"https://www.w3.org/ns/activitystreams"}},
                  {"id", id},
                  {"type", "Person"},
                  {"preferredUsername", "bob"},
                  {"name", "Bob <b>from afar</b>"},
                  {"url", peer.url("/@bob")},
                  {"inbox", id + "/inbox"},
                  {"publicKey",
                   {{"id", id + "#main-key"}, {"owner", id}, {"publicKeyPem", keys.public_pem}}}};
    peer.serve_json("/users/bob", actor.dump());
    json jrd = {
        {"subject", "acct:bob@" + peer.authority()},
        {"links", {{{"rel", "self"}, {"type", "application/activity+json"}, {"href", id}}}}};
    peer.serve_json("/.well-known/webfinger", jrd.dump(), "application/jrd+json");
    return id;
}

// A finder that knows one handle, for what no loopback peer can stand for: a handle whose
// domain has no port, as mentions are written. It stores the account when first asked, as the
// real finder does.
struct OneHandle : RemoteAccountFinder {
    std::function<std::int64_t()> store;
    int asked = 0;
    std::optional<std::int64_t> by_handle(std::string_view username,
                                          std::string_view domain) override {
        ++asked;
        if (username == "bob" && domain == "social.example") return store();
        return std::nullopt;
    }
    std::optional<std::int64_t> by_url(std::string_view) override { return std::nullopt; }
};
} // namespace

TEST_CASE("remote lookup: search with resolve fetches an actor by its URL",
          "[api][search][federation]") {
    auto t = loopback_node();
    auto alice = member(t, "alice");
    auto client = t.client();
    FakePeer peer;
    auto id = serve_bob(peer);

    // Without resolve nothing is fetched.
    auto plain = call(client, "GET", "/api/v2/search?q=" + id, alice);
    CHECK(plain["accounts"].empty());
    CHECK(peer.count("/users/bob") == 0);

    auto found = call(client, "GET", "/api/v2/search?resolve=true&q=" + id, alice);
    REQUIRE(found["accounts"].size() == 1);
    auto bob = found["accounts"][0];
    CHECK(bob["acct"] == "bob@" + peer.authority());
    CHECK(bob["uri"] == id);
    CHECK(bob["url"] == peer.url("/@bob"));
    CHECK(bob["display_name"] == "Bob from afar");

    // Found again from what was stored, by handle too.
    auto again = call(client, "GET", "/api/v2/search?q=bob@" + peer.authority(), alice);
    CHECK(again["accounts"].size() == 1);
    auto requests_before = peer.requests().size();
    auto by_id = call(client, "GET", "/api/v1/accounts/" + bob["id"].get<std::string>(), alice);
    CHECK(by_id["uri"] == id);
    CHECK(peer.requests().size() == requests_before);

    // An address that is no actor finds nothing, and says so with an empty list.
    peer.serve_json("/notes/1", R"({"id":"x","type":"Note"})");
    auto nothing =
        call(client, "GET", "/api/v2/search?resolve=true&q=" + peer.url("/notes/1"), alice);
    CHECK(nothing["accounts"].empty());
    // Anonymous readers may not make the server fetch anything (Mastodon's 401).
    auto anonymous = client.Get("/api/v2/search?resolve=true&q=" + id);
    REQUIRE(anonymous);
    CHECK(anonymous->status == 401);
}

TEST_CASE("remote lookup: the node's finder resolves handles through WebFinger",
          "[api][federation]") {
    auto t = loopback_node();
    FakePeer peer;
    auto id = serve_bob(peer);
    auto* finder = t.node().remote_accounts();
    REQUIRE(finder);
    auto bob = finder->by_handle("bob", peer.authority());
    REQUIRE(bob);
    CHECK(peer.count("/.well-known/webfinger") == 1);
    CHECK(finder->by_url(id) == bob);
    CHECK_FALSE(finder->by_handle("nobody", "127.0.0.1:1"));
}

TEST_CASE("remote lookup: mentions of accounts not known here are looked up while posting",
          "[api][statuses][federation]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    // Bob exists on his server; the finder stores him on first use (as a row renamed here).
    auto bob = member(t, "bob_row");
    auto finder = std::make_shared<OneHandle>();
    finder->store = [&] {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE accounts SET username = 'bob', domain = 'social.example', uri = "
                    "'https://social.example/users/bob', url = 'https://social.example/@bob' "
                    "WHERE id = ?",
                    bob.created.account.id)
            .run();
        return bob.created.account.id;
    };
    t.node().set_remote_accounts(finder);

    // Known after the first lookup: the second post finds him in the database.
    auto first = call(client, "POST", "/api/v1/statuses", alice,
                      "status=hi+%40nobody%40nowhere.example+and+%40bob%40social.example");
    REQUIRE(first["mentions"].size() == 1);
    CHECK(first["mentions"][0]["acct"] == "bob@social.example");
    CHECK(first["content"].get<std::string>().find("href=\"https://social.example/@bob\"") !=
          std::string::npos);
    CHECK(first["content"].get<std::string>().find("@nobody@nowhere.example") != std::string::npos);
    CHECK(finder->asked == 2);
    call(client, "POST", "/api/v1/statuses", alice, "status=again+%40bob%40social.example");
    CHECK(finder->asked == 2);
}

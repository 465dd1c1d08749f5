// Posts on other servers found by URL from the client API: GET /api/v2/search?resolve=true&q=<url>
// fetches the post from a real loopback peer, checks it as inbox fetches are checked (its id and
// its author on the origin it came from) and returns it in `statuses`.
#include "rig/member.hpp"
#include "rig/remote_peer_fixtures.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using agora::testing::call;
using nlohmann::json;

namespace {
struct World {
    World()
        : t(testing::loopback_federation()), alice(testing::member(t, "alice")),
          client(t.client()) {
        bob = remote.add_actor("bob");
    }
    json search(const std::string& q) {
        return call(client, "GET", "/api/v2/search?resolve=true&q=" + q, alice);
    }
    std::int64_t stored(const std::string& uri) {
        auto conn = t.node().database().acquire();
        auto st = conn->query("SELECT COUNT(*) FROM statuses WHERE uri = ?", uri);
        st.step();
        return st.int64(0);
    }

    testing::TestNode t;
    testing::RemoteServer remote;
    testing::Member alice;
    httplib::Client client;
    std::string bob;
};
} // namespace

TEST_CASE("search remote posts: a post found by its URL is fetched, stored and returned",
          "[api][search][federation]") {
    World w;
    auto note = w.remote.note("bob", "<p>hello from afar</p>");
    w.remote.serve(note);
    std::string id = note["id"];
    // Without resolve nothing is fetched.
    auto plain = call(w.client, "GET", "/api/v2/search?q=" + id, w.alice);
    CHECK(plain["statuses"].empty());
    CHECK(w.remote.peer.count(id.substr(w.remote.origin().size())) == 0);

    auto found = w.search(id);
    REQUIRE(found["statuses"].size() == 1);
    auto status = found["statuses"][0];
    CHECK(status["uri"] == id);
    CHECK(status["content"] == "<p>hello from afar</p>");
    CHECK(status["account"]["uri"] == w.bob);
    CHECK(status["visibility"] == "public");
    CHECK(found["accounts"].empty());
    CHECK(w.stored(id) == 1);
    // Found again from what was stored: no second fetch.
    auto fetches = w.remote.peer.count(id.substr(w.remote.origin().size()));
    auto again = w.search(id);
    REQUIRE(again["statuses"].size() == 1);
    CHECK(again["statuses"][0]["id"] == status["id"]);
    CHECK(w.remote.peer.count(id.substr(w.remote.origin().size())) == fetches);
    // type=accounts leaves statuses out.
    CHECK(call(w.client, "GET", "/api/v2/search?resolve=true&type=accounts&q=" + id,
               w.alice)["statuses"]
              .empty());
}

TEST_CASE("search remote posts: an actor's URL still finds the account",
          "[api][search][federation]") {
    World w;
    auto found = w.search(w.bob);
    CHECK(found["statuses"].empty());
    REQUIRE(found["accounts"].size() == 1);
    CHECK(found["accounts"][0]["uri"] == w.bob);
}

TEST_CASE("search remote posts: a post claiming another origin is refused",
          "[api][search][federation]") {
    World w;
    testing::RemoteServer other;
    other.add_actor("eve");
    SECTION("an id on another server than the one that answered") {
        // Served here, but claiming to be a post of the other server: never trusted as sent.
        auto forged = other.note("eve", "<p>forged</p>");
        std::string claimed = forged["id"];
        std::string path = "/users/bob/statuses/99";
        w.remote.peer.serve_json(path, forged.dump());
        CHECK(w.search(w.remote.peer.url(path))["statuses"].empty());
        CHECK(w.stored(claimed) == 0);
        CHECK(w.stored(w.remote.peer.url(path)) == 0);
    }
    SECTION("an author on another origin than the post") {
        auto note = w.remote.note("bob", "<p>whose?</p>");
        note["attributedTo"] = other.actor_id("eve");
        w.remote.serve(note);
        CHECK(w.search(note["id"].get<std::string>())["statuses"].empty());
        CHECK(w.stored(note["id"]) == 0);
    }
}

TEST_CASE("search remote posts: what cannot be found gives empty lists",
          "[api][search][federation]") {
    World w;
    SECTION("a URL that answers 404") {
        auto id = w.remote.next_post_id("bob");
        w.remote.fail(id, 404);
        auto found = w.search(id);
        CHECK(found["statuses"].empty());
        CHECK(found["accounts"].empty());
    }
    SECTION("a document that is no post") {
        auto id = w.remote.next_post_id("bob");
        w.remote.serve({{"@context", "https://www.w3.org/ns/activitystreams"},
                        {"id", id},
                        {"type", "Collection"},
                        {"attributedTo", w.bob}});
        CHECK(w.search(id)["statuses"].empty());
        CHECK(w.stored(id) == 0);
    }
    SECTION("not JSON") {
        w.remote.peer.serve_json("/garbage", "<html>no</html>");
        CHECK(w.search(w.remote.peer.url("/garbage"))["statuses"].empty());
    }
    SECTION("a followers-only post the reader may not see") {
        auto note = w.remote.note("bob", "<p>for followers</p>", "private");
        w.remote.serve(note);
        CHECK(w.search(note["id"].get<std::string>())["statuses"].empty());
    }
    SECTION("anonymous readers may not make the server fetch") {
        auto note = w.remote.note("bob", "<p>hi</p>");
        w.remote.serve(note);
        auto res = w.client.Get("/api/v2/search?resolve=true&q=" + note["id"].get<std::string>());
        REQUIRE(res);
        CHECK(res->status == 401);
        CHECK(w.stored(note["id"]) == 0);
    }
}

// Stale remote actors refreshed in the background on a running node: the stored copy is answered
// at once, whatever the actor's server does, and replaced shortly after; each actor is fetched
// once however often it is used meanwhile, a failing server is not asked at every use, and
// unknown actors are still fetched before the answer.
#include "federation/actor_resolver.hpp"
#include "federation/federation.hpp"
#include "federation/federation_client.hpp"
#include "federation/inbox_worker.hpp"
#include "rig/eventually.hpp"
#include "rig/fixtures.hpp"
#include "rig/remote_actor.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <thread>

using namespace agora;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::eventually;

namespace {
// A running node (its federation started, as in production) and bob on a loopback peer.
struct World {
    World()
        : t([](Config& c) { testing::allow_loopback_peers(c); }), bob(peer, "bob"),
          path("/users/bob") {}

    federation::ActorResolver& actors() {
        return federation::Federation::of(t.node()).client().actors();
    }
    // Makes bob's stored copy older than federation.actor_refresh_interval.
    void make_stale() {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE accounts SET fetched_at = 0 WHERE uri = ?", bob.id()).run();
    }
    std::string stored_name() {
        auto conn = t.node().database().acquire();
        auto st = conn->query("SELECT display_name FROM accounts WHERE uri = ?", bob.id());
        return st.step() ? st.text(0) : "";
    }
    // From now on bob's server answers his document as it is now, after `delay`.
    void serve_slowly(std::chrono::milliseconds delay, int status = 200) {
        auto body = bob.document().dump();
        peer.on(path, [body, delay, status](const testing::PeerRequest&) {
            testing::PeerResponse r;
            r.status = status;
            r.body = status == 200 ? body : "{}";
            r.delay = delay;
            return r;
        });
    }

    testing::FakePeer peer;
    testing::TestNode t;
    testing::RemoteActor bob;
    std::string path;
};

json renamed(json document, const std::string& name) {
    document["name"] = name;
    return document;
}
} // namespace

TEST_CASE("actor refresh: an unknown actor is fetched before the answer",
          "[integration][actor_refresh]") {
    World w;
    auto resolved = w.actors().resolve_actor(w.bob.id());
    REQUIRE(resolved);
    CHECK(resolved->account.display_name == "bob far away");
    CHECK(w.peer.count(w.path) == 1);
    // Fresh: from the database.
    REQUIRE(w.actors().resolve_actor(w.bob.id()));
    CHECK(w.peer.count(w.path) == 1);
}

TEST_CASE("actor refresh: a stale actor is answered as stored at once, then refreshed",
          "[integration][actor_refresh]") {
    World w;
    REQUIRE(w.actors().resolve_actor(w.bob.id()));
    w.bob.set_document(renamed(w.bob.document(), "Robert"));
    w.serve_slowly(1500ms);
    w.make_stale();

    auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 5; ++i) { // used again and again meanwhile: one fetch
        auto resolved = w.actors().resolve_actor(w.bob.id());
        REQUIRE(resolved);
        CHECK(resolved->account.display_name == "bob far away");
    }
    CHECK(std::chrono::steady_clock::now() - started < 1000ms); // nobody waited on the server
    REQUIRE(eventually([&] { return w.stored_name() == "Robert"; }));
    CHECK(w.peer.count(w.path) == 2);
    auto fresh = w.actors().resolve_actor(w.bob.id());
    REQUIRE(fresh);
    CHECK(fresh->account.display_name == "Robert");
    std::this_thread::sleep_for(300ms);
    CHECK(w.peer.count(w.path) == 2);

    // Asked for explicitly (an Update{Person}, a key rotation): fetched now.
    w.bob.set_document(renamed(w.bob.document(), "Bobby"));
    w.serve_slowly(0ms);
    auto forced = w.actors().resolve_actor(w.bob.id(), true);
    REQUIRE(forced);
    CHECK(forced->account.display_name == "Bobby");
}

TEST_CASE("actor refresh: a failing server keeps the stored copy and is not asked at every use",
          "[integration][actor_refresh]") {
    World w;
    REQUIRE(w.actors().resolve_actor(w.bob.id()));
    w.serve_slowly(0ms, 503);
    w.make_stale();
    auto resolved = w.actors().resolve_actor(w.bob.id());
    REQUIRE(resolved);
    CHECK(resolved->account.display_name == "bob far away");
    REQUIRE(eventually([&] { return w.peer.count(w.path) == 2; }));
    // Still stale (the refresh failed), used again: not attempted again so soon.
    for (int i = 0; i < 3; ++i)
        REQUIRE(w.actors().resolve_actor(w.bob.id()));
    std::this_thread::sleep_for(500ms);
    CHECK(w.peer.count(w.path) == 2);
    CHECK(w.stored_name() == "bob far away");
}

TEST_CASE("actor refresh: the inbox worker does not wait on a stale sender's server",
          "[integration][actor_refresh]") {
    World w;
    auto alice = testing::member(w.t, "alice");
    auto client = w.t.client();
    auto status = testing::post_status(client, alice, "hello");
    auto& federation = federation::Federation::of(w.t.node());
    federation.inbox().pause(true);
    REQUIRE(w.actors().resolve_actor(w.bob.id()));
    w.serve_slowly(3000ms);
    w.make_stale();

    REQUIRE(w.bob.deliver(w.t, w.bob.activity("Like", status["uri"])).status == 202);
    auto started = std::chrono::steady_clock::now();
    CHECK(federation.drain_inbox() == 1);
    CHECK(std::chrono::steady_clock::now() - started < 1500ms);
    CHECK(testing::call(client, "GET", "/api/v1/statuses/" + status["id"].get<std::string>(),
                        alice)["favourites_count"] == 1);
}

// Reply threads of remote posts fetched on demand over real HTTP: reading a remote post's context
// queues a background walk of its `replies` collection (pages followed), replies on the post's
// own origin taken in, bounded in depth and count, at most once per post in a while.
#include "rig/eventually.hpp"
#include "rig/member.hpp"
#include "rig/remote_peer_fixtures.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <thread>

using namespace agora;
using agora::testing::call;
using nlohmann::json;

namespace {
struct World {
    World()
        : t(testing::loopback_federation()), alice(testing::member(t, "alice")),
          client(t.client()) {
        remote.add_actor("bob");
        remote.add_actor("carol");
    }
    // A reply of `name` to `parent`, not yet served.
    json reply(const std::string& name, const json& parent, const std::string& text) {
        auto note = remote.note(name, "<p>" + text + "</p>");
        note["inReplyTo"] = parent["id"];
        return note;
    }
    // `note` with a replies collection whose first page lists `items` and points to `next`.
    static void with_replies(json& note, const json& items, const json& next = nullptr) {
        json first = {{"type", "CollectionPage"},
                      {"partOf", note["id"].get<std::string>() + "/replies"},
                      {"items", items}};
        if (!next.is_null()) first["next"] = next;
        note["replies"] = {{"id", note["id"].get<std::string>() + "/replies"},
                           {"type", "Collection"},
                           {"first", first}};
    }
    // The local id of a remote post, found by search (fetched and stored).
    std::string found(const std::string& uri) {
        auto result = call(client, "GET", "/api/v2/search?resolve=true&q=" + uri, alice);
        REQUIRE(result["statuses"].size() == 1);
        return result["statuses"][0]["id"];
    }
    json context(const std::string& id) {
        return call(client, "GET", "/api/v1/statuses/" + id + "/context", alice);
    }
    std::int64_t stored(const std::string& uri) {
        auto conn = t.node().database().acquire();
        auto st = conn->query("SELECT COUNT(*) FROM statuses WHERE uri = ?", uri);
        st.step();
        return st.int64(0);
    }
    std::size_t fetches(const std::string& uri) {
        return remote.peer.count(uri.substr(remote.origin().size()));
    }
    testing::TestNode t;
    testing::RemoteServer remote;
    testing::Member alice;
    httplib::Client client;
};
} // namespace

TEST_CASE("reply threads: a remote post's context fetches its replies in the background",
          "[api][federation][threads]") {
    World w;
    auto root = w.remote.note("bob", "<p>root</p>");
    auto first = w.reply("bob", root, "first");
    auto second = w.reply("carol", root, "second");
    auto nested = w.reply("carol", first, "nested");
    testing::RemoteServer elsewhere;
    elsewhere.add_actor("eve");
    auto foreign = elsewhere.note("eve", "<p>foreign</p>");
    foreign["inReplyTo"] = root["id"];
    elsewhere.serve(foreign);
    // The first page lists bob's reply and points to a second page (fetched by id), which lists
    // carol's reply and one on another server (left alone, as Mastodon leaves it).
    std::string page2 = w.remote.origin() + "/pages/root-2";
    World::with_replies(root, json::array({first["id"]}), page2);
    w.remote.peer.serve_json(
        "/pages/root-2",
        json({{"id", page2}, {"type", "CollectionPage"}, {"items", {second["id"], foreign["id"]}}})
            .dump());
    World::with_replies(first, json::array({nested}));
    for (const auto& note : {root, first, second, nested})
        w.remote.serve(note);

    auto id = w.found(root["id"]);
    CHECK(w.stored(first["id"]) == 0); // nothing fetched before the thread is read
    auto answer = w.context(id);       // answers at once with what is known
    CHECK(answer["descendants"].is_array());
    REQUIRE(testing::eventually([&] { return w.context(id)["descendants"].size() == 3; }));
    auto descendants = w.context(id)["descendants"];
    std::vector<std::string> uris;
    for (const auto& s : descendants)
        uris.push_back(s["uri"]);
    // Breadth first: root's replies, then the reply to the first.
    CHECK(uris == std::vector<std::string>{first["id"], second["id"], nested["id"]});
    CHECK(w.stored(foreign["id"]) == 0);
    CHECK(elsewhere.peer.count(
              foreign["id"].get<std::string>().substr(elsewhere.origin().size())) == 0);

    // At most once per post in a while: reading the context again fetches nothing more.
    auto before = w.fetches(root["id"]);
    w.context(id);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(w.fetches(root["id"]) == before);
}

TEST_CASE("reply threads: the walk is bounded in count and depth", "[api][federation][threads]") {
    World w;
    SECTION("40 replies at most") {
        auto root = w.remote.note("bob", "<p>popular</p>");
        json items = json::array();
        std::vector<std::string> ids;
        for (int i = 0; i < 60; ++i) {
            auto reply = w.reply("carol", root, "reply " + std::to_string(i));
            w.remote.serve(reply);
            items.push_back(reply["id"]);
            ids.push_back(reply["id"]);
        }
        World::with_replies(root, items);
        w.remote.serve(root);
        auto id = w.found(root["id"]);
        w.context(id);
        REQUIRE(testing::eventually([&] { return w.context(id)["descendants"].size() == 40; }));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        CHECK(w.context(id)["descendants"].size() == 40);
        CHECK(w.stored(ids.back()) == 0);
    }
    SECTION("three levels down") {
        auto root = w.remote.note("bob", "<p>deep</p>");
        std::vector<json> chain{root};
        for (int level = 1; level <= 5; ++level)
            chain.push_back(w.reply("bob", chain.back(), "level " + std::to_string(level)));
        for (std::size_t i = 0; i + 1 < chain.size(); ++i)
            World::with_replies(chain[i], json::array({chain[i + 1]["id"]}));
        for (const auto& note : chain)
            w.remote.serve(note);
        auto id = w.found(root["id"]);
        w.context(id);
        REQUIRE(testing::eventually([&] { return w.stored(chain[3]["id"]) == 1; }));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        CHECK(w.stored(chain[4]["id"]) == 0);
    }
}

TEST_CASE("reply threads: collections from elsewhere and broken ones fetch nothing",
          "[api][federation][threads]") {
    World w;
    testing::RemoteServer elsewhere;
    elsewhere.add_actor("eve");
    SECTION("a replies collection named by an id on another server") {
        auto planted = elsewhere.note("eve", "<p>planted</p>");
        elsewhere.serve(planted);
        auto collection_id = elsewhere.origin() + "/collections/planted";
        elsewhere.peer.serve_json(
            "/collections/planted",
            json({{"id", collection_id}, {"type", "Collection"}, {"items", {planted["id"]}}})
                .dump());
        auto root = w.remote.note("bob", "<p>root</p>");
        root["replies"] = collection_id;
        w.remote.serve(root);
        auto id = w.found(root["id"]);
        w.context(id);
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        CHECK(elsewhere.peer.count("/collections/planted") == 0);
        CHECK(w.stored(planted["id"]) == 0);
    }
    SECTION("a reply whose server serves another id") {
        auto root = w.remote.note("bob", "<p>root</p>");
        auto liar = w.remote.next_post_id("bob");
        auto other = elsewhere.note("eve", "<p>spoofed</p>");
        w.remote.peer.serve_json(liar.substr(w.remote.origin().size()), other.dump());
        World::with_replies(root, json::array({liar}));
        w.remote.serve(root);
        auto id = w.found(root["id"]);
        w.context(id);
        REQUIRE(testing::eventually([&] { return w.fetches(liar) > 0; }));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        CHECK(w.stored(liar) == 0);
        CHECK(w.stored(other["id"]) == 0);
        CHECK(w.context(id)["descendants"].empty());
    }
    SECTION("garbage where the collection should be") {
        auto root = w.remote.note("bob", "<p>root</p>");
        root["replies"] = {{"type", "Collection"}, {"first", 42}};
        w.remote.serve(root);
        auto id = w.found(root["id"]);
        CHECK(w.context(id)["descendants"].empty());
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        CHECK(w.context(id)["descendants"].empty());
    }
}

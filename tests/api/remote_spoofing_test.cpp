// Origin checks of the inbox handlers for posts and interactions (FEP-fe34), one spoofing
// attempt per test: nobody creates, changes, deletes or undoes what is not theirs.
#include "rig/fixtures.hpp"
#include "rig/member.hpp"
#include "rig/remote_peer_fixtures.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::as_public;
using testing::call;

namespace {
using World = testing::FederatedWorld;

// bob's public post, delivered and stored; returns it.
json bobs_post(World& w, const std::string& html = "<p>bob's words</p>") {
    auto note = w.remote.note("bob", html);
    REQUIRE(w.deliver(w.remote.create(note)) == "applied");
    return note;
}

std::string content_of(World& w, const json& note) {
    return call(w.client, "GET", "/api/v1/statuses/" + w.local_id(note["id"]), w.carol)["content"];
}
} // namespace

TEST_CASE("spoofing: a Create of a post from another origin is not trusted",
          "[api][federation][spoofing]") {
    World w;
    testing::RemoteServer other;
    other.add_actor("dora");
    auto theirs = other.note("dora", "<p>words put in dora's mouth</p>");
    other.serve(theirs);
    auto create = w.remote.create(theirs);
    create["actor"] = w.bob; // bob delivers a post of another server
    CHECK(w.deliver(create) == "ignored");
    CHECK(w.local_id(theirs["id"]).empty());
    CHECK(other.peer.count(theirs["id"].get<std::string>().substr(other.origin().size())) == 0);
}

TEST_CASE("spoofing: a Create whose object id is on another origin, attributed to the sender",
          "[api][federation][spoofing]") {
    World w;
    testing::RemoteServer other;
    auto note = w.remote.note("bob", "<p>hosted elsewhere</p>");
    note["id"] = other.origin() + "/users/bob/statuses/1";
    CHECK(w.deliver(w.remote.create(note)) == "ignored");
    CHECK(w.count("SELECT COUNT(*) FROM statuses") == 0);
}

TEST_CASE("spoofing: a Create naming another origin's post by id is not fetched",
          "[api][federation][spoofing]") {
    World w;
    testing::RemoteServer other;
    other.add_actor("dora");
    auto theirs = other.note("dora", "<p>fetch me</p>");
    other.serve(theirs);
    auto create = w.remote.activity("Create", "bob", theirs["id"]);
    CHECK(w.deliver(create) == "ignored");
    CHECK(w.local_id(theirs["id"]).empty());
    CHECK(other.peer.requests().empty());
}

TEST_CASE("spoofing: a Create attributed to someone else of the same server",
          "[api][federation][spoofing]") {
    World w;
    auto erin = w.remote.add_actor("erin");
    auto note = w.remote.note("bob", "<p>erin says</p>");
    note["attributedTo"] = erin; // bob signs, the post claims erin wrote it
    auto create = w.remote.create(note);
    create["actor"] = w.bob;
    CHECK(w.deliver(create) == "ignored");
    CHECK(w.count("SELECT COUNT(*) FROM statuses") == 0);
}

TEST_CASE("spoofing: an Update of someone else's post", "[api][federation][spoofing]") {
    World w;
    auto original = bobs_post(w);
    w.remote.add_actor("erin");
    auto changed = original;
    changed["content"] = "<p>erin's rewrite</p>";
    changed["updated"] = testing::iso_in(0);
    // As written by bob, sent by erin.
    auto update = w.remote.update(changed);
    update["actor"] = w.remote.actor_id("erin");
    CHECK(w.deliver(update) == "ignored");
    // Claiming to be erin's own post, with bob's id.
    changed["attributedTo"] = w.remote.actor_id("erin");
    CHECK(w.deliver(w.remote.update(changed)) == "ignored");
    CHECK(content_of(w, original) == "<p>bob's words</p>");
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + w.local_id(original["id"]) + "/history",
               w.carol)
              .size() <= 1);
}

TEST_CASE("spoofing: a Delete of someone else's post", "[api][federation][spoofing]") {
    World w;
    auto original = bobs_post(w);
    w.remote.add_actor("erin");
    auto tombstone = json{{"id", original["id"]}, {"type", "Tombstone"}};
    CHECK(w.deliver(w.remote.activity("Delete", "erin", tombstone)) == "ignored");
    CHECK(content_of(w, original) == "<p>bob's words</p>");
    // The refused Delete leaves no tombstone that would keep bob's post out later.
    CHECK(w.count("SELECT COUNT(*) FROM status_tombstones") == 0);
}

TEST_CASE("spoofing: a Delete of a post from another origin", "[api][federation][spoofing]") {
    World w;
    auto original = bobs_post(w);
    testing::RemoteServer other;
    other.add_actor("dora");
    auto del = other.activity("Delete", "dora", original["id"]);
    CHECK(w.deliver(del) == "ignored");
    CHECK(content_of(w, original) == "<p>bob's words</p>");
}

TEST_CASE("spoofing: an Undo of someone else's boost", "[api][federation][spoofing]") {
    World w;
    auto local = testing::post_status(w.client, w.alice, "boost me");
    auto boost = w.remote.activity("Announce", "bob", local["uri"]);
    boost["id"] = w.remote.next_post_id("bob") + "/activity";
    boost["to"] = {as_public};
    REQUIRE(w.deliver(boost) == "applied");
    w.remote.add_actor("erin");
    auto forged = boost;
    forged["actor"] = w.remote.actor_id("erin");
    CHECK(w.deliver(w.remote.activity("Undo", "erin", forged)) == "ignored");
    CHECK(w.deliver(w.remote.activity("Undo", "erin", boost)) == "ignored");
    CHECK(w.deliver(w.remote.activity("Undo", "erin", boost["id"])) == "ignored");
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + local["id"].get<std::string>(),
               w.alice)["reblogs_count"] == 1);
}

TEST_CASE("spoofing: an Undo of someone else's Like", "[api][federation][spoofing]") {
    World w;
    auto local = testing::post_status(w.client, w.alice, "like me");
    auto like = w.remote.activity("Like", "bob", local["uri"]);
    REQUIRE(w.deliver(like) == "applied");
    w.remote.add_actor("erin");
    // bob's Like, undone by erin.
    CHECK(w.deliver(w.remote.activity("Undo", "erin", like)) == "ignored");
    // A Like claimed by erin: she has none to undo.
    auto hers = like;
    hers["actor"] = w.remote.actor_id("erin");
    CHECK(w.deliver(w.remote.activity("Undo", "erin", hers)) == "ignored");
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + local["id"].get<std::string>(),
               w.alice)["favourites_count"] == 1);
}

TEST_CASE("spoofing: an Announce whose id is on another origin", "[api][federation][spoofing]") {
    World w;
    auto local = testing::post_status(w.client, w.alice, "boost me");
    testing::RemoteServer other;
    auto boost = w.remote.activity("Announce", "bob", local["uri"]);
    boost["id"] = other.origin() + "/users/bob/statuses/9/activity";
    boost["to"] = {as_public};
    CHECK(w.deliver(boost) == "ignored");
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + local["id"].get<std::string>(),
               w.alice)["reblogs_count"] == 0);
}

TEST_CASE("spoofing: an Add of someone else's post to one's featured collection",
          "[api][federation][spoofing]") {
    World w;
    auto original = bobs_post(w);
    w.remote.add_actor("erin");
    auto add = w.remote.activity("Add", "erin", original["id"]);
    add["target"] = w.remote.featured("erin");
    CHECK(w.deliver(add) == "ignored");
    // Nor into someone else's collection.
    auto into_bobs = add;
    into_bobs["target"] = w.remote.featured("bob");
    CHECK(w.deliver(into_bobs) == "ignored");
    CHECK(w.count("SELECT COUNT(*) FROM status_pins") == 0);
}

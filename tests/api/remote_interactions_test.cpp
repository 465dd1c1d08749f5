// What remote accounts do with posts, through the inbox handlers: Announce (and its Undo), Like
// and EmojiReact (and their Undo), Add and Remove on featured collections, checked through the
// client API: notifications, counts, home feeds, pinned posts.
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

json announce(World& w, const std::string& name, const json& object) {
    auto a = w.remote.activity("Announce", name, object);
    a["id"] = w.remote.next_post_id(name) + "/activity"; // as Mastodon names its Announces
    a["published"] = testing::iso_in(0);
    a["to"] = {as_public};
    a["cc"] = {w.remote.followers(name)};
    return a;
}
} // namespace

TEST_CASE("remote interactions: a boost of a local post, and its Undo",
          "[api][federation][remote_interactions]") {
    World w;
    auto local = testing::post_status(w.client, w.alice, "boost me");
    std::string id = local["id"];
    auto boost = announce(w, "bob", local["uri"]);
    REQUIRE(w.deliver(boost) == "applied");
    CHECK(w.deliver(boost) == "ignored"); // delivered twice: one boost

    auto notes = call(w.client, "GET", "/api/v1/notifications", w.alice);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["type"] == "reblog");
    CHECK(notes[0]["account"]["acct"] == "bob@" + w.remote.peer.authority());
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + id, w.alice)["reblogs_count"] == 1);
    auto by = call(w.client, "GET", "/api/v1/statuses/" + id + "/reblogged_by", w.alice);
    REQUIRE(by.size() == 1);
    // carol follows bob: his boost is in her home feed, its uri the Announce's id.
    auto home = call(w.client, "GET", "/api/v1/timelines/home", w.carol);
    REQUIRE(home.size() == 1);
    CHECK(home[0]["uri"] == boost["id"]);
    CHECK(home[0]["reblog"]["id"] == id);
    CHECK(home[0]["agora"]["reason"]["type"] == "boosted_by");

    auto undo = w.remote.activity("Undo", "bob", boost);
    REQUIRE(w.deliver(undo) == "applied");
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + id, w.alice)["reblogs_count"] == 0);
    CHECK(call(w.client, "GET", "/api/v1/notifications", w.alice).empty());
    CHECK(call(w.client, "GET", "/api/v1/timelines/home", w.carol).empty());
    CHECK(w.deliver(undo) == "ignored");
    // The Announce delivered again after its Undo is not applied.
    CHECK(w.deliver(boost) == "ignored");
    // An Undo naming the Announce by its id alone.
    auto again = announce(w, "bob", local["uri"]);
    REQUIRE(w.deliver(again) == "applied");
    CHECK(w.deliver(w.remote.activity("Undo", "bob", again["id"])) == "applied");
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + id, w.alice)["reblogs_count"] == 0);
}

TEST_CASE("remote interactions: a boost of an unknown post fetches it from its server",
          "[api][federation][remote_interactions]") {
    World w;
    testing::RemoteServer other; // another server, whose post bob boosts
    other.add_actor("dora");
    auto original = other.note("dora", "<p>the real post</p>");
    other.serve(original);
    // The Announce embeds a forged copy: it is not trusted, the post is fetched by its id.
    auto forged = original;
    forged["content"] = "<p>forged words</p>";
    REQUIRE(w.deliver(announce(w, "bob", forged)) == "applied");
    auto home = call(w.client, "GET", "/api/v1/timelines/home", w.carol);
    REQUIRE(home.size() == 1);
    CHECK(home[0]["reblog"]["uri"] == original["id"]);
    CHECK(home[0]["reblog"]["content"] == "<p>the real post</p>");
    CHECK(home[0]["reblog"]["account"]["acct"] == "dora@" + other.peer.authority());
    CHECK(other.peer.count(original["id"].get<std::string>().substr(other.origin().size())) == 1);

    // The original's server down: tried again later; gone: ignored.
    auto unreachable = other.note("dora", "<p>later</p>");
    other.fail(unreachable["id"], 503);
    CHECK(w.deliver(announce(w, "bob", unreachable["id"])) == "retry_later");
    auto gone = other.note("dora", "<p>gone</p>");
    other.fail(gone["id"], 410);
    CHECK(w.deliver(announce(w, "bob", gone["id"])) == "ignored");
    // Boosts by accounts nobody here follows, of posts not ours: not kept.
    w.remote.add_actor("erin");
    CHECK(w.deliver(announce(w, "erin", original["id"])) == "ignored");
}

TEST_CASE("remote interactions: a self-boost embedding the booster's own post is its creation",
          "[api][federation][remote_interactions]") {
    World w;
    auto own = w.remote.note("bob", "<p>mine</p>");
    REQUIRE(w.deliver(announce(w, "bob", own)) == "applied");
    CHECK_FALSE(w.local_id(own["id"]).empty());
    CHECK(w.remote.peer.count(own["id"].get<std::string>().substr(w.remote.origin().size())) == 0);
}

TEST_CASE("remote interactions: Like, EmojiReact, and their Undo",
          "[api][federation][remote_interactions]") {
    World w;
    auto local = testing::post_status(w.client, w.alice, "like me");
    std::string id = local["id"];
    auto like = w.remote.activity("Like", "bob", local["uri"]);
    REQUIRE(w.deliver(like) == "applied");
    CHECK(w.deliver(like) == "ignored");
    auto s = call(w.client, "GET", "/api/v1/statuses/" + id, w.alice);
    CHECK(s["favourites_count"] == 1);
    auto notes = call(w.client, "GET", "/api/v1/notifications", w.alice);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["type"] == "favourite");
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + id + "/favourited_by", w.alice).size() == 1);

    REQUIRE(w.deliver(w.remote.activity("Undo", "bob", like)) == "applied");
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + id, w.alice)["favourites_count"] == 0);
    CHECK(call(w.client, "GET", "/api/v1/notifications", w.alice).empty());

    // An emoji reaction counts as a favourite (nothing better exists yet).
    auto react = w.remote.activity("EmojiReact", "bob", local["uri"]);
    react["content"] = "🔥";
    REQUIRE(w.deliver(react) == "applied");
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + id, w.alice)["favourites_count"] == 1);
    REQUIRE(w.deliver(w.remote.activity("Undo", "bob", react)) == "applied");
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + id, w.alice)["favourites_count"] == 0);

    // Likes of posts we do not have, or may not be seen by the sender: ignored.
    CHECK(w.deliver(w.remote.activity("Like", "bob", w.remote.origin() + "/unknown/1")) ==
          "ignored");
    auto secret = testing::post_status(w.client, w.alice, "followers only", "private");
    CHECK(w.deliver(w.remote.activity("Like", "bob", secret["uri"])) == "ignored");
    CHECK(w.deliver(w.remote.activity("Like", "bob", json::object())) == "ignored");
    // Likes of a remote post we have count too.
    auto note = w.remote.note("bob", "<p>a remote post</p>");
    REQUIRE(w.deliver(w.remote.create(note)) == "applied");
    w.remote.add_actor("erin");
    CHECK(w.deliver(w.remote.activity("Like", "erin", note["id"])) == "applied");
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + w.local_id(note["id"]),
               w.carol)["favourites_count"] == 1);
}

TEST_CASE("remote interactions: Add and Remove on the featured collection pin posts",
          "[api][federation][remote_interactions]") {
    World w;
    auto note = w.remote.note("bob", "<p>pin me</p>");
    w.remote.serve(note);
    auto add = w.remote.activity("Add", "bob", note["id"]);
    add["target"] = w.remote.featured("bob");
    REQUIRE(w.deliver(add) == "applied"); // fetched: we did not have it
    std::string bob_id = std::to_string(testing::remote_account_id(w.t, w.bob));
    auto pinned =
        call(w.client, "GET", "/api/v1/accounts/" + bob_id + "/statuses?pinned=true", w.carol);
    REQUIRE(pinned.size() == 1);
    CHECK(pinned[0]["uri"] == note["id"]);
    CHECK(w.deliver(add) == "ignored");

    auto elsewhere = add;
    elsewhere["target"] = w.remote.actor_id("bob") + "/collections/other";
    CHECK(w.deliver(elsewhere) == "ignored");
    auto tag = add;
    tag["object"] = {{"type", "Hashtag"}, {"name", "#cats"}};
    CHECK(w.deliver(tag) == "ignored"); // featured hashtags are not kept

    auto remove = add;
    remove["type"] = "Remove";
    REQUIRE(w.deliver(remove) == "applied");
    CHECK(call(w.client, "GET", "/api/v1/accounts/" + bob_id + "/statuses?pinned=true", w.carol)
              .empty());
}

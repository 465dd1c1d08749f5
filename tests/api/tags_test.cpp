// Hashtags over HTTP: the Tag entity, following and unfollowing a tag, the followed tags list,
// and followed tags feeding the home timeline (with the reason, once, blocks and mutes applied).
#include "rig/fixtures.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::follow;
using testing::Member;
using testing::member;
using testing::members;
using testing::post_status;

namespace {
// The home timeline entry of status `id` for `who`, or null.
json home_entry(httplib::Client& client, const Member& who, const json& status) {
    for (const auto& entry : call(client, "GET", "/api/v1/timelines/home?limit=40", who))
        if (entry["id"] == status["id"]) return entry;
    return nullptr;
}

std::int64_t feed_rows(testing::TestNode& t, const Member& owner, const json& status) {
    auto conn = t.node().database().acquire();
    auto st = conn->query("SELECT COUNT(*) FROM feed WHERE owner_id = ? AND status_id = ?",
                          owner.created.account.id,
                          std::int64_t(std::stoll(status["id"].get<std::string>())));
    st.step();
    return st.int64(0);
}

std::int64_t count_tags(testing::TestNode& t) {
    auto conn = t.node().database().acquire();
    auto st = conn->query("SELECT COUNT(*) FROM tags");
    st.step();
    return st.int64(0);
}
} // namespace

TEST_CASE("tags: the Tag entity", "[api][tags]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    post_status(client, alice, "#Démocratie locale");
    post_status(client, alice, "#democratie encore");

    auto tag = testing::answer(client.Get("/api/v1/tags/D%C3%A9mocratie"), 200);
    CHECK(tag["name"] == "democratie");
    CHECK(tag["url"] == "https://agora.test/tags/democratie");
    CHECK(!tag["id"].get<std::string>().empty());
    REQUIRE(tag["history"].size() == 7);
    CHECK(tag["history"][0]["uses"] == "2");
    CHECK(tag["history"][0]["accounts"] == "1");
    CHECK(!tag.contains("following")); // signed out
    auto mine = call(client, "GET", "/api/v1/tags/democratie", alice);
    CHECK(mine["following"] == false);
    CHECK(mine["featuring"] == false);
    CHECK(mine["id"] == tag["id"]);

    // A valid name nobody used: answered as it is written, with an empty history, and not stored.
    auto before = count_tags(t);
    auto unused = testing::answer(client.Get("/api/v1/tags/Inconnu"), 200);
    CHECK(unused["name"] == "Inconnu");
    CHECK(unused["id"] == "");
    CHECK(unused["url"] == "https://agora.test/tags/inconnu");
    REQUIRE(unused["history"].size() == 7);
    for (const auto& day : unused["history"])
        CHECK(day["uses"] == "0");
    CHECK(count_tags(t) == before);

    // Not hashtags: 404, as Mastodon.
    for (const auto& bad :
         std::vector<std::string>{"123", "a-b", "%20", "%23tag", "caf%C3%A9%20bar", "_", "%FF%FE",
                                  std::string(600, 'a')}) {
        INFO(bad);
        testing::answer(client.Get("/api/v1/tags/" + bad), 404);
    }
    testing::answer(client.Get("/api/v1/tags/1_2"), 200); // word characters with `_` inside
    testing::answer(client.Get("/api/v1/tags/" + std::string(400, 'a')), 200);
}

TEST_CASE("tags: follow, unfollow and the followed tags list", "[api][tags]") {
    testing::TestNode t;
    auto [alice, bob] = members(t, "alice", "bob");
    auto client = t.client();

    auto followed = call(client, "POST", "/api/v1/tags/V%C3%A9lo/follow", alice);
    CHECK(followed["name"] == "Vélo"); // created by the follow, as first written
    CHECK(followed["following"] == true);
    CHECK(!followed["id"].get<std::string>().empty());
    call(client, "POST", "/api/v1/tags/velo/follow", alice); // twice is once
    CHECK(call(client, "GET", "/api/v1/tags/VELO", alice)["following"] == true);
    CHECK(call(client, "GET", "/api/v1/tags/velo", bob)["following"] == false);
    auto list = call(client, "GET", "/api/v1/followed_tags", alice);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["name"] == "Vélo");
    CHECK(list[0]["following"] == true);
    CHECK(call(client, "GET", "/api/v1/followed_tags", bob).empty());

    // Paging: newest follow first, a Link header to go on.
    call(client, "POST", "/api/v1/tags/marche/follow", alice);
    call(client, "POST", "/api/v1/tags/jardin/follow", alice);
    auto page = client.Get("/api/v1/followed_tags?limit=2", alice.auth());
    auto first = testing::answer(page, 200);
    REQUIRE(first.size() == 2);
    CHECK(first[0]["name"] == "jardin");
    CHECK(first[1]["name"] == "marche");
    auto link = page->get_header_value("Link");
    auto at = link.find("max_id=");
    REQUIRE(at != std::string::npos);
    auto max_id = link.substr(at + 7, link.find_first_of("&>", at) - at - 7);
    auto rest = call(client, "GET", "/api/v1/followed_tags?limit=2&max_id=" + max_id, alice);
    REQUIRE(rest.size() == 1);
    CHECK(rest[0]["name"] == "Vélo");

    auto unfollowed = call(client, "POST", "/api/v1/tags/velo/unfollow", alice);
    CHECK(unfollowed["following"] == false);
    call(client, "POST", "/api/v1/tags/velo/unfollow", alice); // twice is fine
    CHECK(call(client, "POST", "/api/v1/tags/jamais/unfollow", alice)["following"] == false);
    CHECK(call(client, "GET", "/api/v1/followed_tags", alice).size() == 2);

    // Bad names, no token, a token without the scope.
    auto before = count_tags(t);
    call(client, "POST", "/api/v1/tags/a-b/follow", alice, "", 404);
    CHECK(count_tags(t) == before);
    testing::answer(client.Post("/api/v1/tags/velo/follow"), 401);
    testing::answer(client.Get("/api/v1/followed_tags"), 401);
    auto reader = t.token_for(alice.created.account, "read");
    testing::answer(client.Post("/api/v1/tags/velo/follow", {{"Authorization", "Bearer " + reader}},
                                "", "application/x-www-form-urlencoded"),
                    403);
    auto writer = t.token_for(alice.created.account, "write:follows");
    testing::answer(client.Get("/api/v1/followed_tags", {{"Authorization", "Bearer " + writer}}),
                    403);
    testing::answer(client.Post("/api/v1/tags/velo/follow", {{"Authorization", "Bearer " + writer}},
                                "", "application/x-www-form-urlencoded"),
                    200);
}

TEST_CASE("tags: a followed hashtag feeds the home timeline", "[api][tags]") {
    testing::TestNode t;
    auto [alice, bob, carol, dave, erin] = members(t, "alice", "bob", "carol", "dave", "erin");
    auto client = t.client();
    call(client, "POST", "/api/v1/tags/velo/follow", alice);
    follow(client, alice, carol);
    call(client, "POST", "/api/v1/accounts/" + dave.id() + "/block", alice);
    call(client, "POST", "/api/v1/accounts/" + erin.id() + "/mute", alice);

    auto from_bob = post_status(client, bob, "Balade à #Vélo dimanche");
    auto unlisted = post_status(client, bob, "#velo discret", "unlisted");
    auto private_ = post_status(client, bob, "#velo entre abonnés", "private");
    auto direct = post_status(client, bob, "@carol #velo secret", "direct");
    auto other_tag = post_status(client, bob, "#marche");
    auto from_carol = post_status(client, carol, "#velo et amitié");
    auto from_dave = post_status(client, dave, "#velo bloqué");
    auto from_erin = post_status(client, erin, "#velo muet");
    auto own = post_status(client, alice, "mon #velo");
    auto boost = call(client, "POST",
                      "/api/v1/statuses/" + from_bob["id"].get<std::string>() + "/reblog", erin);
    t.drain_events();

    auto entry = home_entry(client, alice, from_bob);
    REQUIRE(!entry.is_null());
    CHECK(entry["agora"]["reason"] ==
          json{{"type", "hashtag"}, {"tag", "velo"}, {"accounts", json::array()}});
    // Public statuses only; boosts are not statuses of the tag.
    for (const auto* s : {&unlisted, &private_, &direct, &other_tag, &boost}) {
        INFO((*s)["id"]);
        CHECK(feed_rows(t, alice, *s) == 0);
    }
    // Reached by a follow and by the tag: there once, for the follow; one's own: "own".
    CHECK(feed_rows(t, alice, from_carol) == 1);
    CHECK(home_entry(client, alice, from_carol)["agora"]["reason"]["type"] == "followed");
    CHECK(home_entry(client, alice, own)["agora"]["reason"]["type"] == "own");
    // Blocks and mutes hold at fan-out, not only when reading.
    CHECK(feed_rows(t, alice, from_dave) == 0);
    CHECK(feed_rows(t, alice, from_erin) == 0);
    // Nobody else got the tag's statuses.
    CHECK(feed_rows(t, carol, from_bob) == 0);

    // A tag followed by a blocker does not bring the blocked account's statuses either way.
    call(client, "POST", "/api/v1/tags/velo/follow", dave);
    auto to_dave = post_status(client, alice, "#velo pour tous");
    t.drain_events();
    CHECK(feed_rows(t, dave, to_dave) == 0);

    // Unfollowing takes out what the tag brought, and stops it.
    call(client, "POST", "/api/v1/tags/velo/unfollow", alice);
    CHECK(home_entry(client, alice, from_bob).is_null());
    CHECK(!home_entry(client, alice, from_carol).is_null());
    CHECK(!home_entry(client, alice, own).is_null());
    auto later = post_status(client, bob, "#velo encore");
    t.drain_events();
    CHECK(feed_rows(t, alice, later) == 0);
}

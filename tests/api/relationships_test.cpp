// Follows, follow requests, blocks, mutes and notifications over HTTP, and their effect on what
// each member reads.
#include "rig/member.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::Member;
using testing::member;

namespace {
json post_status(httplib::Client& client, const Member& who, const std::string& text,
                 const std::string& visibility = "public") {
    return call(client, "POST", "/api/v1/statuses", who,
                "status=" + http::percent_encode(text) + "&visibility=" + visibility);
}

std::vector<std::string> ids_of(const json& list) {
    std::vector<std::string> out;
    for (const auto& s : list)
        out.push_back(s["id"]);
    return out;
}
} // namespace

TEST_CASE("follow: relationship, lists, notification and home feed", "[api][relationships]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    auto earlier = post_status(client, bob, "before the follow");
    auto hidden = post_status(client, bob, "just between us", "direct");

    auto rel = call(client, "POST", "/api/v1/accounts/" + bob.id() + "/follow", alice);
    CHECK(rel["id"] == bob.id());
    CHECK(rel["following"] == true);
    CHECK(rel["followed_by"] == false);
    auto rels =
        call(client, "GET", "/api/v1/accounts/relationships?id[]=" + bob.id() + "&id[]=999", alice);
    REQUIRE(rels.size() == 1);
    CHECK(rels[0]["following"] == true);
    auto bob_sees = call(client, "GET", "/api/v1/accounts/relationships?id=" + alice.id(), bob);
    CHECK(bob_sees[0]["followed_by"] == true);

    // The follow brings bob's recent statuses into alice's home, saying why; never the direct one.
    auto home = call(client, "GET", "/api/v1/timelines/home", alice);
    CHECK(ids_of(home) == std::vector<std::string>{earlier["id"]});
    CHECK(home[0]["agora"]["reason"]["type"] == "followed");
    (void)hidden;

    auto followers = call(client, "GET", "/api/v1/accounts/" + bob.id() + "/followers", alice);
    CHECK(ids_of(followers) == std::vector<std::string>{alice.id()});
    auto following = call(client, "GET", "/api/v1/accounts/" + alice.id() + "/following", alice);
    CHECK(ids_of(following) == std::vector<std::string>{bob.id()});
    CHECK(call(client, "GET", "/api/v1/accounts/" + bob.id(), alice)["followers_count"] == 1);

    auto notes = call(client, "GET", "/api/v1/notifications", bob);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["type"] == "follow");
    CHECK(notes[0]["account"]["id"] == alice.id());

    // New statuses reach the follower through fan-out.
    auto later = post_status(client, bob, "after the follow");
    t.drain_events();
    CHECK(ids_of(call(client, "GET", "/api/v1/timelines/home", alice))[0] == later["id"]);

    // Unfollowing takes them out again.
    rel = call(client, "POST", "/api/v1/accounts/" + bob.id() + "/unfollow", alice);
    CHECK(rel["following"] == false);
    CHECK(call(client, "GET", "/api/v1/timelines/home", alice).empty());

    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", alice, "", 403);
    call(client, "POST", "/api/v1/accounts/424242/follow", alice, "", 404);
}

TEST_CASE("follow requests: a locked account approves its followers", "[api][relationships]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto mairie = member(t, "mairie");
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE accounts SET locked = 1 WHERE id = ?", mairie.created.account.id).run();
    }
    auto client = t.client();
    auto rel = call(client, "POST", "/api/v1/accounts/" + mairie.id() + "/follow", alice);
    CHECK(rel["following"] == false);
    CHECK(rel["requested"] == true);
    auto requests = call(client, "GET", "/api/v1/follow_requests", mairie);
    CHECK(ids_of(requests) == std::vector<std::string>{alice.id()});
    CHECK(call(client, "GET", "/api/v1/notifications", mairie)[0]["type"] == "follow_request");
    auto private_post = post_status(client, mairie, "members only", "private");
    rel = call(client, "POST", "/api/v1/follow_requests/" + alice.id() + "/authorize", mairie);
    CHECK(rel["followed_by"] == true);
    CHECK(call(client, "GET", "/api/v1/follow_requests", mairie).empty());
    auto notes = call(client, "GET", "/api/v1/notifications", mairie);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["type"] == "follow");
    CHECK(ids_of(call(client, "GET", "/api/v1/timelines/home", alice)) ==
          std::vector<std::string>{private_post["id"]});
    call(client, "POST", "/api/v1/follow_requests/" + alice.id() + "/reject", mairie, "", 404);
}

TEST_CASE("blocks: no follow either way, nothing seen either way",
          "[api][relationships][visibility]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto troll = member(t, "troll");
    auto client = t.client();
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", troll);
    auto alice_post = post_status(client, alice, "hello all");
    auto troll_post = post_status(client, troll, "hey @alice");
    t.drain_events();
    auto rel = call(client, "POST", "/api/v1/accounts/" + troll.id() + "/block", alice);
    CHECK(rel["blocking"] == true);
    CHECK(call(client, "GET", "/api/v1/accounts/relationships?id[]=" + alice.id(),
               troll)[0]["blocked_by"] == true);
    CHECK(call(client, "GET", "/api/v1/accounts/relationships?id[]=" + alice.id(),
               troll)[0]["following"] == false);
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", troll, "", 403);

    // The blocked account sees none of alice's statuses, and alice none of theirs.
    call(client, "GET", "/api/v1/statuses/" + alice_post["id"].get<std::string>(), troll, "", 404);
    call(client, "GET", "/api/v1/statuses/" + troll_post["id"].get<std::string>(), alice, "", 404);
    CHECK(call(client, "GET", "/api/v1/accounts/" + alice.id() + "/statuses", troll).empty());
    CHECK(ids_of(call(client, "GET", "/api/v1/timelines/public", troll)) ==
          std::vector<std::string>{troll_post["id"]});
    CHECK(ids_of(call(client, "GET", "/api/v1/timelines/public", alice)) ==
          std::vector<std::string>{alice_post["id"]});
    CHECK(ids_of(call(client, "GET", "/api/v1/timelines/home", troll)) ==
          std::vector<std::string>{troll_post["id"]});
    // Its earlier mention no longer notifies, and new ones are not recorded.
    CHECK(call(client, "GET", "/api/v1/notifications", alice).empty());
    post_status(client, troll, "@alice again");
    t.drain_events();
    CHECK(call(client, "GET", "/api/v1/notifications", alice).empty());
    CHECK(ids_of(call(client, "GET", "/api/v1/blocks", alice)) ==
          std::vector<std::string>{troll.id()});
    call(client, "POST", "/api/v1/accounts/" + troll.id() + "/unblock", alice);
    CHECK(call(client, "GET", "/api/v1/blocks", alice).empty());
}

TEST_CASE("mutes: hidden from timelines and notifications, profile still readable",
          "[api][relationships]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto noisy = member(t, "noisy");
    auto client = t.client();
    call(client, "POST", "/api/v1/accounts/" + noisy.id() + "/follow", alice);
    auto post = post_status(client, noisy, "so much to say @alice");
    t.drain_events();
    CHECK(call(client, "GET", "/api/v1/notifications?types[]=mention", alice).size() == 1);
    call(client, "POST", "/api/v1/accounts/" + noisy.id() + "/mute", alice);
    CHECK(call(client, "GET", "/api/v1/timelines/home", alice).empty());
    CHECK(call(client, "GET", "/api/v1/timelines/public", alice).empty());
    CHECK(call(client, "GET", "/api/v1/notifications", alice).empty());
    CHECK(ids_of(call(client, "GET", "/api/v1/accounts/" + noisy.id() + "/statuses", alice)) ==
          std::vector<std::string>{post["id"]});
    CHECK(call(client, "GET", "/api/v1/accounts/relationships?id[]=" + noisy.id(),
               alice)[0]["muting"] == true);
    CHECK(ids_of(call(client, "GET", "/api/v1/mutes", alice)) ==
          std::vector<std::string>{noisy.id()});
    call(client, "POST", "/api/v1/accounts/" + noisy.id() + "/unmute", alice);
    CHECK(call(client, "GET", "/api/v1/timelines/home", alice).size() == 1);
}

TEST_CASE("notifications: types filters, get, dismiss, clear, pagination", "[api][notifications]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", bob);
    for (int i = 0; i < 3; ++i)
        post_status(client, bob, "@alice number " + std::to_string(i));
    t.drain_events();
    auto all = call(client, "GET", "/api/v1/notifications", alice);
    REQUIRE(all.size() == 4);
    CHECK(all[0]["type"] == "mention");
    CHECK(all[0]["status"]["content"].get<std::string>().find("number 2") != std::string::npos);
    CHECK(all[3]["type"] == "follow");
    CHECK(call(client, "GET", "/api/v1/notifications?types[]=follow", alice).size() == 1);
    CHECK(call(client, "GET", "/api/v1/notifications?exclude_types[]=mention", alice).size() == 1);
    auto res = client.Get("/api/v1/notifications?limit=2", alice.auth());
    REQUIRE(res);
    CHECK(json::parse(res->body).size() == 2);
    CHECK_THAT(res->get_header_value("Link"),
               Catch::Contains("max_id=" + all[1]["id"].get<std::string>()));
    std::string first = all[0]["id"];
    CHECK(call(client, "GET", "/api/v1/notifications/" + first, alice)["id"] == first);
    call(client, "GET", "/api/v1/notifications/" + first, bob, "", 404); // not bob's
    call(client, "POST", "/api/v1/notifications/" + first + "/dismiss", alice);
    call(client, "GET", "/api/v1/notifications/" + first, alice, "", 404);
    call(client, "POST", "/api/v1/notifications/clear", alice);
    CHECK(call(client, "GET", "/api/v1/notifications", alice).empty());
    auto no_scope = t.token_for(alice.created.account, "write:statuses");
    auto refused = client.Get("/api/v1/notifications", {{"Authorization", "Bearer " + no_scope}});
    REQUIRE(refused);
    CHECK(refused->status == 403);
}

// Follow options over HTTP (reblogs, notify, languages): kept and shown in relationships, changed
// by following again, carried by follow requests, and what each does to the home feed and the
// notifications.
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "rig/websocket_client.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace agora;
using nlohmann::json;
using testing::answer;
using testing::call;
using testing::Member;
using testing::member;

namespace {
std::string post(httplib::Client& client, const Member& who, const std::string& body) {
    return call(client, "POST", "/api/v1/statuses", who, body)["id"];
}
json follow(httplib::Client& client, const Member& who, const Member& target,
            const std::string& form = "", int expected = 200) {
    return call(client, "POST", "/api/v1/accounts/" + target.id() + "/follow", who, form, expected);
}
json follow_json(httplib::Client& client, const Member& who, const std::string& target_id,
                 const json& body, int expected = 200) {
    return answer(client.Post("/api/v1/accounts/" + target_id + "/follow", who.auth(), body.dump(),
                              "application/json"),
                  expected);
}
json relationship(httplib::Client& client, const Member& who, const Member& target) {
    auto found = call(client, "GET", "/api/v1/accounts/relationships?id[]=" + target.id(), who);
    REQUIRE(found.size() == 1);
    return found[0];
}
std::set<std::string> home_ids(httplib::Client& client, const Member& who) {
    std::set<std::string> out;
    for (const auto& s : call(client, "GET", "/api/v1/timelines/home?limit=40", who))
        out.insert(s["id"].get<std::string>());
    return out;
}
// The statuses of `who`'s `status` notifications, newest first.
std::vector<std::string> status_notifications(httplib::Client& client, const Member& who) {
    std::vector<std::string> out;
    for (const auto& n : call(client, "GET", "/api/v1/notifications?types[]=status", who)) {
        CHECK(n["type"] == "status");
        out.push_back(n["status"]["id"]);
    }
    return out;
}
} // namespace

TEST_CASE("follow options: shown in relationships, changed by following again",
          "[api][relationships][follow_options]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto dave = member(t, "dave");
    auto client = t.client();

    // Mastodon's defaults: boosts shown, no notification, every language (null).
    auto plain = follow(client, alice, carol);
    CHECK(plain["showing_reblogs"] == true);
    CHECK(plain["notifying"] == false);
    CHECK(plain["languages"].is_null());
    // Nothing to show without a follow.
    auto none = relationship(client, alice, dave);
    CHECK(none["showing_reblogs"] == false);
    CHECK(none["notifying"] == false);
    CHECK(none["languages"].is_null());

    auto rel =
        follow(client, alice, bob, "reblogs=false&notify=true&languages[]=fr&languages[]=en");
    CHECK(rel["following"] == true);
    CHECK(rel["showing_reblogs"] == false);
    CHECK(rel["notifying"] == true);
    CHECK(rel["languages"] == json{"fr", "en"});
    CHECK(relationship(client, alice, bob) == rel);
    // bob sees that alice follows him, not her options.
    CHECK(relationship(client, bob, alice)["showing_reblogs"] == false);

    // Following again changes what is asked, and only that; the follow stays one.
    rel = follow(client, alice, bob, "notify=false");
    CHECK(rel["showing_reblogs"] == false);
    CHECK(rel["notifying"] == false);
    CHECK(rel["languages"] == json{"fr", "en"});
    rel =
        follow_json(client, alice, bob.id(), {{"reblogs", true}, {"languages", {"de", "de", ""}}});
    CHECK(rel["showing_reblogs"] == true);
    CHECK(rel["languages"] == json::array({"de"}));
    rel = follow_json(client, alice, bob.id(), {{"languages", nullptr}}); // null: unchanged
    CHECK(rel["languages"] == json::array({"de"}));
    rel = follow_json(client, alice, bob.id(), {{"languages", json::array()}}); // all, as Mastodon
    CHECK(rel["languages"] == json::array());
    rel = follow(client, alice, bob, "languages[]=");
    CHECK(rel["languages"] == json::array());
    CHECK(call(client, "GET", "/api/v1/accounts/" + bob.id(), alice)["followers_count"] == 1);
    CHECK(call(client, "GET", "/api/v1/notifications?types[]=follow", bob).size() == 1);

    // Languages must be a list of ISO 639 codes: anything else is refused and changes nothing.
    follow(client, alice, bob, "languages[]=fr&reblogs=false");
    auto bad = [&](const std::string& form) {
        auto res = client.Post("/api/v1/accounts/" + bob.id() + "/follow", alice.auth(), form,
                               "application/x-www-form-urlencoded");
        CHECK(answer(res, 422)["error"] == "Validation failed: Languages is invalid");
    };
    bad("languages=fr&reblogs=true");        // not a list
    bad("languages[]=english&reblogs=true"); // not a code
    bad("languages[]=FR");
    bad("languages[]=fr&languages[]=f,r");
    bad("languages[x]=fr");
    for (const auto* text : {R"({"languages": "fr"})", R"({"languages": [1]})",
                             R"({"languages": [["fr"]]})", R"({"languages": {"a": "fr"}})",
                             R"({"languages": ["fr", null]})", R"({"languages": [true]})"}) {
        INFO(text);
        auto body = json::parse(text);
        CHECK(follow_json(client, alice, bob.id(), body, 422)["error"] ==
              "Validation failed: Languages is invalid");
    }
    rel = relationship(client, alice, bob);
    CHECK(rel["languages"] == json::array({"fr"}));
    CHECK(rel["showing_reblogs"] == false);
    // Many entries: repeated codes are one; more distinct codes than there are languages, refused.
    json many = json::array();
    for (int i = 0; i < 5000; ++i)
        many.push_back(i % 2 ? "fr" : "en");
    CHECK(follow_json(client, alice, bob.id(), {{"languages", many}})["languages"] ==
          json::array({"en", "fr"}));
    json too_many = json::array();
    for (char a = 'a'; a <= 'z'; ++a)
        for (char b = 'a'; b <= 'z'; ++b)
            too_many.push_back(std::string{a, b});
    CHECK(follow_json(client, alice, bob.id(), {{"languages", too_many}}, 422)["error"] ==
          "Validation failed: Languages is invalid");
    CHECK(relationship(client, alice, bob)["languages"] == json::array({"en", "fr"}));
    // An unknown account is not found, whatever its options; a new follow with bad ones is
    // refused and not made.
    follow_json(client, alice, "424242", {{"languages", "fr"}}, 404);
    follow(client, alice, dave, "languages[]=xx1", 422);
    CHECK(relationship(client, alice, dave)["following"] == false);
    CHECK(call(client, "GET", "/api/v1/notifications", dave).empty());
}

TEST_CASE("follow options: a request keeps them and the follow gets them on authorisation",
          "[api][relationships][follow_options]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto mairie = member(t, "mairie");
    auto dave = member(t, "dave");
    auto client = t.client();
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE accounts SET locked = 1 WHERE id = ?", mairie.created.account.id).run();
    }
    auto rel = follow(client, alice, mairie, "reblogs=false&notify=true&languages[]=fr");
    CHECK(rel["requested"] == true);
    CHECK(rel["following"] == false);
    CHECK(rel["showing_reblogs"] == false);
    CHECK(rel["notifying"] == true);
    CHECK(rel["languages"] == json::array({"fr"}));
    // Asking again changes the request's options, without asking twice.
    rel = follow(client, alice, mairie, "notify=false");
    CHECK(rel["requested"] == true);
    CHECK(rel["notifying"] == false);
    CHECK(rel["showing_reblogs"] == false);
    CHECK(call(client, "GET", "/api/v1/notifications", mairie).size() == 1);
    follow(client, alice, mairie, "notify=true");

    auto boosted = post(client, dave, "status=share+me");
    std::string boost =
        call(client, "POST", "/api/v1/statuses/" + boosted + "/reblog", mairie)["id"];
    auto french = post(client, mairie, "status=bonjour&language=fr");
    auto english = post(client, mairie, "status=hello&language=en");
    t.drain_events();
    rel = call(client, "POST", "/api/v1/follow_requests/" + alice.id() + "/authorize", mairie);
    CHECK(rel["followed_by"] == true);
    rel = relationship(client, alice, mairie);
    CHECK(rel["following"] == true);
    CHECK(rel["requested"] == false);
    CHECK(rel["showing_reblogs"] == false);
    CHECK(rel["notifying"] == true);
    CHECK(rel["languages"] == json::array({"fr"}));
    // The statuses the follow brings in follow the options too.
    auto home = home_ids(client, alice);
    CHECK(home.contains(french));
    CHECK_FALSE(home.contains(english));
    CHECK_FALSE(home.contains(boost));
    // And so do new ones.
    auto later = post(client, mairie, "status=nouvelles&language=fr");
    t.drain_events();
    CHECK(status_notifications(client, alice) == std::vector<std::string>{later});
}

TEST_CASE("follow options: reblogs=false keeps the account's boosts out of the home feed",
          "[api][fanout][follow_options]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");     // followed with reblogs=false
    auto carol = member(t, "carol"); // followed with the defaults
    auto dave = member(t, "dave");
    auto client = t.client();
    auto shared_before = post(client, dave, "status=older");
    std::string boost_before =
        call(client, "POST", "/api/v1/statuses/" + shared_before + "/reblog", bob)["id"];
    auto own_before = post(client, bob, "status=mine");
    follow(client, alice, bob, "reblogs=false");
    follow(client, alice, carol);
    auto list = call(client, "POST", "/api/v1/lists", alice, "title=all")["id"].get<std::string>();
    call(client, "POST", "/api/v1/lists/" + list + "/accounts", alice,
         "account_ids[]=" + bob.id() + "&account_ids[]=" + carol.id());
    // The fan-out of bob's earlier post may run after the follow: let it finish before listening.
    t.drain_events();
    testing::WebSocketClient ws(t.port(),
                                "/api/v1/streaming?stream=user&access_token=" + alice.token);
    REQUIRE(ws.upgraded());

    auto first = post(client, dave, "status=first");
    auto second = post(client, dave, "status=second");
    std::string by_bob = call(client, "POST", "/api/v1/statuses/" + first + "/reblog", bob)["id"];
    std::string by_carol =
        call(client, "POST", "/api/v1/statuses/" + second + "/reblog", carol)["id"];
    auto own = post(client, bob, "status=still+shown");
    t.drain_events();
    auto home = home_ids(client, alice);
    CHECK(home.contains(by_carol));
    CHECK(home.contains(own));
    CHECK(home.contains(own_before));
    CHECK_FALSE(home.contains(by_bob));
    CHECK_FALSE(home.contains(boost_before)); // nor when the follow began
    std::set<std::string> listed;
    for (const auto& s : call(client, "GET", "/api/v1/timelines/list/" + list, alice))
        listed.insert(s["id"].get<std::string>());
    CHECK(listed.contains(by_carol));
    CHECK_FALSE(listed.contains(by_bob));
    // Nor on the user stream: carol's boost comes, then bob's own post, never bob's boost.
    std::vector<std::string> streamed;
    while (auto frame = ws.receive(1000)) {
        auto event = json::parse(*frame);
        if (event["event"] == "update")
            streamed.push_back(
                json::parse(event["payload"].get<std::string>())["id"].get<std::string>());
    }
    CHECK(streamed == std::vector<std::string>{by_carol, own});

    // Turned on again, boosts come again.
    follow(client, alice, bob, "reblogs=true");
    auto third = post(client, dave, "status=third");
    std::string again = call(client, "POST", "/api/v1/statuses/" + third + "/reblog", bob)["id"];
    t.drain_events();
    CHECK(home_ids(client, alice).contains(again));
}

TEST_CASE("follow options: notify tells of new posts, not of replies to others nor of boosts",
          "[api][notifications][follow_options]") {
    testing::TestNode t;
    auto alice = member(t, "alice"); // notified of bob's posts
    auto bob = member(t, "bob");
    auto carol = member(t, "carol"); // follows bob without notify
    auto dave = member(t, "dave");
    auto client = t.client();
    follow(client, alice, bob, "notify=true");
    follow(client, carol, bob);
    testing::WebSocketClient ws(
        t.port(), "/api/v1/streaming?stream=user:notification&access_token=" + alice.token);
    REQUIRE(ws.upgraded());

    auto open = post(client, bob, "status=news");
    auto frame = ws.receive(5000);
    REQUIRE(frame.has_value());
    auto event = json::parse(*frame);
    CHECK(event["event"] == "notification");
    auto note = json::parse(event["payload"].get<std::string>());
    CHECK(note["type"] == "status");
    CHECK(note["account"]["id"] == bob.id());
    CHECK(note["status"]["id"] == open);

    auto unlisted = post(client, bob, "status=quiet&visibility=unlisted");
    auto priv = post(client, bob, "status=followers&visibility=private");
    auto thread = post(client, bob, "status=more&in_reply_to_id=" + open);
    auto by_dave = post(client, dave, "status=elsewhere");
    post(client, bob, "status=answer&in_reply_to_id=" + by_dave);               // to someone else
    post(client, bob, "status=%40alice+between+us&visibility=direct");          // direct
    call(client, "POST", "/api/v1/statuses/" + by_dave + "/reblog", bob);       // a boost
    call(client, "PUT", "/api/v1/statuses/" + open, bob, "status=news+edited"); // an edit
    t.drain_events();
    CHECK(status_notifications(client, alice) ==
          std::vector<std::string>{thread, priv, unlisted, open});
    CHECK(status_notifications(client, carol).empty());
    CHECK(call(client, "GET", "/api/v1/notifications?types[]=mention", alice).size() == 1);
    t.drain_events(); // once is once
    CHECK(status_notifications(client, alice).size() == 4);

    // Deleting the status takes its notification away.
    call(client, "DELETE", "/api/v1/statuses/" + thread, bob);
    CHECK(status_notifications(client, alice).size() == 3);

    // Muting bob, or turning notify off, ends them.
    call(client, "POST", "/api/v1/accounts/" + bob.id() + "/mute", alice, "notifications=false");
    post(client, bob, "status=muted");
    t.drain_events();
    call(client, "POST", "/api/v1/accounts/" + bob.id() + "/unmute", alice);
    follow(client, alice, bob, "notify=false");
    post(client, bob, "status=off");
    t.drain_events();
    CHECK(status_notifications(client, alice).size() == 3);
}

TEST_CASE("follow options: languages keep other languages out of the home feed",
          "[api][fanout][follow_options]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto erin = member(t, "erin");
    auto client = t.client();
    auto erin_fr = post(client, erin, "status=avant&language=fr");
    auto erin_en = post(client, erin, "status=before&language=en");
    auto erin_none = post(client, erin, "status=before");
    follow(client, alice, erin, "languages[]=fr&languages[]=br");
    follow(client, alice, bob, "languages[]=fr&notify=true");
    auto home = home_ids(client, alice);
    CHECK(home == std::set<std::string>{erin_fr, erin_none}); // what the follow brought

    auto fr = post(client, bob, "status=bonjour&language=fr");
    auto en = post(client, bob, "status=hello&language=en");
    auto none = post(client, bob, "status=hi");
    auto mention = post(client, bob, "status=hello+%40alice&language=en");
    t.drain_events();
    home = home_ids(client, alice);
    CHECK(home.contains(fr));
    CHECK(home.contains(none)); // no language: always
    CHECK_FALSE(home.contains(en));
    CHECK(home.contains(mention)); // addressed to her: a mention comes whatever its language
    CHECK(status_notifications(client, alice) == std::vector<std::string>{none, fr});

    // Every language again: an empty list, as Mastodon reads it.
    follow(client, alice, bob, "languages[]=");
    auto later = post(client, bob, "status=hello+again&language=en");
    t.drain_events();
    CHECK(home_ids(client, alice).contains(later));
}

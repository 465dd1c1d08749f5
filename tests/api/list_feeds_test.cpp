// What list timelines and streams show, as Mastodon decides it: the replies policy, exclusive
// lists kept out of the home timeline, and `agora.reason` naming the list and the member.
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "rig/websocket_client.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::Member;
using testing::member;

namespace {
std::string post(httplib::Client& client, const Member& who, const std::string& body) {
    return call(client, "POST", "/api/v1/statuses", who, body)["id"];
}
std::string reply(httplib::Client& client, const Member& who, const std::string& to) {
    return post(client, who, "status=a+reply&in_reply_to_id=" + to);
}
std::string new_list(httplib::Client& client, const Member& owner, const std::string& form) {
    return call(client, "POST", "/api/v1/lists", owner, form)["id"];
}
void add_members(httplib::Client& client, const Member& owner, const std::string& list,
                 const std::vector<const Member*>& members) {
    std::string form;
    for (const auto* m : members)
        form += (form.empty() ? "" : "&") + std::string("account_ids[]=") + m->id();
    call(client, "POST", "/api/v1/lists/" + list + "/accounts", owner, form);
}
std::set<std::string> ids_in(httplib::Client& client, const Member& who, const std::string& path) {
    std::set<std::string> out;
    for (const auto& s : call(client, "GET", path, who))
        out.insert(s["id"].get<std::string>());
    return out;
}
std::set<std::string> list_ids(httplib::Client& client, const Member& who,
                               const std::string& list) {
    return ids_in(client, who, "/api/v1/timelines/list/" + list + "?limit=40");
}
std::set<std::string> home_ids(httplib::Client& client, const Member& who) {
    return ids_in(client, who, "/api/v1/timelines/home?limit=40");
}

// The next `update` event's status on a WebSocket (other events skipped); null when none comes.
json next_update(testing::WebSocketClient& ws, int timeout_ms = 5000) {
    for (int i = 0; i < 10; ++i) {
        auto frame = ws.receive(timeout_ms);
        if (!frame) return nullptr;
        auto event = json::parse(*frame);
        if (event.value("event", "") == "update")
            return json::parse(event["payload"].get<std::string>());
    }
    return nullptr;
}
} // namespace

TEST_CASE("list timeline: the replies policy chooses the replies shown", "[api][lists][feeds]") {
    testing::TestNode t;
    auto alice = member(t, "alice"); // the lists' owner
    auto bob = member(t, "bob");     // a member of every list
    auto erin = member(t, "erin");   // another member of every list
    auto carol = member(t, "carol"); // followed by alice, in no list
    auto dave = member(t, "dave");   // neither followed nor listed
    auto client = t.client();
    for (const auto* who : {&bob, &erin, &carol})
        call(client, "POST", "/api/v1/accounts/" + who->id() + "/follow", alice);
    auto followed = new_list(client, alice, "title=followed&replies_policy=followed");
    auto listed = new_list(client, alice, "title=list&replies_policy=list");
    auto none = new_list(client, alice, "title=none&replies_policy=none");
    CHECK(call(client, "GET", "/api/v1/lists/" + none, alice)["replies_policy"] == "none");
    for (const auto& list : {followed, listed, none})
        add_members(client, alice, list, {&bob, &erin});

    auto by_bob = post(client, bob, "status=root");
    auto by_erin = post(client, erin, "status=root");
    auto by_carol = post(client, carol, "status=root");
    auto by_dave = post(client, dave, "status=root");
    auto by_alice = post(client, alice, "status=root");
    auto to_self = reply(client, bob, by_bob);
    auto to_member = reply(client, bob, by_erin);
    auto to_followed = reply(client, bob, by_carol);
    auto to_other = reply(client, bob, by_dave);
    auto to_owner = reply(client, bob, by_alice);
    t.drain_events();

    // Not replies, replies to the member's own thread and replies to the owner: always shown.
    std::set<std::string> always{by_bob, by_erin, to_self, to_owner};
    auto with = [&](std::set<std::string> ids) {
        ids.insert(always.begin(), always.end());
        return ids;
    };
    CHECK(list_ids(client, alice, followed) == with({to_member, to_followed}));
    CHECK(list_ids(client, alice, listed) == with({to_member}));
    CHECK(list_ids(client, alice, none) == always);
    // The home timeline is not a list: it keeps what fan-out brought.
    CHECK(home_ids(client, alice).contains(to_other));

    // Every status says which list and which member brought it, as the home feed's reasons do.
    auto timeline = call(client, "GET", "/api/v1/timelines/list/" + listed, alice);
    REQUIRE(timeline.size() == 5);
    for (const auto& s : timeline) {
        const auto& reason = s["agora"]["reason"];
        CHECK(reason["type"] == "list");
        CHECK(reason["list"] == json{{"id", listed}, {"title", "list"}});
        REQUIRE(reason["accounts"].size() == 1);
        const auto& who = reason["accounts"][0];
        CHECK(who["id"] == s["account"]["id"]);
        CHECK(who["acct"] == s["account"]["acct"]);
        CHECK(who["username"] == s["account"]["username"]);
        CHECK(who["url"] == s["account"]["url"]);
        CHECK(who.contains("display_name"));
        CHECK(reason["tag"].is_null());
    }
    // The home feed's reasons are unchanged.
    CHECK(call(client, "GET", "/api/v1/timelines/home?limit=1",
               alice)[0]["agora"]["reason"]["type"] == "followed");

    // The policy is read with the timeline: changing it changes what the list shows.
    call(client, "PUT", "/api/v1/lists/" + none, alice, "replies_policy=followed");
    CHECK(list_ids(client, alice, none) == with({to_member, to_followed}));
    call(client, "PUT", "/api/v1/lists/" + none, alice, "replies_policy=all", 422);
    CHECK(call(client, "GET", "/api/v1/lists/" + none, alice)["replies_policy"] == "followed");

    // Someone else's list, or no list at all.
    call(client, "GET", "/api/v1/timelines/list/" + listed, bob, "", 404);
    call(client, "GET", "/api/v1/timelines/list/424242", alice, "", 404);
    call(client, "GET", "/api/v1/timelines/list/nonsense", alice, "", 404);
}

TEST_CASE("list stream: the replies policy holds, each update names the list",
          "[api][lists][feeds][streaming]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto dave = member(t, "dave");
    auto client = t.client();
    call(client, "POST", "/api/v1/accounts/" + bob.id() + "/follow", alice);
    auto list = new_list(client, alice, "title=Mairie&replies_policy=list");
    add_members(client, alice, list, {&bob});
    auto by_dave = post(client, dave, "status=root");
    testing::WebSocketClient ws(t.port(), "/api/v1/streaming?stream=list&list=" + list +
                                              "&access_token=" + alice.token);
    REQUIRE(ws.upgraded());

    reply(client, bob, by_dave); // a reply to someone outside the list: not shown
    auto root = post(client, bob, "status=root");
    auto update = next_update(ws);
    REQUIRE(update.is_object());
    CHECK(update["id"] == root);
    CHECK(update["agora"]["reason"]["type"] == "list");
    CHECK(update["agora"]["reason"]["list"] == json{{"id", list}, {"title", "Mairie"}});
    CHECK(update["agora"]["reason"]["accounts"][0]["id"] == bob.id());
    CHECK(next_update(ws, 500).is_null());

    // A list of someone else cannot be listened to.
    testing::WebSocketClient other(t.port(), "/api/v1/streaming?stream=list&list=" + list +
                                                 "&access_token=" + bob.token);
    CHECK_FALSE(other.upgraded());
}

TEST_CASE("exclusive lists: their members leave the home timeline, not the list",
          "[api][lists][feeds]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");     // in alice's exclusive list
    auto carol = member(t, "carol"); // followed, in no list
    auto client = t.client();
    for (const auto* who : {&bob, &carol})
        call(client, "POST", "/api/v1/accounts/" + who->id() + "/follow", alice);
    auto before = post(client, bob, "status=before+the+list");
    t.drain_events();
    auto list = call(client, "POST", "/api/v1/lists", alice, "title=Mairie&exclusive=true");
    CHECK(list["exclusive"] == true);
    std::string id = list["id"];
    CHECK(call(client, "GET", "/api/v1/lists", alice)[0]["exclusive"] == true);
    add_members(client, alice, id, {&bob});

    testing::WebSocketClient ws(t.port(),
                                "/api/v1/streaming?stream=user&access_token=" + alice.token);
    REQUIRE(ws.upgraded());
    auto from_bob = post(client, bob, "status=from+the+mairie");
    auto from_carol = post(client, carol, "status=from+carol");
    auto update = next_update(ws);
    REQUIRE(update.is_object());
    CHECK(update["id"] == from_carol); // bob's never reached alice's user stream
    t.drain_events();

    auto mention = post(client, bob, "status=hello+%40alice");
    auto boost_by_bob =
        call(client, "POST", "/api/v1/statuses/" + from_carol + "/reblog", bob)["id"];
    auto boost_by_carol =
        call(client, "POST", "/api/v1/statuses/" + from_bob + "/reblog", carol)["id"];
    t.drain_events();
    auto home = home_ids(client, alice);
    CHECK(home == std::set<std::string>{before, from_carol, boost_by_carol.get<std::string>()});
    CHECK(list_ids(client, alice, id) ==
          std::set<std::string>{before, from_bob, mention, boost_by_bob.get<std::string>()});
    // The mention still notifies.
    auto notes = call(client, "GET", "/api/v1/notifications?types[]=mention", alice);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["status"]["id"] == mention);

    // As Mastodon decides at fan-out: once the list is no longer exclusive, new statuses reach the
    // home timeline; those that went to the list only stay there.
    CHECK(call(client, "PUT", "/api/v1/lists/" + id, alice, "exclusive=false")["exclusive"] ==
          false);
    auto after = post(client, bob, "status=after");
    t.drain_events();
    home = home_ids(client, alice);
    CHECK(home.contains(after));
    CHECK_FALSE(home.contains(from_bob));

    // Unfollowing takes out everything the follow brought, list rows included.
    call(client, "POST", "/api/v1/accounts/" + bob.id() + "/unfollow", alice);
    CHECK(list_ids(client, alice, id).empty());
}

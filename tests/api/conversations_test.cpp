// Direct conversations over HTTP: one per participant, unread flags, read, delete, deletion of
// statuses, paging, privacy, and `conversation` events on the direct stream.
#include "rig/fixtures.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "rig/websocket_client.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::answer;
using testing::call;
using testing::Member;
using testing::members;
using testing::post_status;
using testing::values_of;

namespace {
// A direct status from `who`; its id.
std::string direct(httplib::Client& client, const Member& who, const std::string& text,
                   const std::string& more_form = "") {
    return post_status(client, who, text, "direct", more_form)["id"];
}

json conversations(httplib::Client& client, const Member& who, const std::string& query = "") {
    return call(client, "GET", "/api/v1/conversations" + query, who);
}

// The next event of `type` on a WebSocket (others skipped), or null after 5 s.
json next_event(testing::WebSocketClient& ws, const std::string& type) {
    for (int i = 0; i < 10; ++i) {
        auto frame = ws.receive(5000);
        if (!frame) return nullptr;
        auto event = json::parse(*frame);
        if (event["event"] == type) return event;
    }
    return nullptr;
}
} // namespace

TEST_CASE("conversations: both sides see one conversation, with unread flags",
          "[api][conversations]") {
    testing::TestNode t;
    auto [alice, bob, carol] = members(t, "alice", "bob", "carol");
    auto client = t.client();

    auto first = direct(client, alice, "@bob psst");
    auto mine = conversations(client, alice);
    REQUIRE(mine.size() == 1);
    CHECK(mine[0]["unread"] == false); // one's own message is read
    CHECK(values_of(mine[0]["accounts"], "username") == std::vector<std::string>{"bob"});
    CHECK(mine[0]["last_status"]["id"] == first);
    CHECK(mine[0]["last_status"]["visibility"] == "direct");
    auto theirs = conversations(client, bob);
    REQUIRE(theirs.size() == 1);
    CHECK(theirs[0]["unread"] == true);
    CHECK(values_of(theirs[0]["accounts"], "username") == std::vector<std::string>{"alice"});
    CHECK(theirs[0]["last_status"]["id"] == first);
    CHECK(theirs[0]["id"] != mine[0]["id"]); // each has their own
    // A third account never sees it, nor reaches it by id.
    CHECK(conversations(client, carol).empty());
    std::string bobs = theirs[0]["id"], alices = mine[0]["id"];
    call(client, "POST", "/api/v1/conversations/" + bobs + "/read", carol, "", 404);
    answer(client.Delete("/api/v1/conversations/" + bobs, carol.auth()), 404);
    call(client, "POST", "/api/v1/conversations/" + alices + "/read", bob, "", 404);

    // The answer stays in the same conversation and turns the flags round.
    auto reply = direct(client, bob, "@alice what?", "&in_reply_to_id=" + first);
    mine = conversations(client, alice);
    REQUIRE(mine.size() == 1);
    CHECK(mine[0]["id"] == alices);
    CHECK(mine[0]["unread"] == true);
    CHECK(mine[0]["last_status"]["id"] == reply);
    theirs = conversations(client, bob);
    REQUIRE(theirs.size() == 1);
    CHECK(theirs[0]["unread"] == false);

    auto read = call(client, "POST", "/api/v1/conversations/" + alices + "/read", alice);
    CHECK(read["id"] == alices);
    CHECK(read["unread"] == false);
    CHECK(read["last_status"]["id"] == reply);
    CHECK(conversations(client, alice)[0]["unread"] == false);

    // Public and followers-only posts make no conversation.
    call(client, "POST", "/api/v1/statuses", alice, "status=%40bob+hi+everyone");
    call(client, "POST", "/api/v1/statuses", alice, "status=%40bob+hi&visibility=private");
    CHECK(conversations(client, bob).size() == 1);
    CHECK(conversations(client, carol).empty());
}

TEST_CASE("conversations: groups, deletion of statuses and of conversations, paging",
          "[api][conversations]") {
    testing::TestNode t;
    auto [alice, bob, carol, dave] = members(t, "alice", "bob", "carol", "dave");
    auto client = t.client();

    auto group = direct(client, alice, "@bob @carol meeting at noon");
    auto with_bob = direct(client, alice, "@bob just you");
    auto note = direct(client, alice, "a note to myself");
    auto mine = conversations(client, alice);
    REQUIRE(mine.size() == 3);
    // Newest last status first; a note to oneself shows oneself.
    CHECK(mine[0]["last_status"]["id"] == note);
    CHECK(values_of(mine[0]["accounts"], "username") == std::vector<std::string>{"alice"});
    CHECK(mine[1]["last_status"]["id"] == with_bob);
    CHECK(mine[2]["last_status"]["id"] == group);
    CHECK(values_of(mine[2]["accounts"], "username") == (std::vector<std::string>{"bob", "carol"}));
    auto carols = conversations(client, carol);
    REQUIRE(carols.size() == 1);
    CHECK(values_of(carols[0]["accounts"], "username") ==
          (std::vector<std::string>{"alice", "bob"}));
    CHECK(conversations(client, bob).size() == 2);
    CHECK(conversations(client, dave).empty());

    // Paging by last status, with a Link header.
    auto res = client.Get("/api/v1/conversations?limit=2", alice.auth());
    auto page = answer(res, 200);
    REQUIRE(page.size() == 2);
    auto link = res->get_header_value("Link");
    CHECK(link.find("max_id=" + with_bob) != std::string::npos);
    CHECK(link.find("min_id=" + note) != std::string::npos);
    auto next = conversations(client, alice, "?limit=2&max_id=" + with_bob);
    REQUIRE(next.size() == 1);
    CHECK(next[0]["last_status"]["id"] == group);
    auto newer = conversations(client, alice, "?min_id=" + group);
    CHECK(newer.size() == 2);
    CHECK(newer[0]["last_status"]["id"] == note);

    // A reply in the group, then deleted: the conversation falls back to the previous status.
    auto answer_from_carol = direct(client, carol, "@alice @bob ok", "&in_reply_to_id=" + group);
    CHECK(conversations(client, alice)[0]["last_status"]["id"] == answer_from_carol);
    answer(client.Delete("/api/v1/statuses/" + answer_from_carol, carol.auth()), 200);
    mine = conversations(client, alice);
    REQUIRE(mine.size() == 3);
    CHECK(mine[2]["last_status"]["id"] == group);
    CHECK(conversations(client, carol)[0]["last_status"]["id"] == group);
    // Deleting the only status of a conversation removes it for everyone in it.
    answer(client.Delete("/api/v1/statuses/" + group, alice.auth()), 200);
    CHECK(conversations(client, alice).size() == 2);
    CHECK(conversations(client, carol).empty());
    CHECK(conversations(client, bob).size() == 1);

    // Deleting a conversation takes it out of one's own list only; a new message brings it back.
    std::string bobs_view = conversations(client, bob)[0]["id"];
    CHECK(answer(client.Delete("/api/v1/conversations/" + bobs_view, bob.auth()), 200) ==
          json::object());
    CHECK(conversations(client, bob).empty());
    CHECK(conversations(client, alice).size() == 2);
    answer(client.Delete("/api/v1/conversations/" + bobs_view, bob.auth()), 404);
    direct(client, alice, "@bob again");
    auto back = conversations(client, bob);
    REQUIRE(back.size() == 1);
    CHECK(back[0]["unread"] == true);

    // Scopes: read:statuses lists; marking read or deleting needs write:conversations.
    Member reader{bob.created, t.token_for(bob.created.account, "read:statuses")};
    CHECK(conversations(client, reader).size() == 1);
    std::string id = back[0]["id"];
    call(client, "POST", "/api/v1/conversations/" + id + "/read", reader, "", 403);
    Member writer{bob.created, t.token_for(bob.created.account, "write:conversations")};
    call(client, "POST", "/api/v1/conversations/" + id + "/read", writer);
    call(client, "GET", "/api/v1/conversations", writer, "", 403);
    call(client, "POST", "/api/v1/conversations/nope/read", bob, "", 404);
}

TEST_CASE("conversations: blocks keep people out of each other's conversations",
          "[api][conversations]") {
    testing::TestNode t;
    auto [alice, bob] = members(t, "alice", "bob");
    auto client = t.client();
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/block", bob);
    direct(client, alice, "@bob are you there?");
    CHECK(conversations(client, bob).empty());
    CHECK(conversations(client, alice).size() == 1);
}

TEST_CASE("conversations: the direct stream carries conversation events",
          "[api][conversations][streaming]") {
    testing::TestNode t;
    auto [alice, bob, carol] = members(t, "alice", "bob", "carol");
    auto client = t.client();
    testing::WebSocketClient bobs(t.port(),
                                  "/api/v1/streaming?stream=direct&access_token=" + bob.token);
    testing::WebSocketClient carols(t.port(),
                                    "/api/v1/streaming?stream=direct&access_token=" + carol.token);
    REQUIRE(bobs.upgraded());
    REQUIRE(carols.upgraded());

    auto posted = direct(client, alice, "@bob psst");
    auto frame = bobs.receive(5000);
    REQUIRE(frame);
    auto event = json::parse(*frame);
    CHECK(event["stream"] == json({"direct"}));
    REQUIRE(event["event"] == "conversation"); // not "update", as Mastodon
    auto payload = json::parse(event["payload"].get<std::string>());
    CHECK(payload["unread"] == true);
    CHECK(payload["last_status"]["id"] == posted);
    CHECK(values_of(payload["accounts"], "username") == std::vector<std::string>{"alice"});
    std::string id = payload["id"];
    CHECK(conversations(client, bob)[0]["id"] == id);

    // Marking it read is told too.
    call(client, "POST", "/api/v1/conversations/" + id + "/read", bob);
    event = next_event(bobs, "conversation");
    REQUIRE(event.is_object());
    CHECK(json::parse(event["payload"].get<std::string>())["unread"] == false);

    // Carol, not in it, hears nothing of it.
    CHECK_FALSE(carols.receive(500).has_value());
}

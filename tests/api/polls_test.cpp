// Polls over HTTP: creation (form and JSON) and every refusal, voting and its refusals, hidden
// totals, and the end of a poll announced once to its author and its voters.
#include "events/event_worker.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "statuses/polls.hpp"
#include "store/database.hpp"
#include "util/time.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

using namespace agora;
using nlohmann::json;
using testing::answer;
using testing::Member;
using testing::member;

namespace {
json post_form(httplib::Client& client, const std::string& path, const Member& who,
               const std::string& body, int expected = 200) {
    return answer(client.Post(path, who.auth(), body, "application/x-www-form-urlencoded"),
                  expected);
}

json post_json(httplib::Client& client, const std::string& path, const Member& who,
               const json& body, int expected = 200) {
    return answer(client.Post(path, who.auth(), body.dump(), "application/json"), expected);
}

json get(httplib::Client& client, const std::string& path, const httplib::Headers& headers = {},
         int expected = 200) {
    return answer(client.Get(path, headers), expected);
}

// A poll of alice's with `options`, open ten minutes.
json post_poll(httplib::Client& client, const Member& who, const json& options,
               bool multiple = false, bool hide_totals = false) {
    return post_json(client, "/api/v1/statuses", who,
                     {{"status", "Which one?"},
                      {"poll",
                       {{"options", options},
                        {"expires_in", 600},
                        {"multiple", multiple},
                        {"hide_totals", hide_totals}}}});
}

json vote(httplib::Client& client, const std::string& poll_id, const Member& who,
          const json& choices, int expected = 200) {
    return post_json(client, "/api/v1/polls/" + poll_id + "/votes", who, {{"choices", choices}},
                     expected);
}

// Moves a poll's end into the past, as if its time had come.
void end_poll(testing::TestNode& t, const std::string& poll_id) {
    auto conn = t.node().database().acquire();
    conn->query("UPDATE polls SET expires_at = ? WHERE id = ?", now_unix_ms() - 1000,
                std::int64_t(std::stoll(poll_id)))
        .run();
}

std::vector<json> notifications_of_type(httplib::Client& client, const Member& who,
                                        const std::string& type) {
    std::vector<json> out;
    for (const auto& n : get(client, "/api/v1/notifications", who.auth()))
        if (n["type"] == type) out.push_back(n);
    return out;
}
} // namespace

TEST_CASE("polls: created with a status, from a form or JSON", "[api][polls]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();

    auto s =
        post_form(client, "/api/v1/statuses", alice,
                  "status=Tea+or+coffee%3F&poll%5Boptions%5D%5B%5D=Tea&poll%5Boptions%5D%5B%5D="
                  "Coffee&poll%5Bexpires_in%5D=600");
    auto poll = s["poll"];
    REQUIRE(poll.is_object());
    CHECK(poll["id"].is_string());
    CHECK(poll["options"] == json::parse(R"([{"title":"Tea","votes_count":0},
                                              {"title":"Coffee","votes_count":0}])"));
    CHECK(poll["expired"] == false);
    CHECK(poll["multiple"] == false);
    CHECK(poll["votes_count"] == 0);
    CHECK(poll["voters_count"] == 0);
    CHECK(poll["emojis"] == json::array());
    CHECK(poll["voted"] == true); // the author has nothing to choose, as in Mastodon
    CHECK(poll["own_votes"] == json::array());
    CHECK(poll["expires_at"].is_string());
    // Ten minutes after the status, to the millisecond the status was given.
    CHECK(count(t, "SELECT p.expires_at - s.created_at FROM polls p JOIN statuses s ON s.id = "
                   "p.status_id WHERE p.id = " +
                       poll["id"].get<std::string>()) == 600000);

    // The same poll from the status, from /polls/{id}, and for an anonymous reader (no viewer
    // fields).
    std::string id = poll["id"];
    CHECK(get(client, "/api/v1/statuses/" + s["id"].get<std::string>(), alice.auth())["poll"] ==
          poll);
    CHECK(get(client, "/api/v1/polls/" + id, alice.auth()) == poll);
    auto anonymous = get(client, "/api/v1/polls/" + id);
    CHECK_FALSE(anonymous.contains("voted"));
    CHECK_FALSE(anonymous.contains("own_votes"));
    CHECK(anonymous["options"] == poll["options"]);

    // JSON, with expires_in as a string, several choices allowed and totals hidden; options are
    // stripped and blank ones dropped, as Mastodon prepares them.
    auto j = post_json(client, "/api/v1/statuses", alice,
                       {{"status", "Pick some"},
                        {"poll",
                         {{"options", {" red ", "", "green", "\u3000", "blue"}},
                          {"expires_in", "3600"},
                          {"multiple", true},
                          {"hide_totals", true}}}});
    CHECK(j["poll"]["multiple"] == true);
    CHECK(j["poll"]["options"] == json::parse(R"([{"title":"red","votes_count":null},
                                                  {"title":"green","votes_count":null},
                                                  {"title":"blue","votes_count":null}])"));
    // Fifty characters are fifty graphemes, however many bytes or code points they take.
    std::string accented;
    for (int i = 0; i < 50; ++i)
        accented += "e\xcc\x81"; // e + combining acute accent
    auto long_option = post_json(
        client, "/api/v1/statuses", alice,
        {{"status", "Long"}, {"poll", {{"options", {accented, "b"}}, {"expires_in", 300}}}});
    CHECK(long_option["poll"]["options"][0]["title"] == accented);
    CHECK(count(t, "SELECT COUNT(*) FROM polls") == 3);

    // A status without a poll says so; deleting a status takes its poll along.
    CHECK(post_form(client, "/api/v1/statuses", alice, "status=plain")["poll"].is_null());
    answer(client.Delete("/api/v1/statuses/" + s["id"].get<std::string>(), alice.auth()), 200);
    get(client, "/api/v1/polls/" + id, alice.auth(), 404);
    CHECK(count(t, "SELECT COUNT(*) FROM polls") == 2);
}

TEST_CASE("polls: every refusal, and nothing half-written", "[api][polls]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    std::string fifty_one(51, 'x');
    struct Case {
        json poll;
        std::string error;
    };
    std::vector<Case> cases = {
        {{{"options", {"only"}}, {"expires_in", 600}},
         "Validation failed: Poll options must have more than one item"},
        {{{"options", {"a", " "}}, {"expires_in", 600}},
         "Validation failed: Poll options must have more than one item"},
        {{{"options", {"a", "b", "c", "d", "e"}}, {"expires_in", 600}},
         "Validation failed: Poll options can't contain more than 4 items"},
        {{{"options", {fifty_one, "b"}}, {"expires_in", 600}},
         "Validation failed: Poll options cannot be longer than 50 characters each"},
        {{{"options", {"same", "same"}}, {"expires_in", 600}},
         "Validation failed: Poll options contain duplicate items"},
        {{{"options", {"a", "b"}}, {"expires_in", 299}},
         "Validation failed: Poll expires at is too soon"},
        {{{"options", {"a", "b"}}, {"expires_in", "soon"}},
         "Validation failed: Poll expires at is too soon"},
        {{{"options", {"a", "b"}}, {"expires_in", 2629747}},
         "Validation failed: Poll expires at is too far into the future"},
        {{{"options", {"a", "b"}}}, "Validation failed: Poll expires at can't be blank"},
        {{{"options", json::array()}, {"expires_in", 60}},
         "Validation failed: Poll options can't be blank, Poll options must have more than one "
         "item, Poll expires at is too soon"},
        {{{"options", {"a", "a", "b", "c", "d"}}},
         "Validation failed: Poll expires at can't be blank, Poll options can't contain more than "
         "4 items, Poll options contain duplicate items"},
        {{{"expires_in", 600}},
         "Validation failed: Poll options can't be blank, Poll options must have more than one "
         "item"},
        {{{"options", {"a", std::string("b\0c", 3)}}, {"expires_in", 600}},
         "Validation failed: Poll options must be valid UTF-8 text"},
    };
    for (const auto& c : cases) {
        INFO(c.poll.dump());
        auto error =
            post_json(client, "/api/v1/statuses", alice, {{"status", "Q?"}, {"poll", c.poll}}, 422);
        CHECK(error["error"] == c.error);
    }
    // The limits at their edges are accepted.
    post_json(
        client, "/api/v1/statuses", alice,
        {{"status", "Edges"},
         {"poll", {{"options", {"a", "b", "c", std::string(50, 'd')}}, {"expires_in", 300}}}});
    post_json(client, "/api/v1/statuses", alice,
              {{"status", "Edges"}, {"poll", {{"options", {"a", "b"}}, {"expires_in", 2629746}}}});

    // Form-encoded refusals read the same.
    CHECK(post_form(client, "/api/v1/statuses", alice,
                    "status=Q&poll[options][]=a&poll[expires_in]=600", 422)["error"] ==
          "Validation failed: Poll options must have more than one item");
    // Media and a poll do not go together (Mastodon's words).
    CHECK(post_form(client, "/api/v1/statuses", alice,
                    "status=Q&media_ids[]=1&poll[options][]=a&poll[options][]=b&poll[expires_in]="
                    "600",
                    422)["error"] == "Cannot attach more than 4 files");
    // A poll does not stand in for the text.
    CHECK(post_json(client, "/api/v1/statuses", alice,
                    {{"status", ""}, {"poll", {{"options", {"a", "b"}}, {"expires_in", 600}}}},
                    422)["error"] == "Validation failed: Text can't be blank");

    // Only the two accepted polls were written, each with its status.
    CHECK(count(t, "SELECT COUNT(*) FROM polls") == 2);
    CHECK(count(t, "SELECT COUNT(*) FROM statuses") == 2);
    get(client, "/api/v1/polls/1", alice.auth(), 404);
    get(client, "/api/v1/polls/nope", alice.auth(), 404);
}

TEST_CASE("polls: voting, once, in range, not in one's own poll", "[api][polls]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto client = t.client();
    t.node().events().stop(); // events stay in the table for this test to read

    std::string id = post_poll(client, alice, {"yes", "no"})["poll"]["id"];
    auto voted = vote(client, id, bob, {1});
    CHECK(voted["id"] == id);
    CHECK(voted["voted"] == true);
    CHECK(voted["own_votes"] == json::array({1}));
    CHECK(voted["votes_count"] == 1);
    CHECK(voted["voters_count"] == 1);
    CHECK(voted["options"][0]["votes_count"] == 0);
    CHECK(voted["options"][1]["votes_count"] == 1);
    {
        auto conn = t.node().database().acquire();
        auto st = conn->query("SELECT payload FROM events WHERE kind = 'poll.voted'");
        REQUIRE(st.step());
        auto payload = json::parse(st.text(0));
        CHECK(payload["poll_id"] == std::stoll(id));
        CHECK(payload["account_id"] == bob.created.account.id);
        CHECK(payload["choices"] == json::array({1}));
        CHECK_FALSE(st.step());
    }

    CHECK(vote(client, id, bob, {0}, 422)["error"] ==
          "Validation failed: You have already voted on this poll");
    // Two choices in a single-choice poll: the second is a second vote, and neither is kept.
    CHECK(vote(client, id, carol, {0, 1}, 422)["error"] ==
          "Validation failed: You have already voted on this poll");
    for (const auto& bad : {json(2), json(-1), json("first")})
        CHECK(vote(client, id, carol, json::array({bad}), 422)["error"] ==
              "Validation failed: The chosen vote option does not exist");
    CHECK(vote(client, id, alice, {0}, 422)["error"] ==
          "Validation failed: You cannot vote in your own polls");
    CHECK(post_json(client, "/api/v1/polls/" + id + "/votes", carol, json::object(),
                    400)["error"] == "param is missing or the value is empty: choices");
    auto seen = get(client, "/api/v1/polls/" + id, carol.auth());
    CHECK(seen["voted"] == false);
    CHECK(seen["own_votes"] == json::array());
    CHECK(seen["votes_count"] == 1);
    CHECK(count(t, "SELECT COUNT(*) FROM poll_votes") == 1);
    CHECK(count(t, "SELECT COUNT(*) FROM events WHERE kind = 'poll.voted'") == 1);

    // A form, with the choice as text.
    auto by_form = post_form(client, "/api/v1/polls/" + id + "/votes", carol, "choices[]=0");
    CHECK(by_form["own_votes"] == json::array({0}));
    CHECK(by_form["voters_count"] == 2);

    // Several choices: each option once, more options later as Mastodon allows, the same never.
    std::string multi = post_poll(client, alice, {"a", "b", "c"}, true)["poll"]["id"];
    auto both = vote(client, multi, bob, {"0", "2"});
    CHECK(both["own_votes"] == json::array({0, 2}));
    CHECK(both["votes_count"] == 2);
    CHECK(both["voters_count"] == 1);
    CHECK(vote(client, multi, carol, {1, 1}, 422)["error"] ==
          "Validation failed: You have already voted on this poll");
    auto more = vote(client, multi, bob, {1});
    CHECK(more["own_votes"] == json::array({0, 2, 1}));
    CHECK(more["votes_count"] == 3);
    CHECK(more["voters_count"] == 1);
    CHECK(vote(client, multi, bob, {2}, 422)["error"] ==
          "Validation failed: You have already voted on this poll");

    // A poll one may not see is not there; nor is one that does not exist.
    std::string hidden =
        post_json(client, "/api/v1/statuses", alice,
                  {{"status", "Followers, which?"},
                   {"visibility", "private"},
                   {"poll", {{"options", {"a", "b"}}, {"expires_in", 600}}}})["poll"]["id"];
    CHECK(vote(client, hidden, bob, {0}, 404)["error"] == "Record not found");
    get(client, "/api/v1/polls/" + hidden, bob.auth(), 404);
    get(client, "/api/v1/polls/" + hidden, {}, 404);
    vote(client, "12345", bob, {0}, 404);
    // A block hides the poll both ways.
    answer(client.Post("/api/v1/accounts/" + bob.id() + "/block", alice.auth(), "",
                       "application/x-www-form-urlencoded"),
           200);
    vote(client, id, bob, {0}, 404);
    get(client, "/api/v1/polls/" + id, bob.auth(), 404);

    // Voting needs a user token with write:statuses.
    answer(client.Post("/api/v1/polls/" + multi + "/votes", "choices[]=0",
                       "application/x-www-form-urlencoded"),
           401);
    auto reader = t.token_for(carol.created.account, "read");
    answer(client.Post("/api/v1/polls/" + multi + "/votes", {{"Authorization", "Bearer " + reader}},
                       "choices[]=0", "application/x-www-form-urlencoded"),
           403);
}

TEST_CASE("polls: hidden totals stay hidden until the end, from everyone", "[api][polls]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    std::string id = post_poll(client, alice, {"x", "y"}, false, true)["poll"]["id"];
    auto voted = vote(client, id, bob, {0});
    CHECK(voted["options"][0]["votes_count"].is_null());
    CHECK(voted["options"][1]["votes_count"].is_null());
    CHECK(voted["votes_count"] == 1); // Mastodon shows the total number of votes
    CHECK(get(client, "/api/v1/polls/" + id, alice.auth())["options"][0]["votes_count"].is_null());
    end_poll(t, id);
    auto ended = get(client, "/api/v1/polls/" + id, alice.auth());
    CHECK(ended["expired"] == true);
    CHECK(ended["options"][0]["votes_count"] == 1);
    CHECK(ended["options"][1]["votes_count"] == 0);
}

TEST_CASE("polls: the end is announced once, to the author and every voter", "[api][polls]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto dave = member(t, "dave");
    auto client = t.client();
    t.node().events().stop(); // the test runs the sweep and reads the events itself

    auto s = post_poll(client, alice, {"now", "later"});
    std::string id = s["poll"]["id"];
    vote(client, id, bob, {0});
    vote(client, id, carol, {1});
    t.expire_polls(); // not ended yet: nothing to say
    CHECK(notifications_of_type(client, alice, "poll").empty());

    end_poll(t, id);
    CHECK(vote(client, id, dave, {0}, 422)["error"] ==
          "Validation failed: The poll has already ended");
    // The event is written with the notifications, once; read it before the consumers prune it.
    CHECK(announce_expired_polls(t.node().database(), 0, now_unix_ms()) == 1);
    CHECK(announce_expired_polls(t.node().database(), 0, now_unix_ms()) == 0);
    json payload = {{"poll_id", std::stoll(id)},
                    {"status_id", std::stoll(s["id"].get<std::string>())}};
    CHECK(count(t, "SELECT COUNT(*) FROM events WHERE kind = 'poll.expired' AND payload = '" +
                       payload.dump() + "'") == 1);
    CHECK(count(t, "SELECT COUNT(*) FROM polls WHERE notified_at IS NOT NULL") == 1);
    t.expire_polls();
    t.expire_polls(); // and again: still once
    for (const auto* who : {&alice, &bob, &carol}) {
        INFO(who->created.account.username);
        auto notes = notifications_of_type(client, *who, "poll");
        REQUIRE(notes.size() == 1);
        CHECK(notes[0]["status"]["id"] == s["id"]);
        CHECK(notes[0]["status"]["poll"]["expired"] == true);
        CHECK(notes[0]["account"]["id"] == alice.id());
    }
    CHECK(notifications_of_type(client, dave, "poll").empty());
}

TEST_CASE("polls: the running node announces ended polls by itself", "[api][polls]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    std::string id = post_poll(client, alice, {"soon", "sooner"})["poll"]["id"];
    vote(client, id, bob, {0});
    {
        // Ends a second and a half from now: the node's own sweep must notice it.
        auto conn = t.node().database().acquire();
        conn->query("UPDATE polls SET expires_at = ? WHERE id = ?", now_unix_ms() + 1500,
                    std::int64_t(std::stoll(id)))
            .run();
    }
    bool announced = false;
    for (int i = 0; i < 100 && !announced; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        announced = notifications_of_type(client, bob, "poll").size() == 1;
    }
    CHECK(announced);
    CHECK(notifications_of_type(client, alice, "poll").size() == 1);
}

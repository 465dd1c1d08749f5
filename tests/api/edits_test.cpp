// Editing statuses over HTTP: the new text, mentions and hashtags, the history (oldest first), the
// source, polls in edits, `update` notifications to boosters, and edits one may not make.
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::answer;
using testing::Member;
using testing::member;

namespace {
json post(httplib::Client& client, const std::string& path, const Member& who, const json& body,
          int expected = 200) {
    return answer(client.Post(path, who.auth(), body.dump(), "application/json"), expected);
}

json put(httplib::Client& client, const std::string& id, const Member& who, const json& body,
         int expected = 200) {
    return answer(client.Put("/api/v1/statuses/" + id, who.auth(), body.dump(), "application/json"),
                  expected);
}

json get(httplib::Client& client, const std::string& path, const httplib::Headers& headers = {},
         int expected = 200) {
    return answer(client.Get(path, headers), expected);
}

std::string posted(httplib::Client& client, const Member& who, const json& body) {
    return post(client, "/api/v1/statuses", who, body)["id"];
}

std::vector<std::string> ids_of(const json& list) {
    std::vector<std::string> out;
    for (const auto& item : list)
        out.push_back(item.contains("status") ? item["status"]["id"] : item["id"]);
    return out;
}

std::vector<json> notifications_of_type(httplib::Client& client, const Member& who,
                                        const std::string& type) {
    std::vector<json> out;
    for (const auto& n : get(client, "/api/v1/notifications", who.auth()))
        if (n["type"] == type) out.push_back(n);
    return out;
}
} // namespace

TEST_CASE("edits: new text, edited_at, source and history oldest first", "[api][edits]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    auto original =
        post(client, "/api/v1/statuses", alice, {{"status", "first #one"}, {"language", "en"}});
    std::string id = original["id"];
    CHECK(original["edited_at"].is_null());

    // Never edited: the history is the status itself.
    auto history = get(client, "/api/v1/statuses/" + id + "/history");
    REQUIRE(history.size() == 1);
    CHECK(history[0]["content"] == original["content"]);
    CHECK(history[0]["created_at"] == original["created_at"]);
    CHECK_FALSE(history[0].contains("poll"));

    auto edited =
        put(client, id, alice, {{"status", "second #two @bob"}, {"spoiler_text", "careful"}});
    CHECK(edited["id"] == id);
    CHECK(edited["content"] ==
          "<p>second <a href=\"https://agora.test/tags/two\" class=\"mention hashtag\" "
          "rel=\"tag\">#<span>two</span></a> <span class=\"h-card\" translate=\"no\"><a "
          "href=\"https://agora.test/@bob\" class=\"u-url "
          "mention\">@<span>bob</span></a></span></p>");
    CHECK(edited["spoiler_text"] == "careful");
    CHECK(edited["sensitive"] == true);
    CHECK(edited["language"] == "en"); // not restated: kept
    CHECK(edited["edited_at"].is_string());
    CHECK(edited["created_at"] == original["created_at"]);
    CHECK(edited["tags"] == json::parse(R"([{"name":"two","url":"https://agora.test/tags/two"}])"));
    REQUIRE(edited["mentions"].size() == 1);
    CHECK(edited["mentions"][0]["id"] == bob.id());
    CHECK(get(client, "/api/v1/statuses/" + id, alice.auth()) == edited);

    auto source = get(client, "/api/v1/statuses/" + id + "/source", alice.auth());
    CHECK(source == json{{"id", id}, {"text", "second #two @bob"}, {"spoiler_text", "careful"}});

    // Hashtag timelines follow the edit.
    CHECK(get(client, "/api/v1/timelines/tag/one").empty());
    CHECK(ids_of(get(client, "/api/v1/timelines/tag/two")) == std::vector<std::string>{id});

    auto third = put(client, id, alice, {{"status", "third"}, {"language", "fr"}});
    CHECK(third["language"] == "fr");
    CHECK(third["sensitive"] == false);
    CHECK(third["mentions"].empty());
    history = get(client, "/api/v1/statuses/" + id + "/history", bob.auth());
    REQUIRE(history.size() == 3);
    CHECK(history[0]["content"] == original["content"]);
    CHECK(history[0]["created_at"] == original["created_at"]);
    CHECK(history[0]["spoiler_text"] == "");
    CHECK(history[0]["sensitive"] == false);
    CHECK(history[1]["content"] == edited["content"]);
    CHECK(history[1]["spoiler_text"] == "careful");
    CHECK(history[1]["sensitive"] == true);
    CHECK(history[1]["created_at"] == edited["edited_at"]);
    CHECK(history[2]["content"] == "<p>third</p>");
    CHECK(history[2]["created_at"] == third["edited_at"]);
    for (const auto& version : history) {
        CHECK(version["account"]["id"] == alice.id());
        CHECK(version["media_attachments"] == json::array());
        CHECK(version["emojis"] == json::array());
    }

    // An edit that changes nothing is not one.
    auto same = put(client, id, alice, {{"status", "third"}});
    CHECK(same["edited_at"] == third["edited_at"]);
    CHECK(count(t, "SELECT COUNT(*) FROM status_edits") == 3);

    // A form-encoded edit reads the same.
    auto form = answer(client.Put("/api/v1/statuses/" + id, alice.auth(), "status=fourth",
                                  "application/x-www-form-urlencoded"),
                       200);
    CHECK(form["content"] == "<p>fourth</p>");
    CHECK(count(t, "SELECT COUNT(*) FROM status_edits") == 4);
}

TEST_CASE("edits: only the author, only valid text, nothing half-written", "[api][edits]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    std::string id = posted(client, alice, {{"status", "mine"}});
    std::string priv = posted(client, alice, {{"status", "ours"}, {"visibility", "private"}});

    CHECK(put(client, id, bob, {{"status", "yours now"}}, 404)["error"] == "Record not found");
    put(client, "999999", alice, {{"status", "nothing here"}}, 404);
    put(client, "abc", alice, {{"status", "nothing here"}}, 404);
    // A boost is not edited, not even by its booster.
    auto boost = answer(client.Post("/api/v1/statuses/" + id + "/reblog", bob.auth(), "",
                                    "application/x-www-form-urlencoded"),
                        200);
    put(client, boost["id"], bob, {{"status", "boosted"}}, 404);

    CHECK(put(client, id, alice, {{"status", "  "}}, 422)["error"] ==
          "Validation failed: Text can't be blank");
    CHECK(put(client, id, alice, {{"status", std::string(501, 'a')}}, 422)["error"] ==
          "Validation failed: Text character limit of 500 exceeded");
    CHECK(put(client, id, alice, {{"status", "ok"}, {"language", "english"}}, 422)["error"] ==
          "Validation failed: Language is not a valid ISO 639 code");
    CHECK(put(client, id, alice,
              {{"status", "ok"}, {"poll", {{"options", {"a"}}, {"expires_in", 600}}}},
              422)["error"] == "Validation failed: Poll options must have more than one item");
    CHECK(put(client, id, alice,
              {{"status", "ok"},
               {"media_ids", {"1"}},
               {"poll", {{"options", {"a", "b"}}, {"expires_in", 600}}}},
              422)["error"] == "Cannot attach more than 4 files");
    auto unchanged = get(client, "/api/v1/statuses/" + id, alice.auth());
    CHECK(unchanged["content"] == "<p>mine</p>");
    CHECK(unchanged["edited_at"].is_null());
    CHECK(unchanged["poll"].is_null());
    CHECK(count(t, "SELECT COUNT(*) FROM status_edits") == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM polls") == 0);

    // Editing needs write:statuses; the history of what one may not see is not there.
    auto reader = t.token_for(alice.created.account, "read");
    answer(client.Put("/api/v1/statuses/" + id, {{"Authorization", "Bearer " + reader}}, "status=x",
                      "application/x-www-form-urlencoded"),
           403);
    answer(client.Put("/api/v1/statuses/" + id, "status=x", "application/x-www-form-urlencoded"),
           401);
    get(client, "/api/v1/statuses/" + priv + "/history", bob.auth(), 404);
    get(client, "/api/v1/statuses/" + priv + "/history", {}, 404);
    CHECK(get(client, "/api/v1/statuses/" + priv + "/history", alice.auth()).size() == 1);
    get(client, "/api/v1/statuses/999999/history", alice.auth(), 404);
}

TEST_CASE("edits: mentions added and withdrawn", "[api][edits]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto client = t.client();
    std::string id = posted(client, alice, {{"status", "hello"}});
    t.drain_events();
    put(client, id, alice, {{"status", "hello @bob"}});
    t.drain_events();
    auto mentions = notifications_of_type(client, bob, "mention");
    REQUIRE(mentions.size() == 1);
    CHECK(mentions[0]["status"]["id"] == id);
    CHECK(ids_of(get(client, "/api/v1/timelines/home", bob.auth())) ==
          std::vector<std::string>{id});
    // Edited again with bob still mentioned: he is not told twice.
    put(client, id, alice, {{"status", "hello again @bob"}});
    t.drain_events();
    CHECK(notifications_of_type(client, bob, "mention").size() == 1);

    // A direct message moved from bob to carol: bob no longer reads it anywhere, carol does.
    std::string direct = posted(client, alice, {{"status", "@bob psst"}, {"visibility", "direct"}});
    t.drain_events();
    REQUIRE(notifications_of_type(client, bob, "mention").size() == 2);
    auto moved = put(client, direct, alice, {{"status", "@carol psst"}});
    CHECK(moved["visibility"] == "direct");
    t.drain_events();
    get(client, "/api/v1/statuses/" + direct, bob.auth(), 404);
    get(client, "/api/v1/statuses/" + direct + "/history", bob.auth(), 404);
    CHECK(ids_of(get(client, "/api/v1/timelines/home", bob.auth())) ==
          std::vector<std::string>{id});
    CHECK(notifications_of_type(client, bob, "mention").size() == 1);
    CHECK(get(client, "/api/v1/statuses/" + direct, carol.auth())["content"] == moved["content"]);
    CHECK(ids_of(notifications_of_type(client, carol, "mention")) ==
          std::vector<std::string>{direct});
}

TEST_CASE("edits: boosters are told with an update notification", "[api][edits]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto client = t.client();
    std::string id = posted(client, alice, {{"status", "worth sharing"}});
    answer(client.Post("/api/v1/statuses/" + id + "/reblog", bob.auth(), "",
                       "application/x-www-form-urlencoded"),
           200);
    answer(client.Post("/api/v1/statuses/" + id + "/favourite", carol.auth(), "",
                       "application/x-www-form-urlencoded"),
           200);
    t.drain_events();
    put(client, id, alice, {{"status", "worth sharing, corrected"}});
    t.drain_events();
    auto updates = notifications_of_type(client, bob, "update");
    REQUIRE(updates.size() == 1);
    CHECK(updates[0]["account"]["id"] == alice.id());
    CHECK(updates[0]["status"]["id"] == id);
    CHECK(updates[0]["status"]["content"] == "<p>worth sharing, corrected</p>");
    // Favouriting is not boosting: Mastodon tells only those who boosted. Nor is the author told.
    CHECK(notifications_of_type(client, carol, "update").empty());
    CHECK(notifications_of_type(client, alice, "update").empty());

    // Another edit: the newest notification replaces the previous one, and comes first.
    std::string later = updates[0]["id"];
    put(client, id, alice, {{"status", "worth sharing, corrected twice"}});
    t.drain_events();
    updates = notifications_of_type(client, bob, "update");
    REQUIRE(updates.size() == 1);
    CHECK(std::stoll(updates[0]["id"].get<std::string>()) > std::stoll(later));
    CHECK(updates[0]["status"]["content"] == "<p>worth sharing, corrected twice</p>");
}

TEST_CASE("edits: polls restated, changed, added and removed", "[api][edits]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    json yes_no = {{"options", {"yes", "no"}}, {"expires_in", 600}};
    auto s = post(client, "/api/v1/statuses", alice, {{"status", "Agreed?"}, {"poll", yes_no}});
    std::string id = s["id"];
    std::string poll_id = s["poll"]["id"];
    post(client, "/api/v1/polls/" + poll_id + "/votes", bob, {{"choices", {0}}});

    // The same options: the votes stand; the poll keeps its id and runs from the edit.
    auto restated = put(client, id, alice, {{"status", "Agreed, then?"}, {"poll", yes_no}});
    CHECK(restated["poll"]["id"] == poll_id);
    CHECK(restated["poll"]["votes_count"] == 1);
    CHECK(get(client, "/api/v1/polls/" + poll_id, bob.auth())["own_votes"] == json::array({0}));

    // Other options: the votes cast so far go.
    auto changed = put(client, id, alice,
                       {{"status", "Agreed, then?"},
                        {"poll", {{"options", {"yes", "no", "maybe"}}, {"expires_in", "900"}}}});
    CHECK(changed["poll"]["id"] == poll_id);
    CHECK(changed["poll"]["votes_count"] == 0);
    CHECK(changed["poll"]["voters_count"] == 0);
    CHECK(changed["poll"]["options"].size() == 3);
    CHECK(get(client, "/api/v1/polls/" + poll_id, bob.auth())["voted"] == false);
    CHECK(count(t, "SELECT COUNT(*) FROM poll_votes") == 0);

    // Not restated: the poll is gone, as with Mastodon's clients.
    auto removed = put(client, id, alice, {{"status", "Never mind"}});
    CHECK(removed["poll"].is_null());
    get(client, "/api/v1/polls/" + poll_id, alice.auth(), 404);
    CHECK(count(t, "SELECT COUNT(*) FROM polls") == 0);

    // And a poll can be added to a status that had none.
    auto added =
        put(client, id, alice,
            {{"status", "Never mind"}, {"poll", {{"options", {"a", "b"}}, {"expires_in", 300}}}});
    CHECK(added["poll"]["options"][0]["title"] == "a");

    auto history = get(client, "/api/v1/statuses/" + id + "/history");
    REQUIRE(history.size() == 5);
    CHECK(history[0]["poll"] == json::parse(R"({"options":[{"title":"yes"},{"title":"no"}]})"));
    CHECK(history[1]["poll"] == history[0]["poll"]);
    CHECK(history[2]["poll"]["options"].size() == 3);
    CHECK_FALSE(history[3].contains("poll"));
    CHECK(history[4]["poll"] == json::parse(R"({"options":[{"title":"a"},{"title":"b"}]})"));
}

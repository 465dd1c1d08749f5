// Remote posts through the inbox handlers (Create, Update, Delete of Note, Question, Article,
// Page), checked through the client API: home feeds, the Status entity, threads, polls, edits.
#include "federation/inbox_status_handlers.hpp"
#include "rig/fixtures.hpp"
#include "rig/member.hpp"
#include "rig/remote_peer_fixtures.hpp"
#include "rig/test_node.hpp"
#include "rig/websocket_client.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::as_public;
using testing::call;
using testing::deliver;
using testing::Member;
using testing::member;
using testing::outcome_name;

namespace {
using World = testing::FederatedWorld;
const std::string alice_uri = "https://agora.test/users/alice";
} // namespace

TEST_CASE("remote posts: a Note reaches a local follower's home feed as Mastodon shows it",
          "[api][federation][remote_statuses]") {
    World w;
    auto note = w.remote.note("bob",
                              "<p>Hello <a href=\"https://agora.test/@alice\" class=\"u-url "
                              "mention\">@<span>alice</span></a> #Fediverse</p>",
                              "public", {alice_uri});
    note["summary"] = "<p>a <b>warning</b></p>";
    note["sensitive"] = true;
    note["tag"].push_back({{"type", "Hashtag"},
                           {"href", w.remote.origin() + "/tags/fediverse"},
                           {"name", "#Fediverse"}});
    note["attachment"] = {{{"type", "Document"},
                           {"mediaType", "image/png"},
                           {"url", w.remote.origin() + "/media/cat.png"},
                           {"name", "A cat on a mat"},
                           {"blurhash", "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH"},
                           {"focalPoint", {0.5, -0.25}},
                           {"width", 640},
                           {"height", 480}}};
    note["contentMap"] = {{"fr", note["content"]}};
    REQUIRE(w.deliver(w.remote.create(note)) == "applied");

    auto home = call(w.client, "GET", "/api/v1/timelines/home", w.carol);
    REQUIRE(home.size() == 1);
    const auto& s = home[0];
    CHECK(s["uri"] == note["id"]);
    CHECK(s["url"] == note["url"]);
    CHECK(s["account"]["acct"] == "bob@" + w.remote.peer.authority());
    CHECK(s["visibility"] == "public");
    CHECK(s["sensitive"] == true);
    CHECK(s["spoiler_text"] == "a warning");
    CHECK(s["language"] == "fr");
    CHECK(s["agora"]["reason"]["type"] == "followed");
    CHECK_THAT(s["content"].get<std::string>(), Catch::Contains("Hello"));
    CHECK(s["tags"].size() == 1);
    CHECK(s["tags"][0]["name"] == "fediverse");
    REQUIRE(s["mentions"].size() == 1);
    CHECK(s["mentions"][0]["id"] == w.alice.id());
    REQUIRE(s["media_attachments"].size() == 1);
    const auto& media = s["media_attachments"][0];
    CHECK(media["type"] == "image");
    CHECK(media["url"] == w.remote.origin() + "/media/cat.png");
    CHECK(media["remote_url"] == w.remote.origin() + "/media/cat.png");
    CHECK(media["description"] == "A cat on a mat");
    CHECK(media["blurhash"] == "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH");
    CHECK(media["meta"]["original"]["width"] == 640);
    CHECK(media["meta"]["focus"]["x"] == 0.5);

    // The mentioned member is notified and may read it; it is on the public timelines too.
    auto notes = call(w.client, "GET", "/api/v1/notifications", w.alice);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["type"] == "mention");
    CHECK(notes[0]["status"]["uri"] == note["id"]);
    auto one = call(w.client, "GET", "/api/v1/statuses/" + s["id"].get<std::string>(), w.alice);
    CHECK(one["uri"] == note["id"]);
    CHECK(call(w.client, "GET", "/api/v1/timelines/public?remote=true", w.alice).size() == 1);
    CHECK(call(w.client, "GET", "/api/v1/timelines/public?local=true", w.alice).empty());
    CHECK(call(w.client, "GET", "/api/v1/timelines/tag/fediverse", w.alice).size() == 1);
}

TEST_CASE("remote posts: the same object delivered twice is stored once",
          "[api][federation][remote_statuses]") {
    World w;
    auto note = w.remote.note("bob", "<p>once</p>");
    note.erase("url"); // no web page: the Status entity's url is its uri, as Mastodon's
    CHECK(w.deliver(w.remote.create(note)) == "applied");
    CHECK(w.deliver(w.remote.create(note)) == "ignored");
    auto update_first = w.remote.create(note);
    update_first["id"] = note["id"].get<std::string>() + "/another-activity";
    CHECK(w.deliver(update_first) == "ignored");
    CHECK(w.count("SELECT COUNT(*) FROM statuses WHERE local = 0") == 1);
    auto home = call(w.client, "GET", "/api/v1/timelines/home", w.carol);
    REQUIRE(home.size() == 1);
    CHECK(home[0]["uri"] == note["id"]);
    CHECK(home[0]["url"] == note["id"]);
}

TEST_CASE("remote posts: visibility read from to and cc as Mastodon reads it",
          "[api][federation][remote_statuses]") {
    World w;
    auto dave = member(w.t, "dave"); // neither follows bob nor is named
    auto unlisted = w.remote.note("bob", "<p>unlisted</p>", "unlisted");
    auto followers = w.remote.note("bob", "<p>followers</p>", "private");
    auto direct = w.remote.note("bob", "<p>direct</p>", "direct", {alice_uri});
    // A followers-only post also addressed to a member who does not follow: named, so shown.
    auto limited = w.remote.note("bob", "<p>limited</p>", "private");
    limited["cc"] = {alice_uri};
    for (const auto* note : {&unlisted, &followers, &direct, &limited})
        REQUIRE(w.deliver(w.remote.create(*note)) == "applied");

    auto visibility = [&](const json& note) {
        return call(w.client, "GET", "/api/v1/statuses/" + w.local_id(note["id"]),
                    w.carol)["visibility"];
    };
    CHECK(visibility(unlisted) == "unlisted");
    CHECK(visibility(followers) == "private");
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + w.local_id(direct["id"]),
               w.alice)["visibility"] == "direct");
    // carol follows bob but is not addressed: the direct post is not hers to see.
    call(w.client, "GET", "/api/v1/statuses/" + w.local_id(direct["id"]), w.carol, "", 404);
    call(w.client, "GET", "/api/v1/statuses/" + w.local_id(followers["id"]), dave, "", 404);
    call(w.client, "GET", "/api/v1/statuses/" + w.local_id(limited["id"]), w.alice);
    call(w.client, "GET", "/api/v1/statuses/" + w.local_id(limited["id"]), dave, "", 404);
    auto conversations = call(w.client, "GET", "/api/v1/conversations", w.alice);
    REQUIRE(conversations.size() == 1);
    CHECK(conversations[0]["last_status"]["uri"] == direct["id"]);
    auto home = testing::values_of(call(w.client, "GET", "/api/v1/timelines/home", w.carol), "uri");
    CHECK(home == std::vector<std::string>{limited["id"].get<std::string>(),
                                           followers["id"].get<std::string>(),
                                           unlisted["id"].get<std::string>()});
    CHECK(call(w.client, "GET", "/api/v1/timelines/public", w.carol).empty());
}

TEST_CASE("remote posts: a post that concerns nobody here is not kept",
          "[api][federation][remote_statuses]") {
    World w;
    w.remote.add_actor("erin"); // nobody here follows erin
    CHECK(w.deliver(w.remote.create(w.remote.note("erin", "<p>spam</p>"))) == "ignored");
    CHECK(w.count("SELECT COUNT(*) FROM statuses") == 0);
    // Naming a member is enough.
    CHECK(w.deliver(w.remote.create(w.remote.note("erin", "<p>hi</p>", "public", {alice_uri}))) ==
          "applied");
    CHECK(w.deliver(w.remote.create(w.remote.note("erin", "<p>hi</p>", "direct", {alice_uri}))) ==
          "applied");
}

TEST_CASE("remote posts: replies to local posts, threads fetched, parents arriving late",
          "[api][federation][remote_statuses]") {
    World w;
    auto local = testing::post_status(w.client, w.alice, "a question");
    std::string local_id = local["id"];
    auto reply = w.remote.note("bob", "<p>an answer</p>", "public", {alice_uri});
    reply["inReplyTo"] = local["uri"];
    REQUIRE(w.deliver(w.remote.create(reply)) == "applied");
    auto stored = call(w.client, "GET", "/api/v1/statuses/" + w.local_id(reply["id"]), w.alice);
    CHECK(stored["in_reply_to_id"] == local_id);
    CHECK(stored["in_reply_to_account_id"] == w.alice.id());
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + local_id, w.alice)["replies_count"] == 1);
    auto context = call(w.client, "GET", "/api/v1/statuses/" + local_id + "/context", w.alice);
    REQUIRE(context["descendants"].size() == 1);
    CHECK(context["descendants"][0]["uri"] == reply["id"]);

    // An unknown parent is fetched from its server (a signed GET), with its own parent.
    auto grandparent = w.remote.note("bob", "<p>first</p>");
    auto parent = w.remote.note("bob", "<p>second</p>");
    parent["inReplyTo"] = grandparent["id"];
    w.remote.serve(grandparent);
    w.remote.serve(parent);
    auto child = w.remote.note("bob", "<p>third</p>");
    child["inReplyTo"] = parent["id"];
    REQUIRE(w.deliver(w.remote.create(child)) == "applied");
    auto ancestors =
        call(w.client, "GET", "/api/v1/statuses/" + w.local_id(child["id"]) + "/context",
             w.carol)["ancestors"];
    CHECK(testing::values_of(ancestors, "uri") ==
          std::vector<std::string>{grandparent["id"].get<std::string>(),
                                   parent["id"].get<std::string>()});
    // Fetched with a GET signed by the instance actor.
    std::string parent_path = parent["id"].get<std::string>().substr(w.remote.origin().size());
    bool signed_get = false;
    for (const auto& r : w.remote.peer.requests())
        if (r.method == "GET" && r.path == parent_path)
            signed_get =
                r.header("Signature").find("keyId=\"https://agora.test/actor#main-key\"") !=
                std::string::npos;
    CHECK(signed_get);
    // The fetched posts are recent: they reach bob's followers too (with his first reply).
    CHECK(call(w.client, "GET", "/api/v1/timelines/home", w.carol).size() == 4);

    // A parent that cannot be fetched: the reply is kept, linked when the parent arrives.
    auto lost = w.remote.note("bob", "<p>lost</p>");
    w.remote.fail(lost["id"], 404);
    auto orphan = w.remote.note("bob", "<p>orphan</p>");
    orphan["inReplyTo"] = lost["id"];
    REQUIRE(w.deliver(w.remote.create(orphan)) == "applied");
    auto orphan_id = w.local_id(orphan["id"]);
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + orphan_id, w.carol)["in_reply_to_id"]
              .is_null());
    REQUIRE(w.deliver(w.remote.create(lost)) == "applied");
    auto linked = call(w.client, "GET", "/api/v1/statuses/" + orphan_id, w.carol);
    CHECK(linked["in_reply_to_id"] == w.local_id(lost["id"]));
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + w.local_id(lost["id"]),
               w.carol)["replies_count"] == 1);
}

TEST_CASE("remote posts: an Article or a Page is shown by its title and a link",
          "[api][federation][remote_statuses]") {
    World w;
    auto article = w.remote.note("bob", "<p>The body of the article.</p>");
    article["type"] = "Article";
    article["name"] = "Ten <things> to know";
    article["summary"] = "<p>An introduction</p>";
    article["url"] = w.remote.origin() + "/blog/ten-things";
    REQUIRE(w.deliver(w.remote.create(article)) == "applied");
    auto page = w.remote.note("bob", "<p>Page text</p>");
    page["type"] = "Page";
    page["name"] = "A page";
    REQUIRE(w.deliver(w.remote.create(page)) == "applied");

    auto s = call(w.client, "GET", "/api/v1/statuses/" + w.local_id(article["id"]), w.carol);
    std::string content = s["content"];
    CHECK_THAT(content, Catch::Contains("<p><strong>Ten &lt;things&gt; to know</strong></p>"));
    CHECK_THAT(content, Catch::Contains("An introduction"));
    CHECK_THAT(content, Catch::Contains("The body of the article."));
    CHECK_THAT(content, Catch::Contains("href=\"" + w.remote.origin() + "/blog/ten-things\""));
    CHECK(s["spoiler_text"] == "");
    CHECK(s["url"] == w.remote.origin() + "/blog/ten-things");
    auto p = call(w.client, "GET", "/api/v1/statuses/" + w.local_id(page["id"]), w.carol);
    CHECK_THAT(p["content"].get<std::string>(), Catch::Contains("<strong>A page</strong>"));
}

TEST_CASE("remote posts: a Question is a poll; its updates bring the counts",
          "[api][federation][remote_statuses]") {
    World w;
    auto question = w.remote.note("bob", "<p>Tea or coffee?</p>");
    question["type"] = "Question";
    question["endTime"] = "2099-01-01T00:00:00Z";
    question["votersCount"] = 3;
    question["oneOf"] = {{{"type", "Note"},
                          {"name", "Tea"},
                          {"replies", {{"type", "Collection"}, {"totalItems", 2}}}},
                         {{"type", "Note"},
                          {"name", "Coffee"},
                          {"replies", {{"type", "Collection"}, {"totalItems", 1}}}}};
    REQUIRE(w.deliver(w.remote.create(question)) == "applied");
    auto s = call(w.client, "GET", "/api/v1/statuses/" + w.local_id(question["id"]), w.carol);
    const auto& poll = s["poll"];
    REQUIRE(poll.is_object());
    CHECK(poll["multiple"] == false);
    CHECK(poll["expires_at"] == "2099-01-01T00:00:00.000Z");
    CHECK(poll["votes_count"] == 3);
    CHECK(poll["voters_count"] == 3);
    CHECK(poll["options"] == json::parse(R"([{"title":"Tea","votes_count":2},
                                             {"title":"Coffee","votes_count":1}])"));
    CHECK(poll["voted"] == false);

    // Its server sends the new counts (no `updated`: not an edit).
    question["oneOf"][1]["replies"]["totalItems"] = 5;
    question["votersCount"] = 7;
    REQUIRE(w.deliver(w.remote.update(question)) == "applied");
    std::string poll_id = poll["id"];
    auto counted = call(w.client, "GET", "/api/v1/polls/" + poll_id, w.carol);
    CHECK(counted["options"][1]["votes_count"] == 5);
    CHECK(counted["votes_count"] == 7);
    CHECK(counted["voters_count"] == 7);
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + w.local_id(question["id"]) + "/history",
               w.carol)
              .size() <= 1); // no edit recorded

    // A member votes: counted at once, until the poll's server counts it.
    auto voted =
        call(w.client, "POST", "/api/v1/polls/" + poll_id + "/votes", w.carol, "choices[]=0");
    CHECK(voted["options"][0]["votes_count"] == 3);
    CHECK(voted["own_votes"] == json::array({0}));

    // anyOf: several choices.
    auto multiple = w.remote.note("bob", "<p>Which?</p>");
    multiple["type"] = "Question";
    multiple["anyOf"] = {{{"type", "Note"}, {"name", "A"}}, {{"type", "Note"}, {"name", "B"}}};
    multiple["closed"] = "2020-01-01T00:00:00Z";
    REQUIRE(w.deliver(w.remote.create(multiple)) == "applied");
    auto m = call(w.client, "GET", "/api/v1/statuses/" + w.local_id(multiple["id"]), w.carol);
    CHECK(m["poll"]["multiple"] == true);
    CHECK(m["poll"]["expired"] == true);
}

TEST_CASE("remote posts: a remote vote in a local poll is counted, not stored as a post",
          "[api][federation][remote_statuses]") {
    World w;
    auto local =
        call(w.client, "POST", "/api/v1/statuses", w.alice,
             "status=Cats%3F&poll%5Boptions%5D%5B%5D=Yes&poll%5Boptions%5D%5B%5D=No&poll%5Bexpires_"
             "in%5D=600");
    json vote = {{"id", w.bob + "#votes/1"}, {"type", "Note"},    {"name", "No"},
                 {"attributedTo", w.bob},    {"to", {alice_uri}}, {"inReplyTo", local["uri"]}};
    CHECK(w.deliver(w.remote.create(vote)) == "applied");
    CHECK(w.deliver(w.remote.create(vote)) == "ignored"); // one vote each
    auto poll =
        call(w.client, "GET", "/api/v1/polls/" + local["poll"]["id"].get<std::string>(), w.alice);
    CHECK(poll["options"][1]["votes_count"] == 1);
    CHECK(poll["voters_count"] == 1);
    CHECK(w.count("SELECT COUNT(*) FROM statuses WHERE local = 0") == 0);
}

TEST_CASE("remote posts: an Update is an edit with history, and boosters are told",
          "[api][federation][remote_statuses]") {
    World w;
    auto note = w.remote.note("bob", "<p>first version</p>");
    note["published"] = testing::iso_in(-10000);
    REQUIRE(w.deliver(w.remote.create(note)) == "applied");
    std::string id = w.local_id(note["id"]);
    call(w.client, "POST", "/api/v1/statuses/" + id + "/reblog", w.carol);

    note["content"] = "<p>second version #edited</p>";
    note["tag"] = {{{"type", "Hashtag"}, {"name", "#edited"}}};
    note["updated"] = testing::iso_in(-5000);
    REQUIRE(w.deliver(w.remote.update(note)) == "applied");
    auto s = call(w.client, "GET", "/api/v1/statuses/" + id, w.carol);
    CHECK(s["content"] == "<p>second version #edited</p>");
    CHECK(s["edited_at"].is_string());
    CHECK(s["tags"][0]["name"] == "edited");
    auto history = call(w.client, "GET", "/api/v1/statuses/" + id + "/history", w.carol);
    REQUIRE(history.size() == 2);
    CHECK(history[0]["content"] == "<p>first version</p>");
    CHECK(history[1]["content"] == "<p>second version #edited</p>");
    auto notes = call(w.client, "GET", "/api/v1/notifications?types[]=update", w.carol);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["status"]["id"] == id);

    // An older version arriving late changes nothing.
    auto stale = note;
    stale["content"] = "<p>stale</p>";
    stale["updated"] = testing::iso_in(-7000);
    CHECK(w.deliver(w.remote.update(stale)) == "ignored");
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + id, w.carol)["content"] ==
          "<p>second version #edited</p>");

    // An Update of a post we never had, recent: taken as its creation.
    auto unseen = w.remote.note("bob", "<p>unseen</p>");
    CHECK(w.deliver(w.remote.update(unseen)) == "applied");
    CHECK_FALSE(w.local_id(unseen["id"]).empty());
}

TEST_CASE("remote posts: Delete removes the post everywhere, and it does not come back",
          "[api][federation][remote_statuses]") {
    World w;
    auto note = w.remote.note("bob", "<p>soon gone</p>", "public", {alice_uri});
    REQUIRE(w.deliver(w.remote.create(note)) == "applied");
    std::string id = w.local_id(note["id"]);
    call(w.client, "POST", "/api/v1/statuses/" + id + "/favourite", w.carol);
    REQUIRE(call(w.client, "GET", "/api/v1/timelines/home", w.carol).size() == 1);

    auto tombstone = json{{"id", note["id"]}, {"type", "Tombstone"}};
    REQUIRE(w.deliver(w.remote.activity("Delete", "bob", tombstone)) == "applied");
    call(w.client, "GET", "/api/v1/statuses/" + id, w.carol, "", 404);
    CHECK(call(w.client, "GET", "/api/v1/timelines/home", w.carol).empty());
    CHECK(call(w.client, "GET", "/api/v1/notifications", w.alice).empty());
    CHECK(call(w.client, "GET", "/api/v1/favourites", w.carol).empty());
    CHECK(w.count("SELECT statuses_count FROM account_stats a JOIN accounts b ON b.id = "
                  "a.account_id WHERE b.username = 'bob'") == 0);
    // Delivered again (a retry, or out of order): not brought back.
    CHECK(w.deliver(w.remote.create(note)) == "ignored");
    CHECK(w.local_id(note["id"]).empty());
    // A Delete arriving before its Create, the id alone.
    auto early = w.remote.note("bob", "<p>never seen</p>");
    CHECK(w.deliver(w.remote.activity("Delete", "bob", early["id"])) == "ignored");
    CHECK(w.deliver(w.remote.create(early)) == "ignored");
    CHECK(w.local_id(early["id"]).empty());
}

TEST_CASE("remote posts: hostile and broken input is made harmless or refused",
          "[api][federation][remote_statuses]") {
    World w;
    auto hostile = w.remote.note(
        "bob", "<p onclick=\"steal()\">Hi<script>alert(1)</script> <a "
               "href=\"javascript:alert(2)\">click</a><img src=x onerror=alert(3)><iframe "
               "src=\"https://evil.example\"></iframe><style>p{}</style></p>");
    hostile["summary"] = "<script>alert(4)</script>cw";
    REQUIRE(w.deliver(w.remote.create(hostile)) == "applied");
    auto s = call(w.client, "GET", "/api/v1/statuses/" + w.local_id(hostile["id"]), w.carol);
    std::string content = s["content"];
    for (const char* bad :
         {"script", "onclick", "javascript", "onerror", "iframe", "style", "<img"})
        CHECK(content.find(bad) == std::string::npos);
    CHECK_THAT(content, Catch::Contains("click"));
    CHECK(s["spoiler_text"] == "cw");

    // Huge content is cut, not refused.
    auto huge = w.remote.note("bob", "<p>" + std::string(300 * 1024, 'a') + "</p>");
    REQUIRE(w.deliver(w.remote.create(huge)) == "applied");
    auto big = call(w.client, "GET", "/api/v1/statuses/" + w.local_id(huge["id"]), w.carol);
    CHECK(big["content"].get<std::string>().size() <= 130 * 1024);

    // Missing or wrong fields: ignored, nothing stored.
    auto count_before = w.count("SELECT COUNT(*) FROM statuses");
    auto no_id = w.remote.note("bob", "<p>x</p>");
    no_id.erase("id");
    auto no_author = w.remote.note("bob", "<p>x</p>");
    no_author.erase("attributedTo");
    auto not_a_post = w.remote.note("bob", "<p>x</p>");
    not_a_post["type"] = "Event";
    auto bad_id = w.remote.note("bob", "<p>x</p>");
    bad_id["id"] = "javascript:alert(1)";
    for (auto* object : {&not_a_post, &bad_id})
        CHECK(w.deliver(w.remote.create(*object)) == "ignored");
    auto create = w.remote.create(w.remote.note("bob", "<p>x</p>"));
    create["object"] = no_author;
    CHECK(w.deliver(create) == "ignored");
    create["object"] = no_id;
    CHECK(w.deliver(create) == "ignored");
    create.erase("object");
    CHECK(w.deliver(create) == "ignored");
    create["object"] = 42;
    CHECK(w.deliver(create) == "ignored");
    create["object"] = json::array({1, 2});
    CHECK(w.deliver(create) == "ignored");
    // Strange value types everywhere: read as absent.
    auto odd = w.remote.note("bob", "<p>odd</p>");
    odd["tag"] = "not a list";
    odd["attachment"] = {{{"type", "Document"}, {"url", 12}}, "x", nullptr};
    odd["sensitive"] = "yes";
    odd["published"] = "yesterday";
    odd["contentMap"] = 3;
    odd["inReplyTo"] = json::object();
    REQUIRE(w.deliver(w.remote.create(odd)) == "applied");
    CHECK(w.count("SELECT COUNT(*) FROM statuses") == count_before + 1);

    // Not the status handlers' to handle (the follow and actor handlers' are): Undo of a Follow,
    // Update of a Person, Delete of the actor.
    federation::InboxHandlers status_handlers;
    federation::add_status_handlers(status_handlers);
    auto by_status_handlers = [&](const json& activity) {
        return testing::outcome_name(testing::deliver(w.t, activity, &status_handlers));
    };
    CHECK(by_status_handlers(w.remote.activity("Undo", "bob",
                                               {{"id", w.bob + "#follows/1"},
                                                {"type", "Follow"},
                                                {"actor", w.bob},
                                                {"object", alice_uri}})) == "not_mine");
    CHECK(by_status_handlers(w.remote.activity("Update", "bob",
                                               {{"id", w.bob}, {"type", "Person"}})) == "not_mine");
    CHECK(by_status_handlers(w.remote.activity("Delete", "bob", w.bob)) == "not_mine");
}

TEST_CASE("remote posts: streams tell of a delivered post and of its deletion",
          "[api][federation][remote_statuses]") {
    World w;
    testing::WebSocketClient user(w.t.port(),
                                  "/api/v1/streaming?stream=user&access_token=" + w.carol.token);
    testing::WebSocketClient remote(w.t.port(), "/api/v1/streaming?stream=public:remote&"
                                                "access_token=" +
                                                    w.alice.token);
    REQUIRE(user.upgraded());
    REQUIRE(remote.upgraded());
    auto note = w.remote.note("bob", "<p>live</p>");
    REQUIRE(w.deliver(w.remote.create(note)) == "applied");
    std::string id = w.local_id(note["id"]);
    for (auto* ws : {&user, &remote}) {
        auto frame = ws->receive(5000);
        REQUIRE(frame);
        auto event = json::parse(*frame);
        CHECK(event["event"] == "update");
        CHECK(json::parse(event["payload"].get<std::string>())["uri"] == note["id"]);
    }
    REQUIRE(w.deliver(w.remote.activity("Delete", "bob", note["id"])) == "applied");
    auto frame = user.receive(5000);
    REQUIRE(frame);
    auto event = json::parse(*frame);
    CHECK(event["event"] == "delete");
    CHECK(event["payload"] == id);
}

// Statuses as ActivityStreams documents over HTTP: the Note and Question at a status's id, the
// Create (or Announce) at its /activity, content negotiation, what is not served, the outbox,
// and the profile Update built from the actor document.
#include "federation/activitypub.hpp"
#include "federation/actor.hpp"
#include "federation/ap_activities.hpp"
#include "federation/ap_status.hpp"
#include "rig/fixtures.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/media_repo.hpp"
#include "store/polls_repo.hpp"
#include "store/profiles_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::Member;

namespace {
const std::string base = "https://agora.test";
const std::string pub = "https://www.w3.org/ns/activitystreams#Public";
const httplib::Headers activity_accept{{"Accept", "application/activity+json"}};

// A remote account as fetching will store one: a row with a domain, an actor id and inboxes.
std::int64_t insert_remote(testing::TestNode& t, const std::string& username,
                           const std::string& domain) {
    auto conn = t.node().database().acquire();
    auto id = next_id();
    conn->query("INSERT INTO accounts (id, username, domain, public_key_pem, uri, inbox_url, "
                "shared_inbox_url, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?, ?, 0, 0)",
                id, username, domain, "https://" + domain + "/users/" + username,
                "https://" + domain + "/users/" + username + "/inbox",
                "https://" + domain + "/inbox")
        .run();
    return id;
}

json get_document(httplib::Client& client, const std::string& path, int expected = 200) {
    auto res = client.Get(path, activity_accept);
    REQUIRE(res);
    REQUIRE(res->status == expected);
    if (expected != 200) return nullptr;
    CHECK(res->get_header_value("Content-Type") == "application/activity+json; charset=utf-8");
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "*");
    return json::parse(res->body);
}

std::string published_of(const json& status) {
    return status["created_at"].get<std::string>().substr(0, 19) + "Z";
}

std::string note_path(const json& status) {
    return "/users/" + status["account"]["username"].get<std::string>() + "/statuses/" +
           status["id"].get<std::string>();
}

json put_json(httplib::Client& client, const std::string& path, const Member& who,
              const json& body) {
    return testing::answer(client.Put(path, who.auth(), body.dump(), "application/json"), 200);
}

json post_json(httplib::Client& client, const std::string& path, const Member& who,
               const json& body) {
    return testing::answer(client.Post(path, who.auth(), body.dump(), "application/json"), 200);
}
} // namespace

// Two images on a status: one described with a focus and a blurhash, one bare.
std::pair<std::int64_t, std::int64_t> attach_images(testing::TestNode& t, const Member& owner,
                                                    std::int64_t status_id) {
    auto conn = t.node().database().acquire();
    MediaAttachment m;
    m.id = next_id();
    m.account_id = owner.created.account.id;
    m.status_id = status_id;
    m.content_type = "image/png";
    m.file_path = "ab/cd/photo.png";
    m.preview_path = "ab/cd/small.png";
    m.width = 640;
    m.height = 480;
    m.description = "A cat on a mat";
    m.focus_x = 0.5;
    m.focus_y = -0.25;
    m.blurhash = "LEHV6nWB2yk8pyo0adR*.7kCMdnj";
    store::insert_media(*conn, m);
    MediaAttachment bare = m;
    bare.id = next_id();
    bare.content_type = "image/jpeg";
    bare.file_path = "ef/bare.jpg";
    bare.description.reset();
    bare.blurhash.reset();
    bare.width = bare.height = 0;
    bare.focus_x = bare.focus_y = 0;
    store::insert_media(*conn, bare);
    return {m.id, bare.id};
}

TEST_CASE("ap objects: a public Note has every field Mastodon sends", "[api][federation][outbox]") {
    testing::TestNode t;
    auto [alice, carol] = testing::members(t, "alice", "carol");
    auto bob_id = insert_remote(t, "bob", "remote.example");
    auto client = t.client();
    auto status = post_json(client, "/api/v1/statuses", alice,
                            {{"status", "Hello @carol and @bob@remote.example #Agora"},
                             {"spoiler_text", "greetings"},
                             {"sensitive", true},
                             {"language", "en"}});
    const std::string sid = status["id"].get<std::string>();
    {
        auto conn = t.node().database().acquire();
        store::insert_mention(*conn, std::stoll(sid), bob_id); // resolved by fetching, later
    }
    auto [photo, bare] = attach_images(t, alice, std::stoll(sid));
    const std::string uri = base + "/users/alice/statuses/" + sid;
    const std::string carol_uri = base + "/users/carol";
    const std::string bob_uri = "https://remote.example/users/bob";
    const std::string files = base + "/system/media_attachments/files/";
    json expected = {
        {"@context",
         json::array({"https://www.w3.org/ns/activitystreams",
                      {{"sensitive", "as:sensitive"},
                       {"Hashtag", "as:Hashtag"},
                       {"ostatus", "http://ostatus.org#"},
                       {"conversation", "ostatus:conversation"},
                       {"toot", "http://joinmastodon.org/ns#"},
                       {"blurhash", "toot:blurhash"},
                       {"focalPoint", {{"@container", "@list"}, {"@id", "toot:focalPoint"}}}}})},
        {"id", uri},
        {"type", "Note"},
        {"summary", "greetings"},
        {"inReplyTo", nullptr},
        {"published", published_of(status)},
        {"url", base + "/@alice/" + sid},
        {"attributedTo", base + "/users/alice"},
        {"to", {pub}},
        // Mentions in the order of the accounts' ids: carol (created first), then bob.
        {"cc", {base + "/users/alice/followers", carol_uri, bob_uri}},
        {"sensitive", true},
        {"content", status["content"]},
        {"contentMap", {{"en", status["content"]}}},
        {"conversation", "tag:agora.test," + published_of(status).substr(0, 10) +
                             ":objectId=" + sid + ":objectType=Conversation"},
        {"attachment",
         {{{"type", "Document"},
           {"mediaType", "image/png"},
           {"url", files + std::to_string(photo) + "/original/photo.png"},
           {"name", "A cat on a mat"},
           {"blurhash", "LEHV6nWB2yk8pyo0adR*.7kCMdnj"},
           {"focalPoint", {0.5, -0.25}},
           {"width", 640},
           {"height", 480}},
          {{"type", "Document"},
           {"mediaType", "image/jpeg"},
           {"url", files + std::to_string(bare) + "/original/bare.jpg"},
           {"name", nullptr},
           {"blurhash", nullptr},
           {"focalPoint", {0.0, 0.0}}}}},
        {"tag",
         {{{"type", "Mention"}, {"href", carol_uri}, {"name", "@carol@agora.test"}},
          {{"type", "Mention"}, {"href", bob_uri}, {"name", "@bob@remote.example"}},
          {{"type", "Hashtag"}, {"href", base + "/tags/agora"}, {"name", "#agora"}}}},
        // As Mastodon's: the first page lists the author's own replies (none yet).
        {"replies",
         {{"id", uri + "/replies"},
          {"type", "Collection"},
          {"first",
           {{"type", "CollectionPage"},
            {"next", uri + "/replies?only_other_accounts=true&page=true"},
            {"partOf", uri + "/replies"},
            {"items", json::array()}}}}},
    };
    CHECK_THAT(status["content"].get<std::string>(), Catch::Contains("#<span>Agora</span>"));
    auto res = client.Get("/users/alice/statuses/" + sid, activity_accept);
    REQUIRE(res);
    CHECK(res->get_header_value("Vary") == "Accept"); // the same path answers browsers
    CHECK(json::parse(res->body) == expected);
    // Capital letters in the user name find the account; the ids keep its spelling.
    CHECK(get_document(client, "/users/ALICE/statuses/" + sid) == expected);

    // The Create at /activity: the Note inside, the same addressing outside.
    auto create = get_document(client, "/users/alice/statuses/" + sid + "/activity");
    json object = expected;
    object.erase("@context");
    CHECK(create == json({{"@context", expected["@context"]},
                          {"id", uri + "/activity"},
                          {"type", "Create"},
                          {"actor", base + "/users/alice"},
                          {"published", published_of(status)},
                          {"to", expected["to"]},
                          {"cc", expected["cc"]},
                          {"object", object}}));
}

TEST_CASE("ap objects: addressing follows visibility; only public and unlisted are served",
          "[api][federation][outbox]") {
    testing::TestNode t;
    auto [alice, carol] = testing::members(t, "alice", "carol");
    auto client = t.client();
    const std::string followers = base + "/users/alice/followers";
    const std::string carol_uri = base + "/users/carol";
    auto unlisted = testing::post_status(client, alice, "quiet @carol", "unlisted");
    auto note = get_document(client, note_path(unlisted));
    CHECK(note["to"] == json({followers}));
    CHECK(note["cc"] == json({pub, carol_uri}));
    CHECK(note["summary"] == nullptr);
    CHECK(note["sensitive"] == false);
    CHECK_FALSE(note.contains("contentMap")); // no language given
    CHECK_FALSE(note.contains("updated"));

    for (std::string visibility : {"private", "direct"}) {
        INFO(visibility);
        auto hidden = testing::post_status(client, alice, "secret @carol", visibility);
        get_document(client, note_path(hidden), 404);
        get_document(client, note_path(hidden) + "/activity", 404);
        auto html = client.Get(note_path(hidden), {{"Accept", "text/html"}});
        REQUIRE(html);
        CHECK(html->status == 404);
        // Their documents exist for delivery, addressed as Mastodon addresses them.
        auto conn = t.node().database().acquire();
        auto records = federation::load_status_records(
            *conn, t.node().config(), std::stoll(hidden["id"].get<std::string>()), now_unix_ms());
        REQUIRE(records);
        auto object = federation::status_object(*records, t.node().config());
        if (visibility == "private") {
            CHECK(object["to"] == json({followers}));
            CHECK(object["cc"] == json({carol_uri}));
        } else {
            CHECK(object["to"] == json({carol_uri}));
            CHECK(object["cc"] == json::array());
        }
    }
    // Unknown statuses, another member's status under alice's name, and malformed ids.
    auto carols = testing::post_status(client, carol, "mine");
    get_document(client, "/users/alice/statuses/" + carols["id"].get<std::string>(), 404);
    get_document(client, "/users/nobody/statuses/" + carols["id"].get<std::string>(), 404);
    get_document(client, "/users/alice/statuses/123", 404);
    get_document(client, "/users/alice/statuses/12x", 404);
    get_document(client, "/users/alice/statuses/-5", 404);
    get_document(client, "/users/alice/statuses/99999999999999999999999", 404);
}

TEST_CASE("ap objects: browsers are sent to the status page", "[api][federation][outbox]") {
    testing::TestNode t;
    auto alice = testing::member(t, "alice");
    auto client = t.client();
    auto status = testing::post_status(client, alice, "hello");
    auto res = client.Get(note_path(status), {{"Accept", "text/html"}});
    REQUIRE(res);
    CHECK(res->status == 302);
    CHECK(res->get_header_value("Location") == base + "/@alice/" + status["id"].get<std::string>());
    CHECK(res->get_header_value("Vary") == "Accept");
    // ld+json with the ActivityStreams profile is asked for the document.
    auto ld = client.Get(note_path(status),
                         {{"Accept", "application/ld+json; "
                                     "profile=\"https://www.w3.org/ns/activitystreams\""}});
    REQUIRE(ld);
    CHECK(ld->status == 200);
    CHECK(json::parse(ld->body)["type"] == "Note");
}

TEST_CASE("ap objects: replies name their parent; threads started here share a conversation",
          "[api][federation][outbox]") {
    testing::TestNode t;
    auto [alice, carol] = testing::members(t, "alice", "carol");
    auto bob_id = insert_remote(t, "bob", "remote.example");
    auto client = t.client();
    auto root = testing::post_status(client, alice, "root");
    auto reply = testing::post_status(client, carol, "reply", "public",
                                      "&in_reply_to_id=" + root["id"].get<std::string>());
    auto deeper = testing::post_status(client, alice, "deeper", "public",
                                       "&in_reply_to_id=" + reply["id"].get<std::string>());
    auto root_note = get_document(client, note_path(root));
    auto reply_note = get_document(client, note_path(reply));
    auto deeper_note = get_document(client, note_path(deeper));
    CHECK(reply_note["inReplyTo"] == root_note["id"]);
    CHECK(deeper_note["inReplyTo"] == reply_note["id"]);
    CHECK(reply_note["conversation"] == root_note["conversation"]);
    CHECK(deeper_note["conversation"] == root_note["conversation"]);

    // A reply to a remote status names it by its own id, and leaves the conversation to it.
    Status remote;
    remote.id = next_id();
    remote.account_id = bob_id;
    remote.uri = "https://remote.example/users/bob/statuses/1";
    remote.url = "https://remote.example/@bob/1";
    remote.local = false;
    remote.content = "<p>hi</p>";
    remote.created_at = now_unix_ms();
    {
        auto conn = t.node().database().acquire();
        store::insert_status(*conn, remote);
    }
    auto answer = testing::post_status(client, alice, "hello bob", "public",
                                       "&in_reply_to_id=" + std::to_string(remote.id));
    auto answer_note = get_document(client, note_path(answer));
    CHECK(answer_note["inReplyTo"] == "https://remote.example/users/bob/statuses/1");
    CHECK_FALSE(answer_note.contains("conversation"));
}

TEST_CASE("ap objects: polls are Questions with their counts", "[api][federation][outbox]") {
    testing::TestNode t;
    auto [alice, carol, dave] = testing::members(t, "alice", "carol", "dave");
    auto client = t.client();
    auto single = post_json(client, "/api/v1/statuses", alice,
                            {{"status", "Tea or coffee?"},
                             {"poll", {{"options", {"Tea", "Coffee"}}, {"expires_in", 600}}}});
    auto poll_id = single["poll"]["id"].get<std::string>();
    post_json(client, "/api/v1/polls/" + poll_id + "/votes", carol, {{"choices", {1}}});
    post_json(client, "/api/v1/polls/" + poll_id + "/votes", dave, {{"choices", {1}}});
    auto question = get_document(client, note_path(single));
    CHECK(question["type"] == "Question");
    CHECK(question["oneOf"] == json({{{"type", "Note"},
                                      {"name", "Tea"},
                                      {"replies", {{"type", "Collection"}, {"totalItems", 0}}}},
                                     {{"type", "Note"},
                                      {"name", "Coffee"},
                                      {"replies", {{"type", "Collection"}, {"totalItems", 2}}}}}));
    CHECK_FALSE(question.contains("anyOf"));
    CHECK(question["votersCount"] == 2);
    CHECK(question["endTime"] ==
          single["poll"]["expires_at"].get<std::string>().substr(0, 19) + "Z");
    CHECK_FALSE(question.contains("closed"));
    CHECK(question["content"] == single["content"]);
    CHECK(question["@context"][1]["votersCount"] == "toot:votersCount");

    auto multiple = post_json(
        client, "/api/v1/statuses", alice,
        {{"status", "Which days?"},
         {"poll", {{"options", {"Mon", "Tue", "Wed"}}, {"expires_in", 600}, {"multiple", true}}}});
    post_json(client, "/api/v1/polls/" + multiple["poll"]["id"].get<std::string>() + "/votes",
              carol, {{"choices", {0, 2}}});
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE polls SET expires_at = ? WHERE id = ?", now_unix_ms() - 1000,
                    std::int64_t(std::stoll(multiple["poll"]["id"].get<std::string>())))
            .run();
    }
    auto closed = get_document(client, note_path(multiple));
    CHECK_FALSE(closed.contains("oneOf"));
    REQUIRE(closed["anyOf"].size() == 3);
    CHECK(closed["anyOf"][0]["replies"]["totalItems"] == 1);
    CHECK(closed["anyOf"][1]["replies"]["totalItems"] == 0);
    CHECK(closed["anyOf"][2]["replies"]["totalItems"] == 1);
    CHECK(closed["votersCount"] == 1);
    CHECK(closed["closed"] == closed["endTime"]);
}

TEST_CASE("ap objects: an edited status has updated, and its Update activity",
          "[api][federation][outbox]") {
    testing::TestNode t;
    auto alice = testing::member(t, "alice");
    auto client = t.client();
    auto status = testing::post_status(client, alice, "first");
    auto edited = put_json(client, "/api/v1/statuses/" + status["id"].get<std::string>(), alice,
                           {{"status", "second"}});
    auto note = get_document(client, note_path(status));
    CHECK(note["content"] == edited["content"]);
    CHECK(note["published"] == published_of(status));
    CHECK(note["updated"] == edited["edited_at"].get<std::string>().substr(0, 19) + "Z");
    auto conn = t.node().database().acquire();
    auto records = federation::load_status_records(
        *conn, t.node().config(), std::stoll(status["id"].get<std::string>()), now_unix_ms());
    REQUIRE(records);
    REQUIRE(records->status.edited_at);
    auto update = federation::update_activity(
        federation::status_object(*records, t.node().config()), *records->status.edited_at);
    note.erase("@context");
    CHECK(update["object"] == note);
    CHECK(update["id"] == note["id"].get<std::string>() + "#updates/" +
                              std::to_string(*records->status.edited_at / 1000));
    CHECK(update["published"] == note["updated"]);
}

TEST_CASE("ap objects: boosts are Announces, served at their /activity",
          "[api][federation][outbox]") {
    testing::TestNode t;
    auto [alice, carol] = testing::members(t, "alice", "carol");
    auto client = t.client();
    auto original = testing::post_status(client, carol, "worth sharing");
    auto boost = testing::call(
        client, "POST", "/api/v1/statuses/" + original["id"].get<std::string>() + "/reblog", alice);
    auto boost_path = "/users/alice/statuses/" + boost["id"].get<std::string>();
    get_document(client, boost_path, 404); // a boost has no object of its own
    auto announce = get_document(client, boost_path + "/activity");
    CHECK(announce == json({{"@context", "https://www.w3.org/ns/activitystreams"},
                            {"id", base + boost_path + "/activity"},
                            {"type", "Announce"},
                            {"actor", base + "/users/alice"},
                            {"published", published_of(boost)},
                            {"to", {pub}},
                            {"cc", {base + "/users/carol", base + "/users/alice/followers"}},
                            {"object", base + note_path(original)}}));
}

TEST_CASE("ap objects: the outbox lists Creates and Announces, newest first",
          "[api][federation][outbox]") {
    testing::TestNode t;
    auto [alice, carol] = testing::members(t, "alice", "carol");
    auto client = t.client();
    auto first = testing::post_status(client, alice, "first #tag");
    testing::post_status(client, alice, "hidden", "private");
    testing::post_status(client, alice, "secret @carol", "direct");
    auto original = testing::post_status(client, carol, "carol's");
    auto boost = testing::call(
        client, "POST", "/api/v1/statuses/" + original["id"].get<std::string>() + "/reblog", alice);
    auto unlisted = testing::post_status(client, alice, "quiet", "unlisted");

    auto outbox = get_document(client, "/users/alice/outbox");
    CHECK(outbox == json({{"@context", "https://www.w3.org/ns/activitystreams"},
                          {"id", base + "/users/alice/outbox"},
                          {"type", "OrderedCollection"},
                          {"totalItems", 3},
                          {"first", base + "/users/alice/outbox?page=true"},
                          {"last", base + "/users/alice/outbox?min_id=0&page=true"}}));
    auto page = get_document(client, "/users/alice/outbox?page=true");
    REQUIRE(page["orderedItems"].size() == 3);
    CHECK(page["@context"][1]["Hashtag"] == "as:Hashtag"); // from the first status's tag
    auto& items = page["orderedItems"];
    json quiet = get_document(client, note_path(unlisted) + "/activity");
    quiet.erase("@context");
    CHECK(items[0] == quiet);
    CHECK(items[1]["type"] == "Announce");
    CHECK(items[1]["id"] ==
          base + "/users/alice/statuses/" + boost["id"].get<std::string>() + "/activity");
    CHECK(items[2]["type"] == "Create");
    CHECK(items[2]["object"]["id"] == base + note_path(first));
    CHECK_FALSE(items[2].contains("@context"));
    CHECK_FALSE(items[2]["object"].contains("@context"));
}

TEST_CASE("ap objects: a profile Update carries the actor document as served",
          "[api][federation][outbox]") {
    testing::TestNode t;
    auto alice = testing::member(t, "alice");
    auto client = t.client();
    auto served = get_document(client, "/users/alice");
    auto conn = t.node().database().acquire();
    auto account = store::find_account(*conn, alice.created.account.id);
    REQUIRE(account);
    auto document = federation::actor_document(*account, store::find_profile(*conn, account->id),
                                               t.node().config());
    auto update = federation::update_actor_activity(document, account->updated_at);
    CHECK(update["@context"] == served["@context"]);
    json object = served;
    object.erase("@context");
    CHECK(update["object"] == object);
    CHECK(update["id"] ==
          base + "/users/alice#updates/" + std::to_string(account->updated_at / 1000));
    CHECK(update["to"] == json({pub}));
}

TEST_CASE("ap objects: votes in a remote poll, one Create{Note} per choice",
          "[api][federation][outbox]") {
    testing::TestNode t;
    auto alice = testing::member(t, "alice");
    auto bob_id = insert_remote(t, "bob", "remote.example");
    Status question;
    question.id = next_id();
    question.account_id = bob_id;
    question.uri = "https://remote.example/users/bob/statuses/7";
    question.local = false;
    question.content = "<p>Which days?</p>";
    question.created_at = now_unix_ms();
    Poll poll;
    poll.id = next_id();
    poll.status_id = question.id;
    poll.options = {"Mon", "Tue", "Wed"};
    poll.multiple = true;
    poll.expires_at = now_unix_ms() + 600'000;
    poll.created_at = question.created_at;
    {
        auto conn = t.node().database().acquire();
        store::insert_status(*conn, question);
        store::insert_poll(*conn, poll);
    }
    auto client = t.client();
    auto path = "/api/v1/polls/" + std::to_string(poll.id) + "/votes";
    post_json(client, path, alice, {{"choices", {2, 0}}});
    post_json(client, path, alice, {{"choices", {1}}});

    auto conn = t.node().database().acquire();
    auto vote_id = [&](int choice) {
        auto st = conn->query("SELECT id FROM poll_votes WHERE poll_id = ? AND choice = ?", poll.id,
                              choice);
        REQUIRE(st.step());
        return std::to_string(st.int64(0));
    };
    const std::string me = base + "/users/alice";
    auto first = federation::load_vote_activities(*conn, t.node().config(), poll.id,
                                                  alice.created.account.id, {2, 0});
    REQUIRE(first.size() == 2); // in the order the rows were written: 2, then 0
    CHECK(first[0] == json({{"@context", "https://www.w3.org/ns/activitystreams"},
                            {"id", me + "#votes/" + vote_id(2) + "/activity"},
                            {"type", "Create"},
                            {"actor", me},
                            {"to", "https://remote.example/users/bob"},
                            {"object",
                             {{"id", me + "#votes/" + vote_id(2)},
                              {"type", "Note"},
                              {"name", "Wed"},
                              {"attributedTo", me},
                              {"inReplyTo", "https://remote.example/users/bob/statuses/7"},
                              {"to", "https://remote.example/users/bob"}}}}));
    CHECK(first[1]["object"]["name"] == "Mon");
    CHECK(first[1]["id"] == me + "#votes/" + vote_id(0) + "/activity");
    // The second request's vote alone, when its event names it.
    auto second = federation::load_vote_activities(*conn, t.node().config(), poll.id,
                                                   alice.created.account.id, {1});
    REQUIRE(second.size() == 1);
    CHECK(second[0]["object"]["name"] == "Tue");
    CHECK(federation::load_vote_activities(*conn, t.node().config(), poll.id + 1,
                                           alice.created.account.id, {1})
              .empty());
}

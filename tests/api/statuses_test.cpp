// Statuses and timelines over HTTP: posting, reading, deleting, pagination, and visibility on
// every read path (tests that try to read what they must not).
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/accounts_repo.hpp"
#include "util/ids.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::Member;
using testing::member;

namespace {
json post(httplib::Client& client, const Member& who, const httplib::Params& params,
          int expected = 200) {
    std::string body;
    for (auto& [k, v] : params)
        body += (body.empty() ? "" : "&") + http::percent_encode(k) + "=" + http::percent_encode(v);
    auto res =
        client.Post("/api/v1/statuses", who.auth(), body, "application/x-www-form-urlencoded");
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == expected);
    return json::parse(res->body);
}

json get(httplib::Client& client, const std::string& path, const httplib::Headers& headers = {},
         int expected = 200) {
    auto res = client.Get(path, headers);
    REQUIRE(res);
    INFO(path << " -> " << res->body);
    REQUIRE(res->status == expected);
    return json::parse(res->body);
}

void follow(testing::TestNode& t, const Member& follower, const Member& target) {
    auto conn = t.node().database().acquire();
    store::insert_follow(*conn, next_id(), follower.created.account.id, target.created.account.id,
                         0);
}

std::vector<std::string> ids_of(const json& statuses) {
    std::vector<std::string> out;
    for (const auto& s : statuses)
        out.push_back(s["id"]);
    return out;
}
} // namespace

TEST_CASE("statuses: post, get, source, delete with the text for redraft", "[api][statuses]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    auto s = post(client, alice,
                  {{"status", "Bonjour <b>tout le monde</b> #Démocratie"},
                   {"spoiler_text", "salut"},
                   {"language", "fr"},
                   {"visibility", "unlisted"}});
    CHECK(s["content"] == "<p>Bonjour &lt;b&gt;tout le monde&lt;/b&gt; <a "
                          "href=\"https://agora.test/tags/D%C3%A9mocratie\" "
                          "class=\"mention hashtag\" rel=\"tag\">#<span>Démocratie</span></a></p>");
    CHECK(s["visibility"] == "unlisted");
    CHECK(s["spoiler_text"] == "salut");
    CHECK(s["sensitive"] == true); // a content warning makes it sensitive, as Mastodon does
    CHECK(s["language"] == "fr");
    CHECK(s["account"]["username"] == "alice");
    CHECK(s["tags"][0]["name"] == "democratie");
    CHECK(s["application"]["name"] == "Test rig");
    CHECK(s["uri"] == "https://agora.test/users/alice/statuses/" + s["id"].get<std::string>());
    CHECK_FALSE(s.contains("text"));
    std::string id = s["id"];

    auto fetched = get(client, "/api/v1/statuses/" + id);
    CHECK(fetched["id"] == id);
    CHECK_FALSE(fetched.contains("application")); // only the author sees which app posted
    auto source = get(client, "/api/v1/statuses/" + id + "/source", alice.auth());
    CHECK(source["text"] == "Bonjour <b>tout le monde</b> #Démocratie");
    CHECK(source["spoiler_text"] == "salut");

    auto bob = member(t, "bob");
    auto not_yours = client.Delete("/api/v1/statuses/" + id, bob.auth());
    REQUIRE(not_yours);
    CHECK(not_yours->status == 404);
    auto deleted = client.Delete("/api/v1/statuses/" + id, alice.auth());
    REQUIRE(deleted);
    REQUIRE(deleted->status == 200);
    CHECK(json::parse(deleted->body)["text"] == "Bonjour <b>tout le monde</b> #Démocratie");
    get(client, "/api/v1/statuses/" + id, {}, 404);
    get(client, "/api/v1/timelines/home", alice.auth()); // the feed row went with it
    CHECK(get(client, "/api/v1/timelines/home", alice.auth()).empty());
}

TEST_CASE("statuses: JSON bodies, Idempotency-Key and validation errors", "[api][statuses]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    httplib::Headers headers = alice.auth();
    headers.emplace("Idempotency-Key", "abc-123");
    auto first = client.Post("/api/v1/statuses", headers,
                             R"({"status":"once","visibility":"private"})", "application/json");
    auto second = client.Post("/api/v1/statuses", headers,
                              R"({"status":"once","visibility":"private"})", "application/json");
    REQUIRE(first);
    REQUIRE(second);
    CHECK(json::parse(first->body)["id"] == json::parse(second->body)["id"]);
    CHECK(json::parse(first->body)["visibility"] == "private");

    struct Case {
        std::string body;
        int status;
        std::string fragment;
    };
    std::vector<Case> cases = {
        {R"({"status":"   "})", 422, "can't be blank"},
        {R"({"status":")" + std::string(501, 'a') + R"("})", 422, "character limit of 500"},
        {R"({"status":"hi","visibility":"everyone"})", 422, "Visibility"},
        {R"({"status":"hi","in_reply_to_id":"999999"})", 404, "Record not found"},
        {R"({"status":"hi","language":"french"})", 422, "Language"},
        {R"({"status":"hi","media_ids":["1"]})", 422, "Media"},
        {R"({"status":"hi","poll":{"options":["a"],"expires_in":600}})", 422, "Poll options"},
        {"{\"status\":\"\xff\xfe\"}", 400, "JSON"},
        {R"([1,2])", 400, "JSON object"},
    };
    for (const auto& c : cases) {
        INFO(c.body.substr(0, 80));
        auto res = client.Post("/api/v1/statuses", alice.auth(), c.body, "application/json");
        REQUIRE(res);
        CHECK(res->status == c.status);
        CHECK_THAT(json::parse(res->body)["error"].get<std::string>(), Catch::Contains(c.fragment));
    }
    // 500 characters exactly is fine, and a long URL counts as 23.
    post(client, alice, {{"status", std::string(500, 'b')}});
    post(client, alice,
         {{"status", std::string(470, 'c') + " https://example.org/" + std::string(200, 'x')}});
    auto conn = t.node().database().acquire();
    auto st = conn->query("SELECT COUNT(*) FROM statuses");
    st.step();
    CHECK(st.int64(0) == 3); // nothing half-written by the failures
}

TEST_CASE("timelines: home is chronological and says why each status is there",
          "[api][timelines]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    follow(t, alice, bob);
    auto client = t.client();
    auto own = post(client, alice, {{"status", "my own"}});
    auto followed = post(client, bob, {{"status", "from bob"}});
    auto mention = post(client, carol, {{"status", "hello @alice"}});
    auto unrelated = post(client, carol, {{"status", "not for alice"}});
    t.drain_events();
    auto home = get(client, "/api/v1/timelines/home", alice.auth());
    REQUIRE(home.size() == 3);
    CHECK(ids_of(home) == std::vector<std::string>{mention["id"], followed["id"], own["id"]});
    CHECK(home[0]["agora"]["reason"]["type"] == "mention");
    CHECK(home[0]["agora"]["reason"]["accounts"][0]["username"] == "carol");
    CHECK(home[1]["agora"]["reason"]["type"] == "followed");
    CHECK(home[1]["agora"]["reason"]["accounts"][0]["username"] == "bob");
    CHECK(home[2]["agora"]["reason"]["type"] == "own");
    CHECK(mention["mentions"][0]["username"] == "alice");
    (void)unrelated;
}

TEST_CASE("timelines: pagination with Link headers, max_id, since_id, min_id, limit",
          "[api][timelines]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    std::vector<std::string> ids;
    for (int i = 0; i < 45; ++i)
        ids.push_back(post(client, alice, {{"status", "post " + std::to_string(i)}})["id"]);
    std::reverse(ids.begin(), ids.end()); // newest first
    auto res = client.Get("/api/v1/timelines/public?local=true&limit=10");
    REQUIRE(res);
    auto page = json::parse(res->body);
    CHECK(ids_of(page) == std::vector<std::string>(ids.begin(), ids.begin() + 10));
    auto link = res->get_header_value("Link");
    CHECK(link == "<https://agora.test/api/v1/timelines/public?max_id=" + ids[9] +
                      "&local=true&limit=10>; rel=\"next\", "
                      "<https://agora.test/api/v1/timelines/public?min_id=" +
                      ids[0] + "&local=true&limit=10>; rel=\"prev\"");
    auto next = get(client, "/api/v1/timelines/public?local=true&limit=10&max_id=" + ids[9]);
    CHECK(ids_of(next) == std::vector<std::string>(ids.begin() + 10, ids.begin() + 20));
    auto since = get(client, "/api/v1/timelines/public?since_id=" + ids[5]);
    CHECK(ids_of(since) == std::vector<std::string>(ids.begin(), ids.begin() + 5));
    auto min = get(client, "/api/v1/timelines/public?limit=3&min_id=" + ids[10]);
    CHECK(ids_of(min) == std::vector<std::string>(ids.begin() + 7, ids.begin() + 10));
    CHECK(get(client, "/api/v1/timelines/public?limit=100").size() == 40);
    CHECK(get(client, "/api/v1/timelines/public").size() == 20);
    CHECK(get(client, "/api/v1/timelines/public?remote=true").empty());
    CHECK(get(client, "/api/v1/timelines/public/").size() == 20); // a trailing slash is tolerated
    auto tagged = post(client, alice, {{"status", "#École"}});
    CHECK(ids_of(get(client, "/api/v1/timelines/tag/ecole")) ==
          std::vector<std::string>{tagged["id"]});
    CHECK(ids_of(get(client, "/api/v1/timelines/tag/%C3%89COLE")) ==
          std::vector<std::string>{tagged["id"]});
}

TEST_CASE("visibility: private and direct statuses never reach the wrong reader",
          "[api][visibility]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto follower = member(t, "follower");
    auto mentioned = member(t, "mentioned");
    auto stranger = member(t, "stranger");
    follow(t, follower, alice);
    auto client = t.client();
    auto pub = post(client, alice, {{"status", "public"}});
    auto unlisted = post(client, alice, {{"status", "unlisted"}, {"visibility", "unlisted"}});
    auto priv = post(client, alice, {{"status", "followers only"}, {"visibility", "private"}});
    auto direct = post(client, alice, {{"status", "psst @mentioned"}, {"visibility", "direct"}});
    t.drain_events();
    std::string p = priv["id"], d = direct["id"];

    // Single status and its context.
    for (auto* who : {&stranger}) {
        get(client, "/api/v1/statuses/" + p, who->auth(), 404);
        get(client, "/api/v1/statuses/" + d, who->auth(), 404);
    }
    get(client, "/api/v1/statuses/" + p, {}, 404);
    get(client, "/api/v1/statuses/" + d, {}, 404);
    get(client, "/api/v1/statuses/" + p, follower.auth());
    get(client, "/api/v1/statuses/" + d, follower.auth(), 404);
    get(client, "/api/v1/statuses/" + d, mentioned.auth());
    get(client, "/api/v1/statuses/" + p, mentioned.auth(), 404);

    // Public timeline: public only, for everyone.
    auto timeline = ids_of(get(client, "/api/v1/timelines/public", stranger.auth()));
    CHECK(timeline == std::vector<std::string>{pub["id"]});

    // Account statuses: each reader sees exactly what is addressed to them.
    auto path = "/api/v1/accounts/" + alice.id() + "/statuses";
    CHECK(ids_of(get(client, path)) == std::vector<std::string>{unlisted["id"], pub["id"]});
    CHECK(ids_of(get(client, path, stranger.auth())) ==
          std::vector<std::string>{unlisted["id"], pub["id"]});
    CHECK(ids_of(get(client, path, follower.auth())) ==
          std::vector<std::string>{p, unlisted["id"], pub["id"]});
    CHECK(ids_of(get(client, path, mentioned.auth())) ==
          std::vector<std::string>{d, unlisted["id"], pub["id"]});
    CHECK(ids_of(get(client, path, alice.auth())) ==
          std::vector<std::string>{d, p, unlisted["id"], pub["id"]});

    // Home feeds: the follower gets all but the direct one; the mentioned gets only the direct one.
    CHECK(ids_of(get(client, "/api/v1/timelines/home", follower.auth())) ==
          std::vector<std::string>{p, unlisted["id"], pub["id"]});
    CHECK(ids_of(get(client, "/api/v1/timelines/home", mentioned.auth())) ==
          std::vector<std::string>{d});
    CHECK(get(client, "/api/v1/timelines/home", stranger.auth()).empty());

    // A reply to a private status from someone who cannot see it is refused.
    auto reply =
        client.Post("/api/v1/statuses", stranger.auth(), "status=sneaky&in_reply_to_id=" + p,
                    "application/x-www-form-urlencoded");
    REQUIRE(reply);
    CHECK(reply->status == 404);
    // Context hides what the reader may not see.
    auto answer = post(client, follower, {{"status", "@alice yes"}, {"in_reply_to_id", p}});
    auto context = get(client, "/api/v1/statuses/" + answer["id"].get<std::string>() + "/context",
                       stranger.auth());
    CHECK(context["ancestors"].empty());
    auto context_ok =
        get(client, "/api/v1/statuses/" + answer["id"].get<std::string>() + "/context",
            follower.auth());
    CHECK(ids_of(context_ok["ancestors"]) == std::vector<std::string>{p});
    auto down = get(client, "/api/v1/statuses/" + p + "/context", alice.auth());
    CHECK(ids_of(down["descendants"]) == std::vector<std::string>{answer["id"]});
}

TEST_CASE("accounts: verify_credentials, lookup, get, kinds", "[api][accounts]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto mairie = t.create_account("mairie", AccountKind::public_body);
    auto client = t.client();
    auto me = get(client, "/api/v1/accounts/verify_credentials", alice.auth());
    CHECK(me["id"] == alice.id());
    CHECK(me["acct"] == "alice");
    CHECK(me["source"]["privacy"] == "public");
    CHECK(me["agora"]["kind"] == "person");
    auto found = get(client, "/api/v1/accounts/lookup?acct=mairie@agora.test");
    CHECK(found["agora"]["kind"] == "public_body");
    CHECK(found["id"] == std::to_string(mairie.account.id));
    get(client, "/api/v1/accounts/lookup?acct=mairie@elsewhere.example", {}, 404);
    get(client, "/api/v1/accounts/lookup?acct=nobody", {}, 404);
    auto by_id = get(client, "/api/v1/accounts/" + alice.id());
    CHECK(by_id["username"] == "alice");
    CHECK(by_id["url"] == "https://agora.test/@alice");
    CHECK(by_id["avatar"] == "https://agora.test/avatars/original/missing.png");
    get(client, "/api/v1/accounts/123", {}, 404);
    get(client, "/api/v1/accounts/notanid", {}, 404);
    auto avatar = client.Get("/avatars/original/missing.png");
    REQUIRE(avatar);
    CHECK(avatar->get_header_value("Content-Type") == "image/png");
    CHECK(avatar->body.substr(1, 3) == "PNG");
    auto bad_token =
        client.Get("/api/v1/accounts/" + alice.id(), {{"Authorization", "Bearer forged"}});
    REQUIRE(bad_token);
    CHECK(bad_token->status == 401);
}

TEST_CASE("instance: v1 and v2 carry limits and the streaming URL", "[api][instance]") {
    testing::TestNode t;
    auto client = t.client();
    auto v2 = get(client, "/api/v2/instance");
    CHECK(v2["domain"] == "agora.test");
    CHECK(v2["title"] == "Agora Test");
    CHECK_THAT(v2["version"].get<std::string>(), Catch::StartsWith("4.3.0 (compatible; Agora "));
    CHECK(v2["configuration"]["urls"]["streaming"] == "wss://agora.test");
    CHECK(v2["configuration"]["statuses"]["max_characters"] == 500);
    CHECK(v2["configuration"]["statuses"]["characters_reserved_per_url"] == 23);
    CHECK(v2["registrations"]["enabled"] == true);
    CHECK(v2["languages"] == json({"fr", "en"}));
    auto v1 = get(client, "/api/v1/instance");
    CHECK(v1["uri"] == "agora.test");
    CHECK(v1["urls"]["streaming_api"] == "wss://agora.test");
    CHECK(v1["stats"]["user_count"] == 0);
    CHECK(get(client, "/api/v1/instance/rules").is_array());
    CHECK(get(client, "/api/v1/custom_emojis").is_array());
}

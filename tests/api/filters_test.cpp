// Filters over HTTP: v2 CRUD with keywords and statuses, Mastodon's validation, privacy, and the
// filters at work: `hide` takes statuses out of timelines, `warn` marks them `filtered`.
#include "rig/fixtures.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "rig/websocket_client.hpp"
#include "store/database.hpp"
#include "util/time.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::answer;
using testing::call;
using testing::follow;
using testing::Member;
using testing::member;
using testing::members;
using testing::values_of;

namespace {
json del(httplib::Client& client, const std::string& path, const Member& who, int expected = 200) {
    return answer(client.Delete(path, who.auth()), expected);
}

json post_json(httplib::Client& client, const std::string& path, const Member& who,
               const json& body, int expected = 200) {
    return answer(client.Post(path, who.auth(), body.dump(), "application/json"), expected);
}

json put_json(httplib::Client& client, const std::string& path, const Member& who, const json& body,
              int expected = 200) {
    return answer(client.Put(path, who.auth(), body.dump(), "application/json"), expected);
}

// A status from `who`; its id.
std::string post_id(httplib::Client& client, const Member& who, const std::string& text,
                    const std::string& visibility = "public", const std::string& more_form = "") {
    return testing::post_status(client, who, text, visibility, more_form)["id"];
}

bool has(const std::vector<std::string>& list, const std::string& id) {
    return std::find(list.begin(), list.end(), id) != list.end();
}

json find_status(const json& statuses, const std::string& id) {
    for (const auto& s : statuses)
        if (s["id"] == id) return s;
    FAIL("status " << id << " not in the list");
    return nullptr;
}
} // namespace

TEST_CASE("filters: create, read, update and delete a filter with keywords", "[api][filters]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();

    auto created = call(client, "POST", "/api/v2/filters", alice,
                        "title=Spoilers&context[]=home&context[]=public&filter_action=hide"
                        "&keywords_attributes[][keyword]=cat&keywords_attributes[][whole_word]=true"
                        "&keywords_attributes[][keyword]=dog&keywords_attributes[][whole_word]=0"
                        "&expires_in=3600");
    CHECK(created["title"] == "Spoilers");
    CHECK(created["context"] == json({"home", "public"}));
    CHECK(created["filter_action"] == "hide");
    CHECK(created["statuses"] == json::array());
    REQUIRE(created["keywords"].size() == 2);
    CHECK(created["keywords"][0]["keyword"] == "cat");
    CHECK(created["keywords"][0]["whole_word"] == true);
    CHECK(created["keywords"][1]["keyword"] == "dog");
    CHECK(created["keywords"][1]["whole_word"] == false);
    REQUIRE(created["expires_at"].is_string());
    CHECK(created["expires_at"].get<std::string>().ends_with("Z"));
    std::string id = created["id"];
    std::string cat = created["keywords"][0]["id"], dog = created["keywords"][1]["id"];

    auto list = call(client, "GET", "/api/v2/filters", alice);
    REQUIRE(list.size() == 1);
    CHECK(list[0] == created);
    CHECK(call(client, "GET", "/api/v2/filters/" + id, alice) == created);

    // A JSON update: new title and action, one keyword changed, one removed, one added; the
    // expiry cleared with null; the context kept when left out.
    auto updated = put_json(client, "/api/v2/filters/" + id, alice,
                            {{"title", "Pets"},
                             {"filter_action", "warn"},
                             {"expires_in", nullptr},
                             {"keywords_attributes",
                              {{{"id", cat}, {"keyword", "kitten"}, {"whole_word", false}},
                               {{"id", dog}, {"_destroy", true}},
                               {{"keyword", "hamster"}}}}});
    CHECK(updated["title"] == "Pets");
    CHECK(updated["filter_action"] == "warn");
    CHECK(updated["expires_at"].is_null());
    CHECK(updated["context"] == json({"home", "public"}));
    REQUIRE(updated["keywords"].size() == 2);
    CHECK(updated["keywords"][0] ==
          json({{"id", cat}, {"keyword", "kitten"}, {"whole_word", false}}));
    CHECK(updated["keywords"][1]["keyword"] == "hamster");
    CHECK(updated["keywords"][1]["whole_word"] == true); // Mastodon's default

    // Mastodon 4.4's blur action.
    CHECK(call(client, "PUT", "/api/v2/filters/" + id, alice,
               "filter_action=blur")["filter_action"] == "blur");

    CHECK(del(client, "/api/v2/filters/" + id, alice) == json::object());
    call(client, "GET", "/api/v2/filters/" + id, alice, "", 404);
    CHECK(call(client, "GET", "/api/v2/filters", alice).empty());
    // Its keywords went with it.
    call(client, "GET", "/api/v2/filters/keywords/" + cat, alice, "", 404);
}

TEST_CASE("filters: validation errors are Mastodon's 422, and nothing is half-written",
          "[api][filters]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    auto error_of = [&](const std::string& body) {
        return call(client, "POST", "/api/v2/filters", alice, body, 422)["error"]
            .get<std::string>();
    };
    CHECK(error_of("context[]=home") == "Validation failed: Title can't be blank");
    CHECK(error_of("title=x") ==
          "Validation failed: Context can't be blank, Context None or invalid context supplied");
    CHECK(error_of("title=x&context[]=home&context[]=everywhere") ==
          "Validation failed: Context None or invalid context supplied");
    CHECK(error_of("title=x&context[]=home&filter_action=explode") ==
          "Validation failed: Filter action is not included in the list");
    CHECK(error_of("title=x&context[]=home&expires_in=soon") ==
          "Validation failed: Expires in is not a number");
    CHECK(error_of("title=x&context[]=home&expires_in=-5") ==
          "Validation failed: Expires in is not a number");
    CHECK(error_of("title=" + std::string(257, 'a') + "&context[]=home") ==
          "Validation failed: Title is too long (maximum is 256 characters)");
    // A keyword item that is not all blank needs its keyword: the filter is not created either.
    CHECK(error_of("title=x&context[]=home&keywords_attributes[][keyword]=ok"
                   "&keywords_attributes[][keyword]=&keywords_attributes[][whole_word]=true") ==
          "Validation failed: Keywords keyword can't be blank");
    CHECK(error_of("title=x&context[]=home&keywords_attributes[0][keyword]=" +
                   std::string(300, 'k')) ==
          "Validation failed: Keywords keyword is too long (maximum is 256 characters)");
    // Wrong JSON types are refused, not guessed at.
    CHECK(post_json(client, "/api/v2/filters", alice,
                    {{"title", "x"}, {"context", {"home"}}, {"expires_in", "12abc"}},
                    422)["error"] == "Validation failed: Expires in is not a number");
    CHECK(call(client, "GET", "/api/v2/filters", alice).empty());

    // All-blank keyword items are skipped, as Rails' reject_if: :all_blank does; 256 is allowed.
    auto f = post_json(client, "/api/v2/filters", alice,
                       {{"title", std::string(256, 'a')},
                        {"context", {" home ", ""}},
                        {"keywords_attributes", {{{"keyword", ""}, {"whole_word", ""}}}}});
    CHECK(f["context"] == json({"home"}));
    CHECK(f["keywords"].empty());
    CHECK(f["filter_action"] == "warn");
    std::string id = f["id"];

    // A keyword id the filter does not have is Rails' 404, and the update is not applied.
    auto other = call(client, "POST", "/api/v2/filters", alice,
                      "title=other&context[]=home&keywords_attributes[][keyword]=x");
    std::string foreign = other["keywords"][0]["id"];
    call(client, "PUT", "/api/v2/filters/" + id, alice,
         "title=renamed&keywords_attributes[][id]=" + foreign + "&keywords_attributes[][keyword]=y",
         404);
    call(client, "PUT", "/api/v2/filters/" + id, alice, "title=renamed&context[]=nowhere", 422);
    call(client, "PUT", "/api/v2/filters/" + id, alice, "title=++", 422);
    auto unchanged = call(client, "GET", "/api/v2/filters/" + id, alice);
    CHECK(unchanged["title"] == std::string(256, 'a'));
    CHECK(unchanged["context"] == json({"home"}));
    CHECK(call(client, "GET", "/api/v2/filters/" + other["id"].get<std::string>(),
               alice)["keywords"][0]["keyword"] == "x");

    call(client, "GET", "/api/v2/filters/not-a-number", alice, "", 404);
    call(client, "GET", "/api/v2/filters/123456789", alice, "", 404);
}

TEST_CASE("filters: someone else's filters, keywords and statuses are 404; scopes hold",
          "[api][filters]") {
    testing::TestNode t;
    auto [alice, bob] = members(t, "alice", "bob");
    auto client = t.client();
    auto f = call(client, "POST", "/api/v2/filters", alice,
                  "title=mine&context[]=home&keywords_attributes[][keyword]=secret");
    std::string id = f["id"], keyword = f["keywords"][0]["id"];
    auto post = post_id(client, alice, "hello");
    std::string entry = call(client, "POST", "/api/v2/filters/" + id + "/statuses", alice,
                             "status_id=" + post)["id"];

    call(client, "GET", "/api/v2/filters/" + id, bob, "", 404);
    call(client, "PUT", "/api/v2/filters/" + id, bob, "title=stolen", 404);
    del(client, "/api/v2/filters/" + id, bob, 404);
    call(client, "GET", "/api/v2/filters/" + id + "/keywords", bob, "", 404);
    call(client, "POST", "/api/v2/filters/" + id + "/keywords", bob, "keyword=x", 404);
    call(client, "GET", "/api/v2/filters/keywords/" + keyword, bob, "", 404);
    call(client, "PUT", "/api/v2/filters/keywords/" + keyword, bob, "keyword=x", 404);
    del(client, "/api/v2/filters/keywords/" + keyword, bob, 404);
    call(client, "GET", "/api/v2/filters/" + id + "/statuses", bob, "", 404);
    call(client, "POST", "/api/v2/filters/" + id + "/statuses", bob, "status_id=" + post, 404);
    call(client, "GET", "/api/v2/filters/statuses/" + entry, bob, "", 404);
    del(client, "/api/v2/filters/statuses/" + entry, bob, 404);
    call(client, "GET", "/api/v1/filters/" + keyword, bob, "", 404);
    CHECK(call(client, "GET", "/api/v2/filters", bob).empty());
    CHECK(call(client, "GET", "/api/v1/filters", bob).empty());
    // Still all there for alice.
    auto mine = call(client, "GET", "/api/v2/filters/" + id, alice);
    CHECK(mine["title"] == "mine");
    CHECK(mine["keywords"].size() == 1);
    CHECK(mine["statuses"].size() == 1);

    // read:filters reads but does not write; other scopes do neither.
    Member reader{alice.created, t.token_for(alice.created.account, "read:filters")};
    call(client, "GET", "/api/v2/filters", reader);
    call(client, "POST", "/api/v2/filters", reader, "title=x&context[]=home", 403);
    Member writer{alice.created, t.token_for(alice.created.account, "write:filters")};
    call(client, "POST", "/api/v2/filters", writer, "title=x&context[]=home");
    Member other{alice.created, t.token_for(alice.created.account, "read:statuses")};
    call(client, "GET", "/api/v2/filters", other, "", 403);
    CHECK(answer(client.Get("/api/v2/filters"), 401)["error"] == "The access token is invalid");
}

TEST_CASE("filters: keywords and statuses one by one", "[api][filters]") {
    testing::TestNode t;
    auto [alice, bob] = members(t, "alice", "bob");
    auto client = t.client();
    std::string id =
        call(client, "POST", "/api/v2/filters", alice, "title=f&context[]=thread")["id"];
    std::string base = "/api/v2/filters/" + id;

    auto k = call(client, "POST", base + "/keywords", alice, "keyword=Bonjour&whole_word=false");
    CHECK(k["keyword"] == "Bonjour");
    CHECK(k["whole_word"] == false);
    CHECK(call(client, "POST", base + "/keywords", alice, "keyword=salut")["whole_word"] == true);
    call(client, "POST", base + "/keywords", alice, "keyword=+", 422);
    CHECK(call(client, "POST", base + "/keywords", alice, "whole_word=true", 422)["error"] ==
          "Validation failed: Keyword can't be blank");
    CHECK(call(client, "GET", base + "/keywords", alice).size() == 2);
    std::string kid = k["id"];
    CHECK(call(client, "GET", "/api/v2/filters/keywords/" + kid, alice) == k);
    auto changed = call(client, "PUT", "/api/v2/filters/keywords/" + kid, alice, "keyword=Hello");
    CHECK(changed["keyword"] == "Hello");
    CHECK(changed["whole_word"] == false);
    call(client, "PUT", "/api/v2/filters/keywords/" + kid, alice, "keyword=", 422);
    CHECK(del(client, "/api/v2/filters/keywords/" + kid, alice) == json::object());
    call(client, "GET", "/api/v2/filters/keywords/" + kid, alice, "", 404);
    CHECK(call(client, "GET", base + "/keywords", alice).size() == 1);

    auto mine = post_id(client, alice, "mine");
    auto entry = call(client, "POST", base + "/statuses", alice, "status_id=" + mine);
    CHECK(entry["status_id"] == mine);
    CHECK(call(client, "POST", base + "/statuses", alice, "status_id=" + mine, 422)["error"] ==
          "Validation failed: Status has already been taken");
    CHECK(call(client, "POST", base + "/statuses", alice, "status_id=999999", 422)["error"] ==
          "Validation failed: Status must exist");
    call(client, "POST", base + "/statuses", alice, "", 422);
    // A status alice may not see cannot be filtered: it is as if it did not exist.
    auto secret = post_id(client, bob, "followers only", "private");
    CHECK(call(client, "POST", base + "/statuses", alice, "status_id=" + secret, 422)["error"] ==
          "Validation failed: Status must exist");
    auto entries = call(client, "GET", base + "/statuses", alice);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0] == entry);
    std::string eid = entry["id"];
    CHECK(call(client, "GET", "/api/v2/filters/statuses/" + eid, alice) == entry);
    CHECK(call(client, "GET", base, alice)["statuses"] == json::array({entry}));
    CHECK(del(client, "/api/v2/filters/statuses/" + eid, alice) == json::object());
    call(client, "GET", "/api/v2/filters/statuses/" + eid, alice, "", 404);
}

TEST_CASE("filters: v1 shows each keyword as a filter, and writes one-keyword filters",
          "[api][filters]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    auto f = call(client, "POST", "/api/v2/filters", alice,
                  "title=Two&context[]=home&context[]=notifications&filter_action=hide"
                  "&keywords_attributes[][keyword]=one&keywords_attributes[][whole_word]=false"
                  "&keywords_attributes[][keyword]=two");
    auto v1 = call(client, "GET", "/api/v1/filters", alice);
    REQUIRE(v1.size() == 2);
    CHECK(v1[0] == json({{"id", f["keywords"][0]["id"]},
                         {"phrase", "one"},
                         {"context", {"home", "notifications"}},
                         {"whole_word", false},
                         {"expires_at", nullptr},
                         {"irreversible", true}}));
    CHECK(v1[1]["phrase"] == "two");
    std::string one = v1[0]["id"];
    CHECK(call(client, "GET", "/api/v1/filters/" + one, alice) == v1[0]);
    // The shared filter cannot change through one of its keywords; the keyword itself can.
    call(client, "PUT", "/api/v1/filters/" + one, alice, "phrase=one&context[]=public", 422);
    CHECK(call(client, "PUT", "/api/v1/filters/" + one, alice, "whole_word=true")["whole_word"] ==
          true);

    auto created = call(client, "POST", "/api/v1/filters", alice,
                        "phrase=solo&context[]=public&irreversible=false&expires_in=60");
    CHECK(created["phrase"] == "solo");
    CHECK(created["irreversible"] == false);
    CHECK(created["expires_at"].is_string());
    call(client, "POST", "/api/v1/filters", alice, "phrase=&context[]=public", 422);
    std::string solo = created["id"];
    auto renamed =
        call(client, "PUT", "/api/v1/filters/" + solo, alice, "phrase=alone&irreversible=true");
    CHECK(renamed["phrase"] == "alone");
    CHECK(renamed["irreversible"] == true);
    auto v2 = call(client, "GET", "/api/v2/filters", alice);
    REQUIRE(v2.size() == 2);
    CHECK(v2[1]["title"] == "alone");
    CHECK(v2[1]["filter_action"] == "hide");
    CHECK(del(client, "/api/v1/filters/" + solo, alice) == json::object());
    CHECK(call(client, "GET", "/api/v1/filters", alice).size() == 2);
}

TEST_CASE("filters: hide takes statuses out of timelines, warn marks them filtered",
          "[api][filters]") {
    testing::TestNode t;
    auto [alice, bob] = members(t, "alice", "bob");
    auto client = t.client();
    follow(client, alice, bob);
    auto hide = call(client, "POST", "/api/v2/filters", alice,
                     "title=No+spoilers&context[]=home&context[]=public&filter_action=hide"
                     "&keywords_attributes[][keyword]=spoiler");
    auto warn = call(client, "POST", "/api/v2/filters", alice,
                     "title=Cats&context[]=home&context[]=public&context[]=account"
                     "&keywords_attributes[][keyword]=cat");
    auto spoiler = post_id(client, bob, "A big SPOILER about the finale");
    auto cat = post_id(client, bob, "My Cat is cute");
    auto category = post_id(client, bob, "category theory");
    auto warned_cw = post_id(client, bob, "nothing here", "public", "&spoiler_text=cat+content");
    t.drain_events();

    for (const auto& path : {"/api/v1/timelines/home", "/api/v1/timelines/public",
                             "/api/v1/timelines/public?local=true"}) {
        INFO(path);
        auto timeline = call(client, "GET", path, alice);
        auto seen = values_of(timeline);
        CHECK_FALSE(has(seen, spoiler));
        REQUIRE(has(seen, cat));
        REQUIRE(has(seen, category));
        auto filtered = find_status(timeline, cat)["filtered"];
        REQUIRE(filtered.size() == 1);
        CHECK(filtered[0]["filter"] == json({{"id", warn["id"]},
                                             {"title", "Cats"},
                                             {"context", {"home", "public", "account"}},
                                             {"expires_at", nullptr},
                                             {"filter_action", "warn"}}));
        CHECK(filtered[0]["keyword_matches"] == json({"Cat"}));
        CHECK(filtered[0]["status_matches"].is_null());
        // "cat" is a whole word by default: "category" does not match it.
        CHECK(find_status(timeline, category)["filtered"] == json::array());
        // Content warnings are searched too.
        CHECK(find_status(timeline, warned_cw)["filtered"][0]["keyword_matches"] == json({"cat"}));
    }
    // Hide filters of other contexts do not hide; the match is still told (as Mastodon does).
    auto on_profile = call(client, "GET", "/api/v1/accounts/" + bob.id() + "/statuses", alice);
    REQUIRE(has(values_of(on_profile), spoiler));
    CHECK(find_status(on_profile, spoiler)["filtered"][0]["filter"]["id"] == hide["id"]);
    auto single = call(client, "GET", "/api/v1/statuses/" + spoiler, alice);
    CHECK(single["filtered"][0]["keyword_matches"] == json({"SPOILER"}));
    // Nobody else is touched by alice's filters.
    auto bobs = call(client, "GET", "/api/v1/timelines/public", bob);
    REQUIRE(has(values_of(bobs), spoiler));
    CHECK(find_status(bobs, cat)["filtered"] == json::array());
    // One's own statuses are never hidden from oneself, though the match is told.
    auto own = post_id(client, alice, "my own spoiler");
    auto own_home = call(client, "GET", "/api/v1/timelines/home", alice);
    REQUIRE(has(values_of(own_home), own));
    CHECK(find_status(own_home, own)["filtered"][0]["filter"]["id"] == hide["id"]);
    // Without a token there is no `filtered` at all.
    auto anonymous = answer(client.Get("/api/v1/timelines/public"), 200);
    CHECK(has(values_of(anonymous), spoiler));
    CHECK_FALSE(find_status(anonymous, cat).contains("filtered"));

    // A non-whole-word keyword finds "cat" inside "category"; a hashtag timeline is public.
    call(client, "PUT", "/api/v2/filters/" + warn["id"].get<std::string>(), alice,
         "keywords_attributes[][id]=" + warn["keywords"][0]["id"].get<std::string>() +
             "&keywords_attributes[][whole_word]=false");
    auto tagged = post_id(client, bob, "#finale spoiler inside");
    auto timeline = call(client, "GET", "/api/v1/timelines/public", alice);
    CHECK(find_status(timeline, category)["filtered"][0]["keyword_matches"] == json({"cat"}));
    CHECK_FALSE(has(values_of(call(client, "GET", "/api/v1/timelines/tag/finale", alice)), tagged));
    CHECK(has(values_of(call(client, "GET", "/api/v1/timelines/tag/finale", bob)), tagged));

    // The Link header still pages past hidden statuses.
    auto res = client.Get("/api/v1/timelines/public?limit=1", alice.auth());
    REQUIRE(res);
    CHECK(json::parse(res->body).empty()); // the newest is hidden...
    CHECK(res->get_header_value("Link").find("max_id=" + tagged) != std::string::npos);
}

TEST_CASE("filters: expired filters, status filters, lists, threads, notifications",
          "[api][filters]") {
    testing::TestNode t;
    auto [alice, bob] = members(t, "alice", "bob");
    auto client = t.client();
    follow(client, alice, bob);
    auto f = call(client, "POST", "/api/v2/filters", alice,
                  "title=Politics&context[]=home&context[]=thread&context[]=notifications"
                  "&filter_action=hide&keywords_attributes[][keyword]=élection&expires_in=3600");
    auto post = post_id(client, bob, "Les ÉLECTION de dimanche");
    t.drain_events();
    CHECK_FALSE(has(values_of(call(client, "GET", "/api/v1/timelines/home", alice)), post));

    // Time passes: the filter expires and no longer applies, though it is still listed.
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE filters SET expires_at = ? WHERE id = ?", now_unix_ms() - 1000,
                    std::int64_t(std::stoll(f["id"].get<std::string>())))
            .run();
    }
    auto home = call(client, "GET", "/api/v1/timelines/home", alice);
    REQUIRE(has(values_of(home), post));
    CHECK(find_status(home, post)["filtered"] == json::array());
    CHECK(call(client, "GET", "/api/v2/filters", alice).size() == 1);
    call(client, "PUT", "/api/v2/filters/" + f["id"].get<std::string>(), alice, "expires_in=");

    // Threads: a hidden reply goes, the rest of the thread stays.
    auto root = post_id(client, alice, "What do you think?");
    auto reply =
        post_id(client, bob, "@alice the élection is decided", "public", "&in_reply_to_id=" + root);
    auto calm = post_id(client, bob, "@alice nice weather", "public", "&in_reply_to_id=" + root);
    t.drain_events();
    auto context = call(client, "GET", "/api/v1/statuses/" + root + "/context", alice);
    CHECK(values_of(context["descendants"]) == std::vector<std::string>{calm});
    CHECK(values_of(call(client, "GET", "/api/v1/statuses/" + root + "/context",
                         bob)["descendants"]) == (std::vector<std::string>{reply, calm}));
    auto ancestors = call(client, "GET", "/api/v1/statuses/" + reply + "/context", alice);
    CHECK(values_of(ancestors["ancestors"]) == std::vector<std::string>{root});

    // Notifications: the mention carrying the keyword is not shown, the other is.
    auto notifications = call(client, "GET", "/api/v1/notifications", alice);
    std::vector<std::string> about;
    for (const auto& n : notifications)
        if (n.contains("status")) about.push_back(n["status"]["id"]);
    CHECK(about == std::vector<std::string>{calm});

    // A filtered status, by id: status_matches names it.
    auto warn = call(client, "POST", "/api/v2/filters", alice, "title=This+one&context[]=home");
    call(client, "POST", "/api/v2/filters/" + warn["id"].get<std::string>() + "/statuses", alice,
         "status_id=" + calm);
    home = call(client, "GET", "/api/v1/timelines/home", alice);
    auto filtered = find_status(home, calm)["filtered"];
    REQUIRE(filtered.size() == 1);
    CHECK(filtered[0]["filter"]["id"] == warn["id"]);
    CHECK(filtered[0]["keyword_matches"].is_null());
    CHECK(filtered[0]["status_matches"] == json({calm}));
    // A boost of it carries the same results.
    auto boost = call(client, "POST", "/api/v1/statuses/" + calm + "/reblog", bob);
    t.drain_events();
    home = call(client, "GET", "/api/v1/timelines/home", alice);
    CHECK(find_status(home, boost["id"])["filtered"] == filtered);

    // Lists are read in the home context.
    std::string list = call(client, "POST", "/api/v1/lists", alice, "title=Bob")["id"];
    call(client, "POST", "/api/v1/lists/" + list + "/accounts", alice, "account_ids[]=" + bob.id());
    auto in_list = values_of(call(client, "GET", "/api/v1/timelines/list/" + list, alice));
    CHECK(has(in_list, calm));
    CHECK_FALSE(has(in_list, post));
}

TEST_CASE("filters: streams apply the listener's filters", "[api][filters][streaming]") {
    testing::TestNode t;
    auto [alice, bob] = members(t, "alice", "bob");
    auto client = t.client();
    call(client, "POST", "/api/v2/filters", alice,
         "title=Hide&context[]=public&filter_action=hide&keywords_attributes[][keyword]=spoiler");
    call(client, "POST", "/api/v2/filters", alice,
         "title=Warn&context[]=public&keywords_attributes[][keyword]=cat");
    testing::WebSocketClient ws(t.port(),
                                "/api/v1/streaming?stream=public&access_token=" + alice.token);
    REQUIRE(ws.upgraded());
    auto hidden = post_id(client, bob, "a spoiler");
    auto warned = post_id(client, bob, "a cat");
    auto frame = ws.receive(5000);
    REQUIRE(frame);
    auto event = json::parse(*frame);
    REQUIRE(event["event"] == "update");
    auto payload = json::parse(event["payload"].get<std::string>());
    CHECK(payload["id"] == warned); // the hidden one never came
    CHECK(payload["filtered"][0]["filter"]["title"] == "Warn");
    CHECK(payload["filtered"][0]["keyword_matches"] == json({"cat"}));
    CHECK(hidden != warned);
}

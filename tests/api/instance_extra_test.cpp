// The instance's other endpoints: weekly activity counted from what was created, the extended
// description from the configuration, peers, and the privacy policy and terms of service that are
// not published yet.
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>

using namespace agora;
using nlohmann::json;

namespace {
constexpr std::int64_t day_ms = 24LL * 3600 * 1000;

json activity(httplib::Client& client) {
    auto weeks = testing::answer(client.Get("/api/v1/instance/activity"), 200);
    REQUIRE(weeks.is_array());
    REQUIRE(weeks.size() == 12);
    return weeks;
}

std::int64_t number(const json& week, const char* field) {
    REQUIRE(week[field].is_string());
    return std::stoll(week[field].get<std::string>());
}
} // namespace

TEST_CASE("instance activity: twelve weeks, newest first, all strings", "[api][instance]") {
    testing::TestNode t;
    auto client = t.client();
    auto weeks = activity(client);
    std::int64_t now = now_unix_ms() / 1000;
    std::int64_t first = number(weeks[0], "week");
    CHECK(std::llabs(first - now) <= 5);
    for (std::size_t i = 0; i < weeks.size(); ++i) {
        CHECK(number(weeks[i], "week") == first - std::int64_t(i) * 7 * 24 * 3600);
        for (const char* field : {"statuses", "logins", "registrations"})
            CHECK(number(weeks[i], field) == 0);
        CHECK(weeks[i].size() == 4);
    }
}

TEST_CASE("instance activity counts what was created", "[api][instance]") {
    testing::TestNode t;
    auto client = t.client();
    auto alice = testing::member(t, "alice");
    auto bob = testing::member(t, "bob");
    t.token_for(bob.created.account); // a second sign-in: still one member
    testing::call(client, "POST", "/api/v1/statuses", alice, "status=public");
    testing::call(client, "POST", "/api/v1/statuses", alice, "status=quiet&visibility=unlisted");
    auto boosted = testing::call(client, "POST", "/api/v1/statuses", bob, "status=boost+me");
    testing::call(client, "POST",
                  "/api/v1/statuses/" + boosted["id"].get<std::string>() + "/reblog", alice);
    // Followers-only and direct statuses are not counted, as Mastodon counts distributable ones.
    testing::call(client, "POST", "/api/v1/statuses", alice, "status=friends&visibility=private");
    testing::call(client, "POST", "/api/v1/statuses", alice, "status=@bob+hi&visibility=direct");

    // Older activity, dated by hand: ten days ago falls in the third entry (the first holds today,
    // the second the seven days before), twenty days ago in the fourth.
    std::int64_t now = now_unix_ms();
    {
        auto conn = t.node().database().acquire();
        std::int64_t old = now - 10 * day_ms;
        conn->query("INSERT INTO statuses (id, account_id, local, visibility, content, created_at) "
                    "VALUES (?, ?, 1, 'public', '', ?)",
                    id_floor_for_time(old) + 1, alice.created.account.id, old)
            .run();
        conn->query("UPDATE users SET created_at = ? WHERE account_id = ?", old,
                    bob.created.account.id)
            .run();
        conn->query("UPDATE oauth_tokens SET created_at = ? WHERE account_id = ?",
                    now - 20 * day_ms, bob.created.account.id)
            .run();
    }

    auto weeks = activity(client);
    CHECK(number(weeks[0], "statuses") == 4); // two of alice's, bob's, alice's boost
    CHECK(number(weeks[0], "registrations") == 1);
    CHECK(number(weeks[0], "logins") == 1); // alice; bob's sign-ins were moved back
    CHECK(number(weeks[1], "statuses") == 0);
    CHECK(number(weeks[2], "statuses") == 1);
    CHECK(number(weeks[2], "registrations") == 1);
    CHECK(number(weeks[3], "logins") == 1); // bob, once for two tokens
    for (int i = 4; i < 12; ++i)
        for (const char* field : {"statuses", "logins", "registrations"})
            CHECK(number(weeks[i], field) == 0);

    // A deleted status is no longer counted.
    auto gone = testing::call(client, "POST", "/api/v1/statuses", alice, "status=gone");
    CHECK(number(activity(client)[0], "statuses") == 5);
    testing::answer(
        client.Delete(("/api/v1/statuses/" + gone["id"].get<std::string>()).c_str(), alice.auth()),
        200);
    CHECK(number(activity(client)[0], "statuses") == 4);
}

TEST_CASE("instance extended description: empty until configured", "[api][instance]") {
    testing::TestNode t;
    auto client = t.client();
    auto body = testing::answer(client.Get("/api/v1/instance/extended_description"), 200);
    CHECK(body == json{{"updated_at", nullptr}, {"content", ""}});
}

TEST_CASE("instance extended description: the configured text as HTML", "[api][instance]") {
    testing::TestNode t([](Config& c) {
        c.instance.extended_description =
            "Welcome to the <b>town</b> hall.\nRules: https://example.org/rules\n\nBe kind.";
    });
    auto client = t.client();
    auto body = testing::answer(client.Get("/api/v1/instance/extended_description"), 200);
    auto content = body["content"].get<std::string>();
    CHECK_THAT(content, Catch::StartsWith("<p>Welcome to the &lt;b&gt;town&lt;/b&gt; hall.<br />"));
    CHECK_THAT(content, Catch::Contains("href=\"https://example.org/rules\""));
    CHECK_THAT(content, Catch::EndsWith("<p>Be kind.</p>"));
    auto updated = body["updated_at"].get<std::string>();
    INFO(updated);
    CHECK(std::regex_match(updated, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
}

TEST_CASE("instance: peers empty, no privacy policy or terms published yet", "[api][instance]") {
    testing::TestNode t;
    auto client = t.client();
    CHECK(testing::answer(client.Get("/api/v1/instance/peers"), 200) == json::array());
    for (const char* path :
         {"/api/v1/instance/privacy_policy", "/api/v1/instance/terms_of_service"}) {
        auto res = client.Get(path);
        INFO(path);
        REQUIRE(res);
        CHECK(res->status == 404);
        CHECK(json::parse(res->body) == json{{"error", "Record not found"}});
        CHECK(res->get_header_value("Access-Control-Allow-Origin") == "*");
    }
    // Anyone may read them, but a token that is sent must be valid.
    auto bad = client.Get("/api/v1/instance/activity", {{"Authorization", "Bearer nope"}});
    REQUIRE(bad);
    CHECK(bad->status == 401);
}

// Reports over HTTP: POST /api/v1/reports as Mastodon (members) and without a token (visitors),
// the report categories, admin.report notifications and the admin reports API.
#include "moderation/report_filing.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::Member;
using testing::member;

namespace {
json post_anonymous(httplib::Client& client, const std::string& body, int expected) {
    auto res = client.Post("/api/v1/reports", body, "application/x-www-form-urlencoded");
    return testing::answer(res, expected);
}
} // namespace

TEST_CASE("reports: a member reports an account and its statuses", "[api][reports]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto client = t.client();
    std::string s1 = call(client, "POST", "/api/v1/statuses", bob, "status=buy+now")["id"];
    auto report = call(client, "POST", "/api/v1/reports", alice,
                       "account_id=" + bob.id() + "&status_ids[]=" + s1 +
                           "&comment=spam+again&category=spam&subcategory=scams_and_fraud");
    CHECK(report["category"] == "spam");
    CHECK(report["comment"] == "spam again");
    CHECK(report["action_taken"] == false);
    CHECK(report["action_taken_at"].is_null());
    CHECK(report["forwarded"] == false);
    CHECK(report["status_ids"] == json::array({s1}));
    CHECK(report["rule_ids"].is_null());
    CHECK(report["target_account"]["id"] == bob.id());
    CHECK(report["agora"]["subcategory"] == "scams_and_fraud");
    CHECK(report["id"].is_string());

    // Moderators are told (admin.report, with the report), members are not.
    t.drain_events();
    auto notes = call(client, "GET", "/api/v1/notifications", mod);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["type"] == "admin.report");
    CHECK(notes[0]["account"]["id"] == alice.id());
    CHECK(notes[0]["report"]["id"] == report["id"]);
    CHECK(call(client, "GET", "/api/v1/notifications", bob).empty());

    // The category defaults to other; JSON bodies work as forms do.
    auto res =
        client.Post("/api/v1/reports", alice.auth(),
                    json{{"account_id", bob.id()}, {"comment", "hm"}}.dump(), "application/json");
    auto plain = testing::answer(res, 200);
    CHECK(plain["category"] == "other");
    CHECK(plain["status_ids"] == json::array());
}

TEST_CASE("reports: bad input is refused and nothing is written", "[api][reports]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto client = t.client();
    std::string bobs = call(client, "POST", "/api/v1/statuses", bob, "status=hello")["id"];
    std::string carols = call(client, "POST", "/api/v1/statuses", carol, "status=other")["id"];
    std::string secret =
        call(client, "POST", "/api/v1/statuses", bob, "status=secret&visibility=private")["id"];
    auto base = "account_id=" + bob.id();

    call(client, "POST", "/api/v1/reports", alice, "account_id=999999", 404);
    call(client, "POST", "/api/v1/reports", alice, "account_id=abc", 404);
    call(client, "POST", "/api/v1/reports", alice, "comment=no+account", 404);
    // Another account's status, a status that does not exist, one the reporter cannot see.
    call(client, "POST", "/api/v1/reports", alice, base + "&status_ids[]=" + carols, 404);
    call(client, "POST", "/api/v1/reports", alice, base + "&status_ids[]=123456789", 404);
    call(client, "POST", "/api/v1/reports", alice, base + "&status_ids[]=" + secret, 404);
    auto wrong = call(client, "POST", "/api/v1/reports", alice, base + "&category=rude", 422);
    CHECK(wrong["error"] == "Validation failed: Category is not included in the list");
    call(client, "POST", "/api/v1/reports", alice, base + "&subcategory=gossip", 422);
    auto rule = call(client, "POST", "/api/v1/reports", alice,
                     base + "&category=violation&rule_ids[]=42", 422);
    CHECK(rule["error"] == "Validation failed: Rule ids does not reference valid rules");
    auto too_long = call(client, "POST", "/api/v1/reports", alice,
                         base + "&comment=" + std::string(1001, 'x'), 422);
    CHECK(too_long["error"] ==
          "Validation failed: Comment is too long (maximum is 1000 characters)");
    // 1000 characters (multi-byte ones count once) are fine.
    std::string accents;
    for (int i = 0; i < 1000; ++i)
        accents += "%C3%A9";
    call(client, "POST", "/api/v1/reports", alice, base + "&comment=" + accents, 200);
    CHECK(count(t, "SELECT COUNT(*) FROM reports") == 1);
    CHECK(count(t, "SELECT COUNT(*) FROM report_statuses") == 0);

    // A token without write:reports.
    Member reader{alice.created, t.token_for(alice.created.account, "read")};
    call(client, "POST", "/api/v1/reports", reader, base, 403);
}

TEST_CASE("reports: visitors report without an account, rate-limited", "[api][reports]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto client = t.client();
    std::string s = call(client, "POST", "/api/v1/statuses", bob, "status=illegal")["id"];
    std::string secret =
        call(client, "POST", "/api/v1/statuses", bob, "status=x&visibility=private")["id"];
    auto base = "account_id=" + bob.id();

    auto report = post_anonymous(client,
                                 base + "&status_ids[]=" + s +
                                     "&category=legal&subcategory=illegal_or_harmful_speech"
                                     "&comment=this+is+illegal&contact=me%40example.org",
                                 200);
    CHECK(report["category"] == "legal");
    CHECK(report["agora"]["origin"] == "visitor");
    CHECK(report["status_ids"] == json::array({s}));
    CHECK(count(t, "SELECT COUNT(*) FROM reports WHERE account_id IS NULL AND origin = 'visitor' "
                   "AND contact = 'me@example.org'") == 1);
    t.drain_events();
    auto notes = call(client, "GET", "/api/v1/notifications", mod);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["type"] == "admin.report");

    // A visitor must explain, cannot see private statuses, cannot forward.
    auto blank = post_anonymous(client, base + "&comment=+", 422);
    CHECK(blank["error"] == "Validation failed: Comment can't be blank");
    post_anonymous(client, base + "&comment=x&status_ids[]=" + secret, 404);
    post_anonymous(client, "account_id=424242&comment=x", 404);
    post_anonymous(client, base + "&comment=x&contact=" + std::string(201, 'c'), 422);

    // Five reports an hour from one address (refused attempts are not counted): four more pass,
    // the next is refused.
    for (int i = 0; i < 4; ++i)
        post_anonymous(client, base + "&comment=again", 200);
    auto limited = post_anonymous(client, base + "&comment=again", 429);
    CHECK(limited["error"] == "Too many requests");
    CHECK(count(t, "SELECT COUNT(*) FROM reports") == 5);
}

TEST_CASE("reports: visitor reports can be turned off", "[api][reports]") {
    testing::TestNode t([](Config& c) { c.moderation.visitor_reports = false; });
    auto bob = member(t, "bob");
    auto client = t.client();
    post_anonymous(client, "account_id=" + bob.id() + "&comment=x", 401);
    CHECK(count(t, "SELECT COUNT(*) FROM reports") == 0);
}

TEST_CASE("reports: the categories every form shows", "[api][reports]") {
    testing::TestNode t;
    auto client = t.client();
    auto doc = testing::answer(client.Get("/api/v1/agora/report_categories"), 200);
    REQUIRE(doc["categories"].size() == 4);
    CHECK(doc["categories"][0]["id"] == "spam");
    CHECK(doc["categories"][0]["label"]["fr"].is_string());
    CHECK(doc["categories"][0]["label"]["en"].is_string());
    REQUIRE(doc["subcategories"].size() == 14);
    bool minors = false;
    for (const auto& s : doc["subcategories"])
        minors = minors || s["id"] == "protection_of_minors";
    CHECK(minors);
}

TEST_CASE("admin reports: list, filters, get, assign, resolve, reopen", "[api][reports]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto admin = testing::staff(t, "boss", Role::admin);
    auto client = t.client();
    std::string s = call(client, "POST", "/api/v1/statuses", bob,
                         "status=private+thing&visibility=private")["id"];
    call(client, "POST", "/api/v1/accounts/" + bob.id() + "/follow", alice);
    std::string r1 = call(client, "POST", "/api/v1/reports", alice,
                          "account_id=" + bob.id() + "&status_ids[]=" + s)["id"];
    std::string r2 =
        call(client, "POST", "/api/v1/reports", carol, "account_id=" + alice.id())["id"];

    auto all = call(client, "GET", "/api/v1/admin/reports", mod);
    REQUIRE(all.size() == 2);
    CHECK(all[0]["id"] == r2); // newest first
    auto one = call(client, "GET", "/api/v1/admin/reports/" + r1, mod);
    CHECK(one["account"]["id"] == alice.id());
    CHECK(one["account"]["account"]["id"] == alice.id());
    CHECK(one["target_account"]["username"] == "bob");
    CHECK(one["assigned_account"].is_null());
    // Moderators see the reported statuses whatever their visibility.
    REQUIRE(one["statuses"].size() == 1);
    CHECK(one["statuses"][0]["id"] == s);
    CHECK(one["agora"]["origin"] == "member");

    auto by_target =
        call(client, "GET", "/api/v1/admin/reports?target_account_id=" + bob.id(), mod);
    REQUIRE(by_target.size() == 1);
    CHECK(by_target[0]["id"] == r1);
    auto by_reporter = call(client, "GET", "/api/v1/admin/reports?account_id=" + carol.id(), mod);
    REQUIRE(by_reporter.size() == 1);
    CHECK(by_reporter[0]["id"] == r2);

    auto assigned = call(client, "POST", "/api/v1/admin/reports/" + r1 + "/assign_to_self", mod);
    CHECK(assigned["assigned_account"]["id"] == mod.id());
    auto unassigned = call(client, "POST", "/api/v1/admin/reports/" + r1 + "/unassign", admin);
    CHECK(unassigned["assigned_account"].is_null());
    auto resolved = call(client, "POST", "/api/v1/admin/reports/" + r1 + "/resolve", admin);
    CHECK(resolved["action_taken"] == true);
    CHECK(resolved["action_taken_by_account"]["id"] == admin.id());
    CHECK(call(client, "GET", "/api/v1/admin/reports", mod).size() == 1);
    auto done = call(client, "GET", "/api/v1/admin/reports?resolved=true", mod);
    REQUIRE(done.size() == 1);
    CHECK(done[0]["id"] == r1);
    auto reopened = call(client, "POST", "/api/v1/admin/reports/" + r1 + "/reopen", mod);
    CHECK(reopened["action_taken"] == false);
    CHECK(reopened["action_taken_at"].is_null());
    CHECK(call(client, "GET", "/api/v1/admin/reports", mod).size() == 2);

    call(client, "GET", "/api/v1/admin/reports/999999", mod, "", 404);
    call(client, "POST", "/api/v1/admin/reports/999999/resolve", mod, "", 404);
}

TEST_CASE("admin reports: members and scopes are refused", "[api][reports]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    std::string r = call(client, "POST", "/api/v1/reports", alice, "account_id=" + bob.id())["id"];
    // A member, even with the admin scopes, is not a moderator.
    auto pretender = testing::staff(t, "pretender", Role::member);
    auto refused = call(client, "GET", "/api/v1/admin/reports", pretender, "", 403);
    CHECK(refused["error"] == "This action is not allowed");
    call(client, "POST", "/api/v1/admin/reports/" + r + "/resolve", pretender, "", 403);
    call(client, "GET", "/api/v1/admin/reports/" + r, pretender, "", 403);
    // A moderator whose token lacks the admin scopes.
    auto created = t.create_account("mod", AccountKind::person, Role::moderator);
    Member narrow{created, t.token_for(created.account, "read write")};
    call(client, "GET", "/api/v1/admin/reports", narrow, "", 403);
    Member reader{created, t.token_for(created.account, "admin:read:reports")};
    call(client, "GET", "/api/v1/admin/reports", reader, "", 200);
    call(client, "POST", "/api/v1/admin/reports/" + r + "/resolve", reader, "", 403);
    // No token at all.
    CHECK(client.Get("/api/v1/admin/reports")->status == 401);
    CHECK(count(t, "SELECT COUNT(*) FROM reports WHERE action_taken_at IS NOT NULL") == 0);
}

TEST_CASE("reports: UTF-8 lengths and prefixes", "[api][reports]") {
    CHECK(moderation::utf8_length("") == 0);
    CHECK(moderation::utf8_length("été") == 3);
    CHECK(moderation::utf8_prefix("été!", 2) == "ét");
    CHECK(moderation::utf8_prefix("abc", 5) == "abc");
    CHECK(moderation::utf8_prefix("abc", 0).empty());
}

// Instance rules over HTTP: the admin API (/api/v1/agora/admin/rules), the public list
// (/api/v1/instance/rules and the v1/v2 instance), and rule_ids in reports.
#include "rig/member.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::member;

namespace {
json get(httplib::Client& client, const std::string& path) {
    return testing::answer(client.Get(path), 200);
}
} // namespace

TEST_CASE("rules: admins create, reorder, edit and remove, everyone reads them in order",
          "[api][rules]") {
    testing::TestNode t;
    auto admin = testing::staff(t, "boss", Role::admin);
    auto client = t.client();
    CHECK(get(client, "/api/v1/instance/rules") == json::array());

    auto first = call(client, "POST", "/api/v1/agora/admin/rules", admin,
                      "text=Be+kind&hint=No+insults%2C+no+harassment");
    CHECK(first["id"].is_string());
    CHECK(first["text"] == "Be kind");
    CHECK(first["hint"] == "No insults, no harassment");
    CHECK(first["translations"] == json::object());
    auto second = call(client, "POST", "/api/v1/agora/admin/rules", admin, "text=No+spam");
    CHECK(second["hint"] == "");

    auto rules = get(client, "/api/v1/instance/rules");
    REQUIRE(rules.size() == 2);
    CHECK(rules[0] == first);
    CHECK(rules[1]["text"] == "No spam");
    CHECK(call(client, "GET", "/api/v1/agora/admin/rules", admin) == rules);

    // The instance entities carry the same list.
    auto v2 = get(client, "/api/v2/instance");
    CHECK(v2["rules"] == rules);
    CHECK(get(client, "/api/v1/instance")["rules"] == rules);

    // Moving the second rule first; editing its text.
    std::string second_id = second["id"];
    auto moved = call(client, "PUT", "/api/v1/agora/admin/rules/" + second_id, admin,
                      "position=0&text=No+spam%2C+no+scams");
    CHECK(moved["text"] == "No spam, no scams");
    rules = get(client, "/api/v1/instance/rules");
    CHECK(rules[0]["id"] == second_id);
    CHECK(rules[1]["id"] == first["id"]);
    auto hinted =
        call(client, "PATCH", "/api/v1/agora/admin/rules/" + second_id, admin, "hint=Ads+too");
    CHECK(hinted["hint"] == "Ads too");
    CHECK(hinted["text"] == "No spam, no scams");

    // Bad input: 422, nothing changed.
    call(client, "POST", "/api/v1/agora/admin/rules", admin, "text=", 422);
    call(client, "POST", "/api/v1/agora/admin/rules", admin, "hint=no+text", 422);
    auto long_text = call(client, "POST", "/api/v1/agora/admin/rules", admin,
                          "text=" + std::string(301, 'a'), 422);
    CHECK(long_text["error"] == "Validation failed: Text is too long (maximum is 300 characters)");
    call(client, "POST", "/api/v1/agora/admin/rules", admin, "text=" + std::string(300, 'a'));
    call(client, "PUT", "/api/v1/agora/admin/rules/" + second_id, admin, "text=++", 422);
    call(client, "PUT", "/api/v1/agora/admin/rules/" + second_id, admin, "position=first", 422);
    call(client, "PUT", "/api/v1/agora/admin/rules/" + second_id, admin, "position=-1", 422);
    call(client, "PUT", "/api/v1/agora/admin/rules/12345", admin, "text=x", 404);
    call(client, "PUT", "/api/v1/agora/admin/rules/abc", admin, "text=x", 404);
    CHECK(get(client, "/api/v1/instance/rules")[0]["text"] == "No spam, no scams");
    CHECK(get(client, "/api/v1/instance/rules").size() == 3);

    // Removal hides the rule but keeps its row; removing it again is 404, editing it too.
    call(client, "DELETE", "/api/v1/agora/admin/rules/" + second_id, admin);
    rules = get(client, "/api/v1/instance/rules");
    CHECK(rules.size() == 2);
    CHECK(rules[0]["id"] == first["id"]);
    call(client, "DELETE", "/api/v1/agora/admin/rules/" + second_id, admin, "", 404);
    call(client, "PUT", "/api/v1/agora/admin/rules/" + second_id, admin, "text=back", 404);
    CHECK(testing::count(t, "SELECT COUNT(*) FROM rules WHERE removed_at IS NOT NULL") == 1);
}

TEST_CASE("rules: only admins with the admin scopes manage them", "[api][rules]") {
    testing::TestNode t;
    auto admin = testing::staff(t, "boss", Role::admin);
    auto moderator = testing::staff(t, "mod", Role::moderator);
    auto alice = member(t, "alice");
    auto client = t.client();
    std::string id = call(client, "POST", "/api/v1/agora/admin/rules", admin, "text=Be+kind")["id"];

    for (const auto* who : {&moderator, &alice}) {
        call(client, "GET", "/api/v1/agora/admin/rules", *who, "", 403);
        call(client, "POST", "/api/v1/agora/admin/rules", *who, "text=Mine", 403);
        call(client, "PUT", "/api/v1/agora/admin/rules/" + id, *who, "text=Mine", 403);
        call(client, "DELETE", "/api/v1/agora/admin/rules/" + id, *who, "", 403);
    }
    // An admin whose app lacks the admin scopes is refused too.
    testing::Member admin_without_scopes{admin.created, t.token_for(admin.created.account)};
    call(client, "POST", "/api/v1/agora/admin/rules", admin_without_scopes, "text=Mine", 403);
    auto read_only =
        testing::Member{admin.created, t.token_for(admin.created.account, "admin:read")};
    call(client, "GET", "/api/v1/agora/admin/rules", read_only);
    call(client, "POST", "/api/v1/agora/admin/rules", read_only, "text=Mine", 403);
    // No token at all.
    CHECK(client.Get("/api/v1/agora/admin/rules")->status == 401);
    CHECK(client.Post("/api/v1/agora/admin/rules", "text=x", "application/x-www-form-urlencoded")
              ->status == 401);
    CHECK(testing::count(t, "SELECT COUNT(*) FROM rules") == 1);
    CHECK(get(client, "/api/v1/instance/rules")[0]["text"] == "Be kind");
}

TEST_CASE("rules: reports name rules in force, moderators see them, removed ones included",
          "[api][rules][reports]") {
    testing::TestNode t;
    auto admin = testing::staff(t, "boss", Role::admin);
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    auto kind =
        call(client, "POST", "/api/v1/agora/admin/rules", admin, "text=Be+kind&hint=No+insults");
    auto spam = call(client, "POST", "/api/v1/agora/admin/rules", admin, "text=No+spam");
    auto gone = call(client, "POST", "/api/v1/agora/admin/rules", admin, "text=Old+rule");
    std::string kind_id = kind["id"], spam_id = spam["id"], gone_id = gone["id"];
    call(client, "DELETE", "/api/v1/agora/admin/rules/" + gone_id, admin);

    std::string base = "account_id=" + bob.id() + "&category=violation";
    auto report = call(client, "POST", "/api/v1/reports", alice,
                       base + "&rule_ids[]=" + kind_id + "&rule_ids[]=" + spam_id);
    CHECK(report["category"] == "violation");
    auto rule_ids = report["rule_ids"];
    std::sort(rule_ids.begin(), rule_ids.end());
    auto expected = json::array({kind_id, spam_id});
    std::sort(expected.begin(), expected.end());
    CHECK(rule_ids == expected);

    // Unknown or removed rules: 422 and no report.
    auto before = testing::count(t, "SELECT COUNT(*) FROM reports");
    auto unknown = call(client, "POST", "/api/v1/reports", alice,
                        base + "&rule_ids[]=" + kind_id + "&rule_ids[]=999", 422);
    CHECK(unknown["error"] == "Validation failed: Rule ids does not reference valid rules");
    call(client, "POST", "/api/v1/reports", alice, base + "&rule_ids[]=" + gone_id, 422);
    call(client, "POST", "/api/v1/reports", alice, base + "&rule_ids[]=abc", 422);
    CHECK(testing::count(t, "SELECT COUNT(*) FROM reports") == before);
    CHECK(testing::count(t, "SELECT COUNT(*) FROM report_rules") == 2);

    // Moderators see the rules' text; removing one later keeps it on the report.
    call(client, "DELETE", "/api/v1/agora/admin/rules/" + spam_id, admin);
    std::string report_id = report["id"];
    auto seen = call(client, "GET", "/api/v1/admin/reports/" + report_id, mod);
    REQUIRE(seen["rules"].size() == 2);
    json texts = json::array();
    for (const auto& rule : seen["rules"])
        texts.push_back(rule["text"]);
    std::sort(texts.begin(), texts.end());
    CHECK(texts == json::array({"Be kind", "No spam"}));
    for (const auto& rule : seen["rules"])
        if (rule["id"] == kind_id) CHECK(rule["hint"] == "No insults");
}

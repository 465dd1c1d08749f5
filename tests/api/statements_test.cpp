// Statements of reasons and appeals over HTTP: the moderation_warning notification and its
// AccountWarning, GET /api/v1/agora/statements/:id (the person concerned, staff, the page's
// token; 404 for others), the web page in French and English, appeals (once, in time, decided by
// another moderator, approving reverses), the audit log, report notes and PUT admin/reports.
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::count;
using testing::Member;
using testing::member;

namespace {
std::string action_path(const Member& who) {
    return "/api/v1/admin/accounts/" + who.id() + "/action";
}

// The statement the last moderation_warning notification of `who` carries.
json last_warning(testing::TestNode& t, httplib::Client& client, const Member& who) {
    t.drain_events();
    auto notes = call(client, "GET", "/api/v1/notifications?types[]=moderation_warning", who);
    REQUIRE_FALSE(notes.empty());
    CHECK(notes[0]["type"] == "moderation_warning");
    return notes[0]["moderation_warning"];
}

std::string token_of(const json& warning) {
    std::string url = warning["agora"]["url"];
    return url.substr(url.find("token=") + 6);
}
} // namespace

TEST_CASE("statements: a decision reaches the member with its reasons", "[api][moderation]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto alice = member(t, "alice");
    auto carol = member(t, "carol");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto client = t.client();
    std::string post = call(client, "POST", "/api/v1/statuses", bob, "status=rude")["id"];
    std::string report =
        call(client, "POST", "/api/v1/reports", alice,
             "account_id=" + bob.id() + "&status_ids[]=" + post + "&category=violation")["id"];
    // No instance rule exists yet: naming one is refused, as in reports.
    call(client, "POST", action_path(bob), mod, "type=silence&rule_ids[]=2", 422);
    call(client, "POST", action_path(bob), mod,
         "type=silence&report_id=" + report + "&text=Insults+towards+members");

    auto w = last_warning(t, client, bob);
    CHECK(w["action"] == "silence");
    CHECK(w["text"] == "Insults towards members");
    CHECK(w["status_ids"] == json::array({post}));
    CHECK(w["target_account"]["id"] == bob.id());
    CHECK(w["appeal"].is_null());
    CHECK(w["created_at"].is_string());
    CHECK(w["agora"]["ground"] == "rules");
    CHECK(w["agora"]["rule_ids"] == json::array());
    CHECK(w["agora"]["category"] == "violation");
    CHECK(w["agora"]["automated_decision"] == false);
    CHECK(w["agora"]["redress"]["appeal"]["possible"] == true);
    // The moderator is never named to the member.
    auto shown = call(client, "GET", "/api/v1/agora/statements/" + std::string(w["id"]), bob);
    CHECK(shown["id"] == w["id"]);
    CHECK(shown["text"] == w["text"]);
    CHECK(shown.dump().find(mod.id()) == std::string::npos);
    CHECK(shown.dump().find("\"mod\"") == std::string::npos);
    CHECK(call(client, "GET", "/api/v1/agora/statements", bob).size() == 1);

    // Staff see it with the moderator; other members and visitors do not see it at all.
    auto staff_view = call(client, "GET", "/api/v1/agora/statements/" + std::string(w["id"]), mod);
    CHECK(staff_view["agora"]["moderator_account_id"] == mod.id());
    call(client, "GET", "/api/v1/agora/statements/" + std::string(w["id"]), carol, "", 404);
    CHECK(client.Get(("/api/v1/agora/statements/" + std::string(w["id"])).c_str())->status == 404);
    CHECK(client.Get(("/api/v1/agora/statements/" + std::string(w["id"]) + "?token=nope").c_str())
              ->status == 404);
    call(client, "GET", "/api/v1/agora/statements/123456", bob, "", 404);
    // The link's token opens it without a session.
    auto by_token = client.Get(
        ("/api/v1/agora/statements/" + std::string(w["id"]) + "?token=" + token_of(w)).c_str());
    CHECK(by_token->status == 200);
}

TEST_CASE("statements: the web page, in French and English, with its appeal form",
          "[api][moderation][web]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto client = t.client();
    call(client, "POST", action_path(bob), mod, "type=suspend&text=Spam+%3Cb%3Elinks%3C%2Fb%3E");
    std::string id, token;
    {
        auto conn = t.node().database().acquire();
        auto st = conn->query("SELECT id, access_token FROM statements");
        REQUIRE(st.step());
        id = std::to_string(st.int64(0));
        token = st.text(1);
    }
    auto page = "/statements/" + id + "?token=" + token;
    auto fr = client.Get((page + "&lang=fr").c_str());
    REQUIRE(fr->status == 200);
    CHECK_THAT(fr->body, Catch::Contains("Décision de la modération"));
    CHECK_THAT(fr->body, Catch::Contains("Compte suspendu"));
    CHECK_THAT(fr->body, Catch::Contains("Spam &lt;b&gt;links&lt;/b&gt;"));
    CHECK_THAT(fr->body, Catch::Contains("<form method=\"post\""));
    CHECK(fr->body.find("<script") == std::string::npos);
    auto en = client.Get((page + "&lang=en").c_str());
    REQUIRE(en->status == 200);
    CHECK_THAT(en->body, Catch::Contains("Moderation decision"));
    CHECK_THAT(en->body, Catch::Contains("Account suspended"));
    CHECK(client.Get(("/statements/" + id).c_str())->status == 404);
    CHECK(client.Get(("/statements/" + id + "?token=x").c_str())->status == 404);

    // The suspended member appeals through the page.
    auto blank = client.Post(("/statements/" + id + "/appeal?lang=en").c_str(),
                             "token=" + token + "&text=", "application/x-www-form-urlencoded");
    CHECK(blank->status == 422);
    CHECK_THAT(blank->body, Catch::Contains("Write why"));
    auto sent = client.Post(("/statements/" + id + "/appeal?lang=fr").c_str(),
                            "token=" + token + "&text=Ce+n%27%C3%A9tait+pas+du+spam",
                            "application/x-www-form-urlencoded");
    CHECK(sent->status == 200);
    CHECK_THAT(sent->body, Catch::Contains("Votre appel est envoyé"));
    CHECK_THAT(sent->body, Catch::Contains("en cours d&#39;examen"));
    auto again = client.Post(("/statements/" + id + "/appeal?lang=en").c_str(),
                             "token=" + token + "&text=again", "application/x-www-form-urlencoded");
    CHECK(again->status == 422);
    CHECK_THAT(again->body, Catch::Contains("already been appealed"));
    auto wrong = client.Post(("/statements/" + id + "/appeal").c_str(), "token=x&text=hi",
                             "application/x-www-form-urlencoded");
    CHECK(wrong->status == 404);
    CHECK(count(t, "SELECT COUNT(*) FROM appeals") == 1);
}

TEST_CASE("statements: a warning without action, and none without text", "[api][moderation]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto client = t.client();
    call(client, "POST", action_path(bob), mod, "type=none");
    CHECK(count(t, "SELECT COUNT(*) FROM statements") == 0);
    call(client, "POST", action_path(bob), mod, "type=none&text=Please+mind+the+rules");
    auto w = last_warning(t, client, bob);
    CHECK(w["action"] == "none");
    CHECK(w["agora"]["ground"] == "terms");
    CHECK(w["status_ids"].is_null());
    // A warning changes nothing on the account.
    call(client, "GET", "/api/v1/accounts/verify_credentials", bob);
}

TEST_CASE("appeals: once, in time, decided by someone else; approving reverses",
          "[api][moderation]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto other = testing::staff(t, "other", Role::moderator);
    auto admin = testing::staff(t, "boss", Role::admin);
    auto client = t.client();
    call(client, "POST", action_path(bob), mod, "type=suspend&text=spam");
    std::string id = std::to_string(count(t, "SELECT id FROM statements"));
    auto appeal_path = "/api/v1/agora/statements/" + id + "/appeal";

    // Suspended, bob still reaches his statements and appeals with his own token.
    call(client, "GET", "/api/v1/agora/statements/" + id, bob);
    call(client, "POST", appeal_path, bob, "text=", 422);
    call(client, "POST", appeal_path, bob, "text=" + std::string(2001, 'a'), 422);
    call(client, "POST", appeal_path, carol, "text=me+too", 404);
    call(client, "POST", appeal_path, mod, "text=staff+do+not+appeal+for+him", 404);
    auto filed = call(client, "POST", appeal_path, bob, "text=I+was+hacked");
    CHECK(filed["appeal"] == json({{"text", "I was hacked"}, {"state", "pending"}}));
    CHECK(filed["agora"]["redress"]["appeal"]["possible"] == false);
    call(client, "POST", appeal_path, bob, "text=again", 422);
    CHECK(count(t, "SELECT COUNT(*) FROM appeals") == 1);

    // Staff list the pending appeals.
    call(client, "GET", "/api/v1/agora/admin/appeals", carol, "", 403);
    auto pending = call(client, "GET", "/api/v1/agora/admin/appeals", other);
    REQUIRE(pending.size() == 1);
    CHECK(pending[0]["statement"]["id"] == id);
    std::string appeal_id = pending[0]["id"];
    auto decide = "/api/v1/agora/admin/appeals/" + appeal_id;

    // The moderator who decided may not decide the appeal: others are there.
    auto refused = call(client, "POST", decide + "/approve", mod, "text=ok", 403);
    CHECK_THAT(std::string(refused["error"]), Catch::Contains("another member"));
    call(client, "POST", decide + "/approve", carol, "text=ok", 403);
    call(client, "POST", "/api/v1/agora/admin/appeals/999/approve", other, "", 404);
    auto approved =
        call(client, "POST", decide + "/approve", other, "text=The+account+was+compromised");
    CHECK(approved["state"] == "approved");
    CHECK(approved["decision_text"] == "The account was compromised");
    call(client, "POST", decide + "/reject", admin, "", 422); // decided already

    // Reversed: bob is back, the statement says so, he is told.
    call(client, "GET", "/api/v1/accounts/verify_credentials", bob);
    auto statement = call(client, "GET", "/api/v1/agora/statements/" + id, bob);
    CHECK(statement["appeal"]["state"] == "approved");
    CHECK(statement["agora"]["reversed"] == true);
    CHECK(statement["agora"]["appeal"]["decision_text"] == "The account was compromised");
    t.drain_events();
    // Agora's own type: only for the apps that ask for it.
    for (const auto& n : call(client, "GET", "/api/v1/notifications", bob))
        CHECK(n["type"] != "agora.appeal_decided");
    auto notes = call(client, "GET", "/api/v1/notifications?types[]=agora.appeal_decided", bob);
    bool told = false;
    for (const auto& n : notes)
        if (n["type"] == "agora.appeal_decided") {
            told = true;
            CHECK(n["moderation_warning"]["appeal"]["state"] == "approved");
        }
    CHECK(told);
    CHECK(call(client, "GET", "/api/v1/agora/admin/appeals?state=approved", admin).size() == 1);
    CHECK(call(client, "GET", "/api/v1/agora/admin/appeals", admin).empty());
}

TEST_CASE("appeals: rejected, the decision stands; alone, the moderator decides",
          "[api][moderation]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto client = t.client();
    call(client, "POST", action_path(bob), mod, "type=silence");
    std::string id = std::to_string(count(t, "SELECT id FROM statements"));
    call(client, "POST", "/api/v1/agora/statements/" + id + "/appeal", bob, "text=unfair");
    std::string appeal_id = std::to_string(count(t, "SELECT id FROM appeals"));
    // The only staff member may decide.
    auto rejected = call(client, "POST", "/api/v1/agora/admin/appeals/" + appeal_id + "/reject",
                         mod, "text=The+posts+break+rule+1");
    CHECK(rejected["state"] == "rejected");
    auto statement = call(client, "GET", "/api/v1/agora/statements/" + id, bob);
    CHECK(statement["appeal"]["state"] == "rejected");
    CHECK(statement["agora"]["reversed"] == false);
    CHECK(call(client, "GET", "/api/v1/accounts/" + bob.id(), mod)["limited"] == true);
}

TEST_CASE("appeals: after the deadline, 422", "[api][moderation]") {
    testing::TestNode t([](Config& c) { c.moderation.appeal_days = 5; });
    auto bob = member(t, "bob");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto client = t.client();
    call(client, "POST", action_path(bob), mod, "type=silence");
    std::string id = std::to_string(count(t, "SELECT id FROM statements"));
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE statements SET created_at = created_at - ?",
                    std::int64_t(5) * 24 * 3600 * 1000 + 60'000)
            .run();
    }
    auto late = call(client, "POST", "/api/v1/agora/statements/" + id + "/appeal", bob,
                     "text=sorry+I+am+late", 422);
    CHECK_THAT(std::string(late["error"]), Catch::Contains("5 days"));
    CHECK(call(client, "GET", "/api/v1/agora/statements/" + id,
               bob)["agora"]["redress"]["appeal"]["possible"] == false);
    CHECK(count(t, "SELECT COUNT(*) FROM appeals") == 0);
}

TEST_CASE("audit log: every moderator action, admins only", "[api][moderation]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto alice = member(t, "alice");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto admin = testing::staff(t, "boss", Role::admin);
    auto client = t.client();
    std::string report =
        call(client, "POST", "/api/v1/reports", alice, "account_id=" + bob.id())["id"];
    call(client, "POST", "/api/v1/admin/reports/" + report + "/assign_to_self", mod);
    call(client, "POST", action_path(bob), mod, "type=silence&report_id=" + report);
    call(client, "POST", "/api/v1/admin/accounts/" + bob.id() + "/unsilence", mod);
    call(client, "POST", "/api/v1/admin/domain_blocks", admin, "domain=spam.example");

    call(client, "GET", "/api/v1/agora/admin/audit_log", mod, "", 403);
    call(client, "GET", "/api/v1/agora/admin/audit_log", alice, "", 403);
    auto log = call(client, "GET", "/api/v1/agora/admin/audit_log", admin);
    std::vector<std::string> actions;
    for (const auto& e : log)
        actions.push_back(e["action"]);
    CHECK(actions == std::vector<std::string>{"domain_block.create", "account.unsilence",
                                              "statement.create", "report.resolve",
                                              "account.silence", "report.assign_to_self"});
    CHECK(log[1]["account_id"] == mod.id());
    CHECK(log[1]["target_type"] == "account");
    CHECK(log[1]["target_id"] == bob.id());
    CHECK(log[1]["target"] == "bob");
    CHECK(log[0]["target"] == "spam.example");
    CHECK(
        call(client, "GET", "/api/v1/agora/admin/audit_log?action=account.silence", admin).size() ==
        1);
    CHECK(call(client, "GET", "/api/v1/agora/admin/audit_log?account_id=" + admin.id(), admin)
              .size() == 1);
    CHECK(call(client, "GET", "/api/v1/agora/admin/audit_log?limit=2", admin).size() == 2);
}

TEST_CASE("report notes and PUT admin/reports", "[api][moderation]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto alice = member(t, "alice");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto other = testing::staff(t, "other", Role::moderator);
    auto admin = testing::staff(t, "boss", Role::admin);
    auto client = t.client();
    std::string report =
        call(client, "POST", "/api/v1/reports", alice, "account_id=" + bob.id())["id"];
    auto notes = "/api/v1/agora/admin/reports/" + report + "/notes";
    call(client, "POST", notes, alice, "content=hi", 403);
    call(client, "POST", notes, mod, "content=", 422);
    call(client, "POST", notes, mod, "content=" + std::string(501, 'x'), 422);
    call(client, "POST", "/api/v1/agora/admin/reports/999/notes", mod, "content=x", 404);
    auto note = call(client, "POST", notes, mod, "content=Second+report+this+week");
    CHECK(note["content"] == "Second report this week");
    CHECK(note["account_id"] == mod.id());
    auto listed = call(client, "GET", notes, other);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0]["id"] == note["id"]);
    // One's own notes, or an admin.
    call(client, "DELETE", notes + "/" + std::string(note["id"]), other, "", 403);
    call(client, "DELETE", notes + "/424242", mod, "", 404);
    call(client, "DELETE", notes + "/" + std::string(note["id"]), admin);
    CHECK(call(client, "GET", notes, mod).empty());

    auto path = "/api/v1/admin/reports/" + report;
    call(client, "PUT", path, alice, "category=spam", 403);
    call(client, "PUT", path, mod, "category=nonsense", 422);
    call(client, "PUT", path, mod, "category=violation&rule_ids[]=x", 422);
    // No instance rule exists yet: every rule id is refused.
    call(client, "PUT", path, mod, "category=violation&rule_ids[]=1", 422);
    auto updated = call(client, "PUT", path, mod, "category=violation");
    CHECK(updated["category"] == "violation");
    CHECK(updated["rules"].empty());
    CHECK(call(client, "PUT", path, mod, "category=spam")["category"] == "spam");
    call(client, "PUT", "/api/v1/admin/reports/999", mod, "category=spam", 404);
}

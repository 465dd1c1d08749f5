// Acceptance of the terms of service: recorded at sign-up, asked for by apps
// (/api/v1/agora/terms/pending and /accept) and by the sign-in page, and announced to members by
// an agora.terms_update notification that only clients asking for it see.
#include "legal/legal_documents.hpp"
#include "legal/terms_acceptance.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::member;

namespace {
void publish(testing::TestNode& t, const std::string& date, const std::string& summary) {
    auto conn = t.node().database().acquire();
    store::Transaction tx(*conn);
    REQUIRE(legal::publish(*conn, {"terms", "# Terms\n\nBe kind.\n", date, summary}));
    tx.commit();
}

struct App {
    std::string client_id, client_secret;
};

App register_app(httplib::Client& client) {
    auto res = client.Post("/api/v1/apps",
                           httplib::Params{{"client_name", "Phanpy"},
                                           {"redirect_uris", "https://client.example/callback"},
                                           {"scopes", "read write"}});
    auto app = testing::answer(res, 200);
    return {app["client_id"], app["client_secret"]};
}

std::string app_token(httplib::Client& client, const App& app) {
    auto res = client.Post("/oauth/token", httplib::Params{{"grant_type", "client_credentials"},
                                                           {"client_id", app.client_id},
                                                           {"client_secret", app.client_secret},
                                                           {"scope", "read write"}});
    return testing::answer(res, 200)["access_token"];
}
} // namespace

TEST_CASE("terms acceptance: sign-up records the version in effect", "[api][terms]") {
    testing::TestNode t;
    auto client = t.client();
    auto app = register_app(client);
    auto token = app_token(client, app);
    auto sign_up = [&](const std::string& name) {
        auto res = client.Post(
            "/api/v1/accounts", {{"Authorization", "Bearer " + token}},
            json{{"username", name}, {"password", "a long password"}, {"agreement", true}}.dump(),
            "application/json");
        return testing::answer(res, 200)["access_token"].get<std::string>();
    };
    // No terms yet: nothing to record, nothing pending.
    auto early = sign_up("early");
    CHECK(testing::count(t, "SELECT COUNT(*) FROM terms_acceptances") == 0);
    publish(t, "2020-01-01", "First terms");
    publish(t, "2999-01-01", "Later terms");
    auto camille = sign_up("camille");
    CHECK(testing::count(t, "SELECT COUNT(*) FROM terms_acceptances a JOIN accounts c ON "
                            "c.id = a.account_id JOIN legal_documents d ON d.id = a.document_id "
                            "WHERE c.username = 'camille' AND d.effective_date = '2020-01-01' "
                            "AND a.via = 'signup'") == 1);
    auto state = testing::answer(
        client.Get("/api/v1/agora/terms/pending", {{"Authorization", "Bearer " + camille}}), 200);
    CHECK(state["pending"] == false);
    CHECK(state["terms_of_service"].is_null());
    REQUIRE(state["acceptances"].size() == 1);
    CHECK(state["acceptances"][0]["effective_date"] == "2020-01-01");
    CHECK(state["acceptances"][0]["via"] == "signup");
    // The member who joined before any terms has them to accept.
    auto before = testing::answer(
        client.Get("/api/v1/agora/terms/pending", {{"Authorization", "Bearer " + early}}), 200);
    CHECK(before["pending"] == true);
    CHECK(before["terms_of_service"]["effective_date"] == "2020-01-01");
    CHECK(before["terms_of_service"]["succeeded_by"] == "2999-01-01");
}

TEST_CASE("terms acceptance: apps ask and record it", "[api][terms]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    auto nothing = call(client, "GET", "/api/v1/agora/terms/pending", alice);
    CHECK(nothing["pending"] == false);
    CHECK(nothing["acceptances"] == json::array());
    call(client, "POST", "/api/v1/agora/terms/accept", alice, "version=2020-01-01", 422);

    publish(t, "2020-01-01", "First");
    publish(t, "2021-01-01", "Second");
    auto pending = call(client, "GET", "/api/v1/agora/terms/pending", alice);
    CHECK(pending["pending"] == true);
    CHECK(pending["terms_of_service"]["effective_date"] == "2021-01-01");
    CHECK(pending["terms_of_service"]["agora"]["summary"] == "Second");

    auto old = call(client, "POST", "/api/v1/agora/terms/accept", alice, "version=2020-01-01", 422);
    CHECK(old["error"] == "Validation failed: Version is no longer in effect");
    call(client, "POST", "/api/v1/agora/terms/accept", alice, "version=2022-01-01", 422);
    call(client, "POST", "/api/v1/agora/terms/accept", alice, "version=soon", 422);
    call(client, "POST", "/api/v1/agora/terms/accept", alice, "", 422);
    CHECK(testing::count(t, "SELECT COUNT(*) FROM terms_acceptances") == 0);

    auto accepted = call(client, "POST", "/api/v1/agora/terms/accept", alice, "version=2021-01-01");
    CHECK(accepted["pending"] == false);
    REQUIRE(accepted["acceptances"].size() == 1);
    CHECK(accepted["acceptances"][0]["via"] == "app");
    std::string at = accepted["acceptances"][0]["accepted_at"];
    // Accepting again keeps the first record.
    auto again = call(client, "POST", "/api/v1/agora/terms/accept", alice, "version=2021-01-01");
    CHECK(again["acceptances"][0]["accepted_at"] == at);
    CHECK(testing::count(t, "SELECT COUNT(*) FROM terms_acceptances") == 1);

    // Scopes and tokens.
    testing::Member reader{alice.created, t.token_for(alice.created.account, "read")};
    call(client, "GET", "/api/v1/agora/terms/pending", reader);
    call(client, "POST", "/api/v1/agora/terms/accept", reader, "version=2021-01-01", 403);
    CHECK(client.Get("/api/v1/agora/terms/pending")->status == 401);
}

TEST_CASE("terms acceptance: members are told when a version takes effect, records are kept",
          "[api][terms]") {
    testing::TestNode t;
    auto admin = testing::staff(t, "boss", Role::admin);
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    CHECK(legal::announce_terms_in_effect(t.node().database()) == 0);
    publish(t, "2020-01-01", "First");
    call(client, "POST", "/api/v1/agora/terms/accept", bob, "version=2020-01-01");
    CHECK(legal::announce_terms_in_effect(t.node().database()) == 1); // alice only
    CHECK(legal::announce_terms_in_effect(t.node().database()) == 0); // once

    // Mastodon clients (no types[]) never see the Agora type; clients asking for it do.
    CHECK(call(client, "GET", "/api/v1/notifications", alice).empty());
    auto told = call(client, "GET", "/api/v1/notifications?types[]=agora.terms_update", alice);
    REQUIRE(told.size() == 1);
    CHECK(told[0]["type"] == "agora.terms_update");
    CHECK(told[0]["account"]["id"] == admin.id());
    CHECK(call(client, "GET", "/api/v1/notifications?types[]=agora.terms_update", bob).empty());
    CHECK(call(client, "GET", "/api/v1/notifications?types[]=mention&types[]=agora.terms_update",
               alice)
              .size() == 1);

    // A newer version: one notification per member (the latest), bob told too this time.
    publish(t, "2021-01-01", "Second");
    CHECK(legal::announce_terms_in_effect(t.node().database()) == 2);
    CHECK(call(client, "GET", "/api/v1/notifications?types[]=agora.terms_update", alice).size() ==
          1);
    CHECK(call(client, "GET", "/api/v1/notifications?types[]=agora.terms_update", bob).size() == 1);
    CHECK(testing::count(t, "SELECT COUNT(*) FROM terms_acceptances") == 1); // bob's is kept
}

TEST_CASE("terms acceptance: the sign-in page asks before granting", "[api][terms][web]") {
    testing::TestNode t;
    auto alice = t.create_account("alice");
    auto client = t.client();
    auto app = register_app(client);
    publish(t, "2020-01-01", "We now keep <nothing>");
    httplib::Params form{{"response_type", "code"},
                         {"client_id", app.client_id},
                         {"redirect_uri", "https://client.example/callback"},
                         {"scope", "read write"},
                         {"username", "alice"},
                         {"password", *alice.generated_password},
                         {"new_password", "my own new password"},
                         {"confirm_password", "my own new password"},
                         {"decision", "approve"},
                         {"lang", "en"}};
    auto asked = client.Post("/oauth/authorize", form);
    REQUIRE(asked);
    CHECK(asked->status == 200);
    CHECK_THAT(asked->body, Catch::Contains("The terms of service changed on"));
    CHECK_THAT(asked->body, Catch::Contains("What changed: We now keep &lt;nothing&gt;"));
    CHECK_THAT(asked->body, Catch::Contains("name=\"accept_terms\" value=\"2020-01-01\" required"));
    CHECK_THAT(asked->body, Catch::Contains("href=\"/terms/2020-01-01?lang=en\""));
    CHECK(asked->get_header_value("Location").empty());
    CHECK(testing::count(t, "SELECT COUNT(*) FROM oauth_codes") == 0);

    form.erase("new_password");
    form.erase("confirm_password");
    form.find("password")->second = "my own new password";
    form.emplace("accept_terms", "2019-01-01"); // not the version asked about
    auto wrong = client.Post("/oauth/authorize", form);
    REQUIRE(wrong);
    CHECK(wrong->status == 200);
    CHECK_THAT(wrong->body, Catch::Contains("accept_terms"));
    CHECK(testing::count(t, "SELECT COUNT(*) FROM terms_acceptances") == 0);

    form.find("accept_terms")->second = "2020-01-01";
    auto granted = client.Post("/oauth/authorize", form);
    REQUIRE(granted);
    CHECK(granted->status == 302);
    CHECK_THAT(granted->get_header_value("Location"),
               Catch::StartsWith("https://client.example/callback?code="));
    CHECK(testing::count(t, "SELECT COUNT(*) FROM terms_acceptances WHERE via = 'web'") == 1);

    // Accepted: the next sign-in goes straight through; French page when asked.
    form.erase("accept_terms");
    auto next = client.Post("/oauth/authorize", form);
    REQUIRE(next);
    CHECK(next->status == 302);
    publish(t, "2021-01-01", "Second");
    form.find("lang")->second = "fr";
    auto french = client.Post("/oauth/authorize", form);
    REQUIRE(french);
    CHECK(french->status == 200);
    CHECK_THAT(french->body, Catch::Contains("Les conditions d'utilisation ont changé le"));
}

TEST_CASE("terms acceptance: the pages show a banner for a recent or coming change",
          "[api][terms][web]") {
    testing::TestNode t;
    auto client = t.client();
    auto body = [&](const std::string& path) {
        auto res = client.Get(path);
        REQUIRE(res);
        return res->body;
    };
    publish(t, "2020-01-01", "Old");
    for (const char* path : {"/?lang=en", "/about?lang=en", "/about/rules?lang=en"})
        CHECK(body(path).find("class=\"notice\"") == std::string::npos);
    publish(t, legal::today_utc(), "Today");
    for (const char* path :
         {"/?lang=en", "/about?lang=en", "/about/rules?lang=en", "/terms?lang=en"}) {
        INFO(path);
        CHECK_THAT(body(path), Catch::Contains("The terms of service changed on <time datetime=\"" +
                                               legal::today_utc() + "\">"));
    }
    CHECK_THAT(body("/?lang=en"), Catch::Contains("href=\"/about\""));
    publish(t, "2999-01-01", "Later");
    CHECK_THAT(
        body("/about?lang=fr"),
        Catch::Contains("Les conditions d'utilisation changent le <time datetime=\"2999-01-01\">"));
}

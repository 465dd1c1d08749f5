// Terms of service and privacy policy over HTTP: Mastodon's /api/v1/instance/terms_of_service
// (in effect, by date) and /privacy_policy, safe rendering of hostile Markdown, and the pages
// /terms, /privacy, /about/rules and /about in French and English.
#include "legal/legal_documents.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"
#include "store/domain_policies_repo.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;

namespace {
json get(httplib::Client& client, const std::string& path, int expected = 200) {
    return testing::answer(client.Get(path), expected);
}

std::string page(httplib::Client& client, const std::string& path, int expected = 200,
                 const std::string& accept_language = "") {
    httplib::Headers headers;
    if (!accept_language.empty()) headers.emplace("Accept-Language", accept_language);
    auto res = client.Get(path, headers);
    REQUIRE(res);
    INFO(path << " " << res->status);
    CHECK(res->status == expected);
    CHECK_THAT(res->get_header_value("Content-Type"), Catch::StartsWith("text/html"));
    CHECK(res->body.find("<script") == std::string::npos);
    return res->body;
}

store::LegalDocument publish(testing::TestNode& t, const std::string& kind,
                             const std::string& source, const std::string& date,
                             const std::string& summary) {
    auto conn = t.node().database().acquire();
    store::Transaction tx(*conn);
    auto doc = legal::publish(*conn, {kind, source, date, summary});
    REQUIRE(doc);
    tx.commit();
    return *doc;
}

std::string publish_error(testing::TestNode& t, const std::string& kind, const std::string& source,
                          const std::string& date) {
    auto conn = t.node().database().acquire();
    auto doc = legal::publish(*conn, {kind, source, date, ""});
    REQUIRE_FALSE(doc);
    return doc.error();
}
} // namespace

TEST_CASE("terms of service: none yet is Mastodon's 404", "[api][legal]") {
    testing::TestNode t;
    auto client = t.client();
    for (const char* path : {"/api/v1/instance/terms_of_service", "/api/v1/instance/privacy_policy",
                             "/api/v1/instance/terms_of_service/2020-01-01"})
        CHECK(get(client, path, 404)["error"] == "Record not found");
    auto urls = get(client, "/api/v2/instance")["configuration"]["urls"];
    CHECK(urls["about"] == "https://agora.test/about");
    CHECK(urls["terms_of_service"].is_null());
    CHECK(urls["privacy_policy"].is_null());
    // An upcoming version alone is not in effect yet.
    publish(t, "terms", "# Terms\n", "2999-01-01", "first terms");
    CHECK(get(client, "/api/v1/instance/terms_of_service", 404)["error"] == "Record not found");
    CHECK(get(client, "/api/v1/instance/terms_of_service/2999-01-01")["effective"] == false);
    auto none = page(client, "/terms?lang=en", 404);
    CHECK_THAT(none, Catch::Contains("No version is in effect"));
    CHECK_THAT(none, Catch::Contains("The terms of service change on"));
}

TEST_CASE("terms of service: the version in effect, past and upcoming ones by date",
          "[api][legal]") {
    testing::TestNode t;
    auto client = t.client();
    publish(t, "terms", "# Terms\n\nBe *nice*.\n", "2020-01-01", "First terms");
    publish(t, "terms", "# Terms\n\nBe *kind*.\n", "2021-06-01", "Kind instead of nice");
    publish(t, "terms", "# Terms\n\nBe **kind**, always.\n", "2999-01-01", "Always");

    auto urls = get(client, "/api/v2/instance")["configuration"]["urls"];
    CHECK(urls["terms_of_service"] == "https://agora.test/terms");
    CHECK(urls["privacy_policy"].is_null());
    auto current = get(client, "/api/v1/instance/terms_of_service");
    CHECK(current["effective_date"] == "2021-06-01");
    CHECK(current["effective"] == true);
    CHECK(current["succeeded_by"] == "2999-01-01");
    CHECK(current["content"] == "<h1>Terms</h1>\n<p>Be <em>kind</em>.</p>\n");
    CHECK(current["agora"]["summary"] == "Kind instead of nice");

    auto first = get(client, "/api/v1/instance/terms_of_service/2020-01-01");
    CHECK(first["effective_date"] == "2020-01-01");
    CHECK(first["succeeded_by"] == "2021-06-01");
    CHECK_THAT(first["content"].get<std::string>(), Catch::Contains("<em>nice</em>"));
    auto next = get(client, "/api/v1/instance/terms_of_service/2999-01-01");
    CHECK(next["effective"] == false);
    CHECK(next["succeeded_by"].is_null());
    for (const char* bad : {"2020-01-02", "2020-13-01", "yesterday", "2020-1-1"})
        get(client, std::string("/api/v1/instance/terms_of_service/") + bad, 404);

    // History is not rewritten; dates are dates; texts are not empty nor huge.
    CHECK_THAT(publish_error(t, "terms", "x", "2021-06-01"),
               Catch::Contains("after that of the latest version (2999-01-01)"));
    CHECK_THAT(publish_error(t, "terms", "x", "3000-02-30"), Catch::Contains("YYYY-MM-DD"));
    CHECK_THAT(publish_error(t, "terms", " \n", "3001-01-01"), Catch::Contains("empty"));
    CHECK_THAT(publish_error(t, "terms", std::string(300 * 1024, 'a'), "3001-01-01"),
               Catch::Contains("too long"));
    CHECK_THAT(publish_error(t, "cookies", "x", "3001-01-01"), Catch::Contains("kind"));
    CHECK(testing::count(t, "SELECT COUNT(*) FROM legal_documents") == 3);

    // The pages: the version in effect, what changed, the history; in both languages.
    auto en = page(client, "/terms?lang=en");
    CHECK_THAT(en, Catch::Contains("<html lang=\"en\">"));
    CHECK_THAT(en, Catch::Contains("<h1>Terms of service</h1>"));
    CHECK_THAT(en, Catch::Contains("In effect since <time datetime=\"2021-06-01\">"));
    CHECK_THAT(en, Catch::Contains("What changed"));
    CHECK_THAT(en, Catch::Contains("Kind instead of nice"));
    CHECK_THAT(en, Catch::Contains("<p>Be <em>kind</em>.</p>"));
    CHECK_THAT(en, Catch::Contains("href=\"/terms/2020-01-01?lang=en\""));
    CHECK_THAT(en, Catch::Contains("href=\"/terms/2999-01-01?lang=en\""));
    CHECK_THAT(en, Catch::Contains("The terms of service change on"));
    auto fr = page(client, "/terms", 200, "fr-FR,fr;q=0.9");
    CHECK_THAT(fr, Catch::Contains("<html lang=\"fr\">"));
    CHECK_THAT(fr, Catch::Contains("<h1>Conditions d&#39;utilisation</h1>"));
    CHECK_THAT(fr, Catch::Contains("En vigueur depuis le"));
    CHECK_THAT(fr, Catch::Contains("Historique des versions"));
    auto old = page(client, "/terms/2020-01-01?lang=en");
    CHECK_THAT(old, Catch::Contains("This version is no longer in effect"));
    CHECK_THAT(old, Catch::Contains("<em>nice</em>"));
    auto upcoming = page(client, "/terms/2999-01-01?lang=fr");
    CHECK_THAT(upcoming, Catch::Contains("Cette version entrera en vigueur le"));
    page(client, "/terms/2020-01-02", 404);
    page(client, "/terms/nope", 404);
}

TEST_CASE("legal documents: hostile Markdown comes out harmless", "[api][legal]") {
    testing::TestNode t;
    auto client = t.client();
    std::string hostile = "# Terms\n\n<script>alert('x')</script>\n\n"
                          "Click [here](javascript:alert(1)) or [there](JaVaScRiPt:alert(2)) or "
                          "[data](data:text/html;base64,PHNjcmlwdD4=) or "
                          "<a href=\"https://ok.example\" onclick=\"steal()\">this</a>.\n\n"
                          "<img src=x onerror=\"steal()\">\n\n"
                          "<div onmouseover=\"steal()\">hover</div>\n\n"
                          "[fine](https://example.org/rules)\n";
    publish(t, "privacy", hostile, "2020-01-01", "<b>bold</b> summary");
    auto policy = get(client, "/api/v1/instance/privacy_policy");
    std::string html = policy["content"];
    INFO(html);
    for (const char* bad : {"<script", "javascript:", "JaVaScRiPt", "data:text", "onclick",
                            "onerror", "onmouseover", "<img", "<div"})
        CHECK(html.find(bad) == std::string::npos);
    CHECK_THAT(html, Catch::Contains("<a href=\"https://example.org/rules\">fine</a>"));
    CHECK(policy["updated_at"] == "2020-01-01T00:00:00.000Z");
    CHECK(policy["agora"]["summary"] == "<b>bold</b> summary");

    auto shown = page(client, "/privacy?lang=en");
    for (const char* bad : {"javascript:", "onclick", "onerror", "onmouseover", "<b>bold"})
        CHECK(shown.find(bad) == std::string::npos);
    CHECK_THAT(shown, Catch::Contains("&lt;b&gt;bold&lt;/b&gt; summary"));
    CHECK_THAT(shown, Catch::Contains("<h1>Privacy policy</h1>"));
    CHECK_THAT(shown, Catch::Contains("<a href=\"/api/v1/agora/data_policy\""));
    CHECK_THAT(page(client, "/privacy?lang=fr"),
               Catch::Contains("<h1>Politique de confidentialité</h1>"));
}

TEST_CASE("about pages: rules, links to what exists, published domain policies",
          "[api][legal][web]") {
    testing::TestNode t;
    auto admin = testing::staff(t, "boss", Role::admin);
    auto client = t.client();

    auto bare = page(client, "/about?lang=en");
    CHECK_THAT(bare, Catch::Contains("<h1>Agora Test</h1>"));
    CHECK_THAT(bare, Catch::Contains("A test instance"));
    CHECK_THAT(bare, Catch::Contains("has not published any rules yet"));
    CHECK(bare.find("href=\"/terms") == std::string::npos);
    CHECK(bare.find("href=\"/privacy") == std::string::npos);
    CHECK_THAT(bare, Catch::Contains("publicly restricts no other server"));

    call(client, "POST", "/api/v1/agora/admin/rules", admin, "text=Be+%3Ckind%3E&hint=No+insults");
    call(client, "POST", "/api/v1/agora/admin/rules", admin, "text=No+spam");
    call(client, "POST", "/api/v1/admin/domain_blocks", admin,
         "domain=spam.example&severity=suspend&public_comment=spam+farm");
    call(client, "POST", "/api/v1/admin/domain_blocks", admin,
         "domain=secret.example&severity=suspend&private=true");
    call(client, "POST", "/api/v1/admin/domain_blocks", admin,
         "domain=hidden-name.example&severity=silence&obfuscate=true&reject_media=true");
    publish(t, "terms", "Terms", "2020-01-01", "");
    publish(t, "privacy", "Privacy", "2020-01-01", "");

    auto rules = page(client, "/about/rules?lang=en");
    CHECK_THAT(rules, Catch::Contains("<h1>Server rules</h1>"));
    CHECK_THAT(rules, Catch::Contains("<li><strong>Be &lt;kind&gt;</strong><br>\nNo insults</li>"));
    CHECK(rules.find("Be &lt;kind&gt;") < rules.find("No spam"));
    CHECK_THAT(page(client, "/about/rules?lang=fr"), Catch::Contains("<h1>Règles du serveur</h1>"));

    auto about = page(client, "/about?lang=en");
    CHECK_THAT(about, Catch::Contains("href=\"/about/rules?lang=en\""));
    CHECK_THAT(about, Catch::Contains("href=\"/terms?lang=en\""));
    CHECK_THAT(about, Catch::Contains("href=\"/privacy?lang=en\""));
    CHECK_THAT(about, Catch::Contains("<li><a href=\"/api/v1/agora/data_policy\""));
    CHECK_THAT(about, Catch::Contains("No spam"));
    CHECK_THAT(about, Catch::Contains("<strong>spam.example</strong> : suspended"));
    CHECK_THAT(about, Catch::Contains("reason: spam farm"));
    CHECK(about.find("secret.example") == std::string::npos);
    CHECK(about.find("hidden-name.example") == std::string::npos);
    CHECK_THAT(about, Catch::Contains("limited, media refused"));
    auto fr = page(client, "/about?lang=fr");
    CHECK_THAT(fr, Catch::Contains("Serveurs modérés"));
    CHECK(fr.find("class=\"description\"") == std::string::npos);

    testing::TestNode described([](Config& c) {
        c.instance.extended_description = "Welcome to the <b>town</b> hall.\n\nBe kind.";
    });
    auto described_client = described.client();
    auto long_about = page(described_client, "/about?lang=en");
    CHECK_THAT(long_about,
               Catch::Contains("<div class=\"description\"><p>Welcome to the "
                               "&lt;b&gt;town&lt;/b&gt; hall.</p><p>Be kind.</p></div>"));
    CHECK_THAT(fr, Catch::Contains("suspendu"));
    CHECK_THAT(fr, Catch::Contains("raison : spam farm"));
}

// The web report form over HTTP (GET/POST /report): what it shows in French and English, reports
// filed through the visitor path (the switch, the shared limiter), errors that keep what was
// typed, the form token and cross-site refusals, 404s for what a visitor may not see, hostile text
// escaped; and the Report link of the public post and profile pages.
#include "moderation/report_categories.hpp"
#include "rig/fixtures.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"
#include "util/html_escape.hpp"
#include "util/time.hpp"
#include "web/form_token.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::count;
using testing::Member;
using testing::member;
using testing::post_status;

namespace {
const httplib::Headers in_english{{"Accept-Language", "en"}};
const httplib::Headers in_french{{"Accept-Language", "fr-FR,fr;q=0.9"}};

// GET `path`; requires `expected` and an HTML answer.
std::string page(httplib::Client& client, const std::string& path, int expected = 200,
                 const httplib::Headers& headers = in_english) {
    auto res = client.Get(path, headers);
    REQUIRE(res);
    INFO(path << " " << res->body);
    REQUIRE(res->status == expected);
    CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
    return res->body;
}

std::string form_path(const Member& who, const std::string& status_id = "") {
    return "/report?account_id=" + who.id() + (status_id.empty() ? "" : "&status_id=" + status_id);
}

// The hidden token of a served form.
std::string token_in(const std::string& html) {
    std::smatch m;
    REQUIRE(std::regex_search(html, m, std::regex("name=\"token\" value=\"([^\"]+)\"")));
    return m[1];
}

// The form fields as a browser sends them, `more` appended ("&comment=...").
std::string fields(const Member& who, const std::string& status_id, const std::string& token,
                   const std::string& more) {
    return "account_id=" + who.id() + "&status_id=" + status_id +
           "&token=" + httplib::detail::encode_query_param(token) + "&lang=en" + more;
}

httplib::Result post_form(httplib::Client& client, const std::string& body,
                          const httplib::Headers& headers = {{"Sec-Fetch-Site", "same-origin"}}) {
    return client.Post("/report", headers, body, "application/x-www-form-urlencoded");
}

std::int64_t reports(testing::TestNode& t) {
    return count(t, "SELECT COUNT(*) FROM reports");
}

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++n;
    return n;
}
} // namespace

TEST_CASE("report page: the form shows who and what, every category, and what is kept",
          "[api][web][report_page]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto client = t.client();
    std::string s = post_status(client, bob, "Achetez des faux billets ici")["id"];

    auto res = client.Get(form_path(bob, s), in_english);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const auto& html = res->body;
    CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
    CHECK_THAT(html, Catch::Contains("<h1>Report content</h1>"));
    CHECK_THAT(html, Catch::Contains("<a href=\"https://agora.test/@bob\">bob (display)</a>"));
    CHECK_THAT(html, Catch::Contains("@bob@agora.test"));
    CHECK_THAT(html, Catch::Contains("Achetez des faux billets ici"));
    CHECK_THAT(html, Catch::Contains("href=\"https://agora.test/@bob/" + s + "\""));
    CHECK_THAT(html, Catch::Contains("No account and no IP address are kept"));
    CHECK_THAT(html, Catch::Contains("<form method=\"post\" action=\"/report\">"));
    CHECK_THAT(html, Catch::Contains("name=\"account_id\" value=\"" + bob.id() + "\""));
    CHECK_THAT(html, Catch::Contains("name=\"status_id\" value=\"" + s + "\""));
    CHECK_THAT(html, Catch::Contains("<label for=\"comment\">"));
    CHECK_THAT(html, Catch::Contains("<textarea id=\"comment\" name=\"comment\""));
    CHECK_THAT(html, Catch::Contains("<label for=\"contact\">"));
    CHECK_THAT(html, Catch::Contains("<legend>Category (required)</legend>"));
    CHECK_THAT(html, !Catch::Contains("<script"));
    // The same categories as GET /api/v1/agora/report_categories, labelled in the page's language.
    auto doc = moderation::report_categories_document();
    for (const auto& c : doc["categories"]) {
        std::string id = c["id"];
        CHECK_THAT(html, Catch::Contains("name=\"category\" id=\"category-" + id + "\" value=\"" +
                                         id + "\""));
        CHECK_THAT(html, Catch::Contains(escape_html(c["label"]["en"].get<std::string>())));
    }
    for (const auto& c : doc["subcategories"])
        CHECK_THAT(html,
                   Catch::Contains("<option value=\"" + c["id"].get<std::string>() + "\">" +
                                   escape_html(c["label"]["en"].get<std::string>()) + "</option>"));
    CHECK(occurrences(html, "<option ") == doc["subcategories"].size() + 1); // and "not specified"
    CHECK_THAT(html, Catch::Contains("value=\"other\" checked"));
    CHECK_THAT(res->get_header_value("Content-Security-Policy"),
               Catch::Contains("form-action 'self'"));
    CHECK(res->get_header_value("X-Frame-Options") == "DENY");
    CHECK(res->get_header_value("Cache-Control") == "no-store");

    // French, chosen as every page chooses it (Accept-Language, or ?lang=).
    auto fr = page(client, form_path(bob, s), 200, in_french);
    CHECK_THAT(fr, Catch::StartsWith("<!DOCTYPE html>\n<html lang=\"fr\">"));
    CHECK_THAT(fr, Catch::Contains("<h1>Signaler un contenu</h1>"));
    CHECK_THAT(fr, Catch::Contains("ni compte ni adresse IP"));
    CHECK_THAT(fr, Catch::Contains(doc["categories"][0]["label"]["fr"].get<std::string>()));
    CHECK_THAT(fr, Catch::Contains("name=\"lang\" value=\"fr\""));
    CHECK_THAT(page(client, form_path(bob, s) + "&lang=fr"),
               Catch::Contains("<h1>Signaler un contenu</h1>"));

    // An account alone, without a post.
    auto account_only = page(client, form_path(bob));
    CHECK_THAT(account_only, Catch::Contains("@bob@agora.test"));
    CHECK_THAT(account_only, Catch::Contains("name=\"status_id\" value=\"\""));
    CHECK_THAT(account_only, !Catch::Contains("<blockquote"));
}

TEST_CASE("report page: a visitor's report is filed as the API files one, then confirmed",
          "[api][web][report_page]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto client = t.client();
    std::string s = post_status(client, bob, "illegal")["id"];
    auto token = token_in(page(client, form_path(bob, s)));

    auto res =
        post_form(client, fields(bob, s, token,
                                 "&category=legal&subcategory=scams_and_fraud"
                                 "&comment=Fake+tickets%2C+see+the+link&contact=me%40example.org"));
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 303);
    CHECK(res->get_header_value("Location") == "/report/sent?lang=en");
    CHECK(count(t, "SELECT COUNT(*) FROM reports WHERE account_id IS NULL AND origin = 'visitor' "
                   "AND target_account_id = " +
                       bob.id() +
                       " AND category = 'legal' AND subcategory = 'scams_and_fraud' "
                       "AND comment = 'Fake tickets, see the link' "
                       "AND contact = 'me@example.org' AND forwarded = 0") == 1);
    CHECK(count(t, "SELECT COUNT(*) FROM report_statuses WHERE status_id = " + s) == 1);
    t.drain_events();
    auto notes = call(client, "GET", "/api/v1/notifications", mod);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["type"] == "admin.report");
    CHECK(notes[0]["report"]["agora"]["origin"] == "visitor");

    auto sent = page(client, "/report/sent?lang=fr");
    CHECK_THAT(sent, Catch::Contains("<h1>Signalement envoyé</h1>"));
    CHECK_THAT(sent, Catch::Contains("ni compte ni adresse IP"));
    CHECK_THAT(page(client, "/report/sent"), Catch::Contains("<h1>Report sent</h1>"));

    // An account without a post, an empty contact: none kept.
    auto again = post_form(client, fields(bob, "", token_in(page(client, form_path(bob))),
                                          "&category=spam&subcategory=&comment=spam&contact=+"));
    REQUIRE(again);
    CHECK(again->status == 303);
    CHECK(count(t, "SELECT COUNT(*) FROM reports WHERE category = 'spam' AND subcategory IS NULL "
                   "AND contact IS NULL") == 1);
    CHECK(reports(t) == 2);
}

TEST_CASE("report page: invalid input comes back with its errors and what was typed",
          "[api][web][report_page]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto client = t.client();
    std::string s = post_status(client, bob, "hm")["id"];
    auto token = token_in(page(client, form_path(bob, s)));

    // A blank explanation, an unknown category and subcategory, a contact too long; hostile text
    // comes back escaped.
    auto res = post_form(client, fields(bob, s, token,
                                        "&category=nonsense&subcategory=%3Cb%3E&comment=+%0D%0A"
                                        "&contact=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E" +
                                            std::string(200, 'c')));
    REQUIRE(res);
    REQUIRE(res->status == 422);
    const auto& html = res->body;
    CHECK_THAT(html, Catch::Contains("<div role=\"alert\" class=\"error\">"));
    CHECK_THAT(html, Catch::Contains("<a href=\"#comment\">Explain what is wrong.</a>"));
    CHECK_THAT(html, Catch::Contains("<a href=\"#category\">Choose a category from the list.</a>"));
    CHECK_THAT(html, Catch::Contains("<a href=\"#subcategory\">"));
    CHECK_THAT(html, Catch::Contains("<a href=\"#contact\">"));
    CHECK_THAT(html, Catch::Contains("aria-invalid=\"true\" aria-describedby=\"comment-error\""));
    CHECK_THAT(html, Catch::Contains("aria-describedby=\"contact-error contact-hint\""));
    CHECK_THAT(html, Catch::Contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;ccc"));
    CHECK_THAT(html, !Catch::Contains("<script>"));
    CHECK_THAT(html, !Catch::Contains("<b>"));
    CHECK(reports(t) == 0);

    // A comment too long is kept as typed (escaped), a good category stays chosen.
    std::string long_comment = "<i>" + std::string(1000, 'x');
    res = post_form(client, fields(bob, s, token,
                                   "&category=spam&subcategory=violence&comment=" +
                                       httplib::detail::encode_query_param(long_comment)));
    REQUIRE(res);
    REQUIRE(res->status == 422);
    CHECK_THAT(res->body, Catch::Contains("The explanation is longer than 1000 characters."));
    CHECK_THAT(res->body, Catch::Contains("&lt;i&gt;" + std::string(1000, 'x') + "</textarea>"));
    CHECK_THAT(res->body, Catch::Contains("value=\"spam\" checked"));
    CHECK_THAT(res->body, Catch::Contains("<option value=\"violence\" selected>"));
    CHECK_THAT(res->body, !Catch::Contains("value=\"other\" checked"));
    CHECK(reports(t) == 0);

    // An unreadable body.
    auto bad = client.Post("/report", {{"Sec-Fetch-Site", "same-origin"}}, "{not json",
                           "application/json");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(reports(t) == 0);
}

TEST_CASE("report page: a form token from elsewhere or for another target is refused",
          "[api][web][report_page]") {
    testing::TestNode t;
    auto [bob, carol] = testing::members(t, "bob", "carol");
    auto client = t.client();
    std::string s = post_status(client, bob, "one")["id"];
    std::string other = post_status(client, bob, "two")["id"];
    auto token = token_in(page(client, form_path(bob, s)));
    const std::string words = "&category=spam&comment=kept+words";

    for (const std::string& forged :
         {std::string(), std::string("garbage"), std::string("1.abc"),
          web::FormTokens().issue("report|" + bob.id() + "|" + s, now_unix_ms())}) {
        auto res = post_form(client, fields(bob, s, forged, words));
        REQUIRE(res);
        CHECK(res->status == 422);
        CHECK_THAT(res->body, Catch::Contains("This form has expired"));
        CHECK_THAT(res->body, Catch::Contains(">kept words</textarea>"));
    }
    // The token names its target: not another post, nor the account alone.
    auto moved = post_form(client, fields(bob, other, token, words));
    REQUIRE(moved);
    CHECK(moved->status == 422);
    CHECK(post_form(client, fields(bob, "", token, words))->status == 422);
    // The refused form carries a fresh token that works.
    auto retried = post_form(client, fields(bob, s, token_in(moved->body), words));
    REQUIRE(retried);
    CHECK(retried->status == 422); // that fresh token is for `other`
    auto fresh = token_in(post_form(client, fields(bob, s, "x", words))->body);
    CHECK(post_form(client, fields(bob, s, fresh, words))->status == 303);
    CHECK(reports(t) == 1);
}

TEST_CASE("report page: form tokens expire", "[unit][web][report_page]") {
    web::FormTokens tokens("key");
    auto now = now_unix_ms();
    auto token = tokens.issue("report|1|2", now);
    CHECK(tokens.valid(token, "report|1|2", now));
    CHECK(tokens.valid(token, "report|1|2", now + web::FormTokens::lifetime_ms));
    CHECK_FALSE(tokens.valid(token, "report|1|2", now + web::FormTokens::lifetime_ms + 1));
    CHECK_FALSE(tokens.valid(token, "report|1|2", now - 10 * 60 * 1000)); // issued "later"
    CHECK_FALSE(tokens.valid(token, "report|1|", now));
    CHECK_FALSE(web::FormTokens("other key").valid(token, "report|1|2", now));
    // The time is signed: moving it breaks the signature.
    auto dot = token.find('.');
    auto moved = std::to_string(now + 1) + token.substr(dot);
    CHECK_FALSE(tokens.valid(moved, "report|1|2", now));
    CHECK_FALSE(tokens.valid("-5" + token.substr(dot), "report|1|2", now));
}

TEST_CASE("report page: posts sent from another site are refused", "[api][web][report_page]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto client = t.client();
    std::string s = post_status(client, bob, "one")["id"];
    const std::string words = "&category=spam&comment=words";
    auto form = [&] { return fields(bob, s, token_in(page(client, form_path(bob, s))), words); };

    for (const auto& headers : {httplib::Headers{{"Sec-Fetch-Site", "cross-site"}},
                                httplib::Headers{{"Sec-Fetch-Site", "same-site"}},
                                httplib::Headers{{"Origin", "https://evil.example"}},
                                httplib::Headers{{"Origin", "null"}},
                                httplib::Headers{{"Origin", "https://agora.test.evil.example"}}}) {
        auto res = post_form(client, form(), headers);
        REQUIRE(res);
        CHECK(res->status == 403);
        CHECK_THAT(res->body, Catch::Contains("This form can only be sent from this site."));
    }
    CHECK(reports(t) == 0);
    // This site's origin (its domain, or the host the request came to), or no word at all.
    CHECK(post_form(client, form(), {{"Origin", "https://agora.test"}})->status == 303);
    auto host = "127.0.0.1:" + std::to_string(t.port());
    CHECK(post_form(client, form(), {{"Origin", "http://" + host}})->status == 303);
    CHECK(post_form(client, form(), {{"Sec-Fetch-Site", "same-origin"}, {"Origin", "null"}})
              ->status == 303); // Sec-Fetch-Site is believed first
    CHECK(post_form(client, form(), {})->status == 303);
    CHECK(reports(t) == 4);
}

TEST_CASE("report page: what a visitor may not see is the 404 page", "[api][web][report_page]") {
    testing::TestNode t;
    auto [bob, carol, pending] = testing::members(t, "bob", "carol", "pending");
    auto client = t.client();
    std::string shown = post_status(client, bob, "visible")["id"];
    std::string hidden = post_status(client, bob, "Secret entre abonnés", "private")["id"];
    std::string direct = post_status(client, bob, "@carol direct", "direct")["id"];
    std::string carols = post_status(client, carol, "carol's")["id"];
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE users SET approved = 0 WHERE account_id = ?",
                    pending.created.account.id)
            .run();
    }
    auto token = token_in(page(client, form_path(bob, shown)));
    for (const std::string& path : std::vector<std::string>{
             "/report", "/report?account_id=424242", "/report?account_id=abc",
             "/report?account_id=" + pending.id(), form_path(bob, hidden), form_path(bob, direct),
             form_path(bob, carols), form_path(bob, "424242"), form_path(bob, "x")}) {
        auto html = page(client, path, 404);
        CHECK_THAT(html, !Catch::Contains("Secret"));
        CHECK_THAT(html, !Catch::Contains("<form"));
    }
    for (const auto& [who, status] : std::vector<std::pair<Member, std::string>>{
             {bob, hidden}, {bob, carols}, {pending, ""}, {bob, "424242"}}) {
        auto res = post_form(client, fields(who, status, token, "&category=spam&comment=x"));
        REQUIRE(res);
        CHECK(res->status == 404);
    }
    CHECK(reports(t) == 0);
}

TEST_CASE("report page: hostile names and posts are escaped", "[api][web][report_page]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto client = t.client();
    call(client, "PATCH", "/api/v1/accounts/update_credentials", bob,
         "display_name=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E");
    std::string s = post_status(client, bob, "<script>alert(2)</script> & \"quoted\"", "public",
                                "&spoiler_text=")["id"];
    auto html = page(client, form_path(bob, s));
    CHECK_THAT(html, Catch::Contains("&lt;img src=x onerror=alert(1)&gt;"));
    CHECK_THAT(html,
               Catch::Contains("&lt;script&gt;alert(2)&lt;/script&gt; &amp; &quot;quoted&quot;"));
    CHECK_THAT(html, !Catch::Contains("<img"));
    CHECK_THAT(html, !Catch::Contains("<script"));
}

TEST_CASE("report page: with visitor reports off, the form says an account is needed",
          "[api][web][report_page]") {
    testing::TestNode t([](Config& c) { c.moderation.visitor_reports = false; });
    auto bob = member(t, "bob");
    auto client = t.client();
    std::string s = post_status(client, bob, "one")["id"];
    auto html = page(client, form_path(bob, s));
    CHECK_THAT(html, Catch::Contains("reporting needs an account"));
    CHECK_THAT(html, !Catch::Contains("<form"));
    CHECK_THAT(page(client, form_path(bob, s), 200, in_french),
               Catch::Contains("il faut un compte pour signaler"));
    auto res = post_form(client, fields(bob, s, "1.x", "&category=spam&comment=words"));
    REQUIRE(res);
    CHECK(res->status == 403);
    CHECK_THAT(res->body, Catch::Contains("reporting needs an account"));
    CHECK(reports(t) == 0);
}

TEST_CASE("report page: the form and the API share the visitors' limit",
          "[api][web][report_page]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto client = t.client();
    std::string s = post_status(client, bob, "one")["id"];
    auto via_form = [&](int expected) {
        auto res = post_form(client, fields(bob, s, token_in(page(client, form_path(bob, s))),
                                            "&category=spam&comment=again"));
        REQUIRE(res);
        CHECK(res->status == expected);
        return res->body;
    };
    for (int i = 0; i < 3; ++i)
        via_form(303);
    for (int i = 0; i < 2; ++i)
        CHECK(client
                  .Post("/api/v1/reports", "account_id=" + bob.id() + "&comment=api",
                        "application/x-www-form-urlencoded")
                  ->status == 200);
    auto limited = via_form(429);
    CHECK_THAT(limited, Catch::Contains("Too many reports were sent this hour"));
    CHECK_THAT(limited, Catch::Contains(">again</textarea>"));
    CHECK(client
              .Post("/api/v1/reports", "account_id=" + bob.id() + "&comment=api",
                    "application/x-www-form-urlencoded")
              ->status == 429);
    CHECK(reports(t) == 5);
}

TEST_CASE("report page: public post and profile pages carry a Report link",
          "[api][web][report_page]") {
    testing::TestNode t;
    auto [alice, bob] = testing::members(t, "alice", "bob");
    auto client = t.client();
    std::string s = post_status(client, alice, "Bonjour")["id"];
    std::string reply = post_status(client, bob, "Réponse", "public", "&in_reply_to_id=" + s)["id"];

    auto post = page(client, "/@alice/" + s);
    CHECK_THAT(post, Catch::Contains("<a class=\"report\" href=\"/report?account_id=" + alice.id() +
                                     "&amp;status_id=" + s +
                                     "&amp;lang=en\" rel=\"nofollow\" aria-label=\"Report this "
                                     "post by alice (display)\">Report</a>"));
    // Each reply too, for its own author.
    CHECK_THAT(post, Catch::Contains("href=\"/report?account_id=" + bob.id() +
                                     "&amp;status_id=" + reply + "&amp;lang=en\""));
    auto post_fr = page(client, "/@alice/" + s, 200, in_french);
    CHECK_THAT(post_fr, Catch::Contains("aria-label=\"Signaler ce message de alice (display)\">"
                                        "Signaler</a>"));
    CHECK_THAT(post_fr, Catch::Contains("&amp;lang=fr\""));

    auto profile = page(client, "/@alice");
    CHECK_THAT(profile,
               Catch::Contains("<a class=\"report\" href=\"/report?account_id=" + alice.id() +
                               "&amp;lang=en\" rel=\"nofollow\" aria-label=\"Report the "
                               "account of alice (display)\">Report</a>"));
    CHECK_THAT(
        page(client, "/@alice", 200, in_french),
        Catch::Contains("aria-label=\"Signaler le compte de alice (display)\">Signaler</a>"));

    // The links lead to working forms.
    CHECK_THAT(page(client, "/report?account_id=" + alice.id() + "&status_id=" + s + "&lang=en"),
               Catch::Contains("Bonjour"));
    CHECK_THAT(page(client, "/report?account_id=" + alice.id() + "&lang=fr"),
               Catch::Contains("Signaler un contenu"));
}

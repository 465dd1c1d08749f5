// The public page of a status over HTTP (/@name/{id}): public and unlisted statuses only, with
// their author, content warning, media, poll, counts, parent and public replies; the 404 page for
// everything else, with nothing of it shown; a boost leads to what it boosts; French and English;
// everything members wrote escaped.
#include "rig/fixtures.hpp"
#include "rig/member.hpp"
#include "rig/test_images.hpp"
#include "rig/test_node.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::answer;
using testing::call;
using testing::Member;
using testing::member;
using testing::members;
using testing::post_status;

namespace {
const httplib::Headers in_english{{"Accept-Language", "en"}};
const std::string base = "https://agora.test";

// GET `path` as a browser would; requires `expected` and an HTML answer.
std::string page(httplib::Client& client, const std::string& path,
                 const httplib::Headers& headers = in_english, int expected = 200) {
    auto res = client.Get(path, headers);
    REQUIRE(res);
    INFO(path << " " << res->body);
    REQUIRE(res->status == expected);
    CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
    return res->body;
}

// The page path of a status posted by `who`.
std::string path_of(const Member& who, const json& status) {
    return "/@" + who.created.account.username + "/" + status["id"].get<std::string>();
}

json upload(httplib::Client& client, const Member& who, const std::string& description) {
    httplib::MultipartFormDataItems items{
        {"file", testing::make_image("png", 40, 30), "picture.png", "image/png"},
        {"description", description, "", ""}};
    return answer(client.Post("/api/v2/media", who.auth(), items), 200);
}

json post_json(httplib::Client& client, const Member& who, const json& body) {
    return answer(client.Post("/api/v1/statuses", who.auth(), body.dump(), "application/json"),
                  200);
}

void set_approved(testing::TestNode& t, const Member& who, bool approved) {
    auto conn = t.node().database().acquire();
    conn->query("UPDATE users SET approved = ? WHERE account_id = ?", std::int64_t(approved),
                who.created.account.id)
        .run();
}

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++n;
    return n;
}
} // namespace

TEST_CASE("status page: public and unlisted statuses, with author, time, counts and language",
          "[api][web][status_page]") {
    testing::TestNode t;
    auto [alice, bob, carol] = members(t, "alice", "bob", "carol");
    auto client = t.client();
    auto shown = post_status(client, alice, "Bonjour tout le monde", "public", "&language=fr");
    auto quiet = post_status(client, alice, "Discret mais visible", "unlisted");
    call(client, "POST", "/api/v1/statuses/" + shown["id"].get<std::string>() + "/favourite", bob);
    call(client, "POST", "/api/v1/statuses/" + shown["id"].get<std::string>() + "/favourite",
         carol);
    call(client, "POST", "/api/v1/statuses/" + shown["id"].get<std::string>() + "/reblog", bob);
    post_status(client, bob, "Réponse", "public",
                "&in_reply_to_id=" + shown["id"].get<std::string>());

    // The Status entity's url is this page.
    REQUIRE(shown["url"] == base + path_of(alice, shown));
    auto res = client.Get(path_of(alice, shown), in_english);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const auto& html = res->body;
    CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
    CHECK_THAT(html, Catch::Contains("<main>"));
    CHECK_THAT(html,
               Catch::Contains(
                   "<h1>Posted by <a href=\"https://agora.test/@alice\">alice (display)</a></h1>"));
    CHECK_THAT(html, Catch::Contains("@alice@agora.test"));
    CHECK_THAT(html,
               Catch::Contains("<title>alice (display): &quot;Bonjour tout le monde&quot; - "));
    CHECK_THAT(html, Catch::Contains("<div class=\"body\" lang=\"fr\">"));
    CHECK_THAT(html, Catch::Contains(shown["content"].get<std::string>()));
    CHECK_THAT(html, Catch::Contains("<time datetime=\"" + shown["created_at"].get<std::string>() +
                                     "\">"));
    CHECK_THAT(html, Catch::Contains("1 reply · 1 boost · 2 favourites"));
    CHECK_THAT(html, !Catch::Contains("Edited"));
    CHECK_THAT(html, !Catch::Contains("noindex"));
    CHECK_THAT(res->get_header_value("Content-Security-Policy"),
               Catch::Contains("default-src 'none'"));
    CHECK_THAT(res->get_header_value("Vary"), Catch::Contains("Accept"));
    // Any case of the name, and a trailing slash, reach the same page.
    CHECK(page(client, "/@ALICE/" + shown["id"].get<std::string>() + "/") == html);

    auto unlisted = page(client, path_of(alice, quiet));
    CHECK_THAT(unlisted, Catch::Contains("Discret mais visible"));
    CHECK_THAT(unlisted, Catch::Contains("0 replies · 0 boosts · 0 favourites"));
    CHECK_THAT(unlisted, Catch::Contains("<meta name=\"robots\" content=\"noindex\">"));
    CHECK_THAT(unlisted, Catch::Contains("No public replies."));
    CHECK_THAT(unlisted, !Catch::Contains("lang=\"fr\"")); // no language given, none claimed

    // An edited status says so, with the time of its last edit.
    auto edited = call(client, "PUT", "/api/v1/statuses/" + quiet["id"].get<std::string>(), alice,
                       "status=Discret+et+corrig%C3%A9");
    auto after = page(client, path_of(alice, quiet));
    CHECK_THAT(after, Catch::Contains("Discret et corrigé"));
    CHECK_THAT(after, Catch::Contains("Edited <time datetime=\"" +
                                      edited["edited_at"].get<std::string>() + "\">"));
}

TEST_CASE("status page: what a visitor may not read is the 404 page, with nothing of it",
          "[api][web][status_page]") {
    testing::TestNode t;
    auto [alice, bob, pending] = members(t, "alice", "bob", "pending");
    auto client = t.client();
    auto followers_only = post_status(client, alice, "Secret entre abonnés", "private");
    auto direct = post_status(client, alice, "@bob message direct", "direct");
    auto shown = post_status(client, alice, "Visible");
    auto withdrawn = post_status(client, pending, "Compte en attente");
    set_approved(t, pending, false);
    std::string remote_id;
    {
        // A remote account's public status: not a page of this server.
        auto conn = t.node().database().acquire();
        Account remote;
        remote.id = next_id();
        remote.username = "faraway";
        remote.domain = "elsewhere.test";
        remote.public_key_pem = "key";
        store::insert_account(*conn, remote);
        Status s;
        s.id = next_id();
        s.account_id = remote.id;
        s.uri = "https://elsewhere.test/statuses/1";
        s.local = false;
        s.content = "<p>remote words</p>";
        s.created_at = id_time_ms(s.id);
        store::insert_status(*conn, s);
        remote_id = std::to_string(s.id);
    }

    std::vector<std::string> hidden{
        path_of(alice, followers_only),
        path_of(alice, direct),
        path_of(pending, withdrawn),
        "/@bob/" + shown["id"].get<std::string>(),    // someone else's name
        "/@nobody/" + shown["id"].get<std::string>(), // no such account
        "/@alice/" + std::to_string(next_id()),       // no such status
        "/@alice/abc",                                // no id at all
        "/@alice/-1",
        "/@alice/99999999999999999999999",
        "/@faraway/" + remote_id,
        "/@faraway@elsewhere.test/" + remote_id,
    };
    for (const auto& path : hidden) {
        auto missing = page(client, path, in_english, 404);
        CHECK_THAT(missing, Catch::Contains("<html lang=\"en\">"));
        for (std::string word : {"Secret", "direct", "attente", "Visible", "remote", "alice"})
            CHECK_THAT(missing, !Catch::Contains(word));
        // The same answer whether the status exists or not.
        CHECK(missing == page(client, "/@alice/1", in_english, 404));
    }
    // Approved again, the account's status is shown.
    set_approved(t, pending, true);
    CHECK_THAT(page(client, path_of(pending, withdrawn)), Catch::Contains("Compte en attente"));
    // What the author and the recipient may read in the API stays out of the page all the same.
    CHECK(answer(client.Get("/api/v1/statuses/" + direct["id"].get<std::string>(), bob.auth()),
                 200)["id"] == direct["id"]);
}

TEST_CASE("status page: a boost leads to what it boosts; ActivityPub fetchers to the Note",
          "[api][web][status_page]") {
    testing::TestNode t;
    auto [alice, bob] = members(t, "alice", "bob");
    auto client = t.client();
    auto original = post_status(client, alice, "Original");
    auto boost = call(client, "POST",
                      "/api/v1/statuses/" + original["id"].get<std::string>() + "/reblog", bob);
    REQUIRE(boost["reblog"]["id"] == original["id"]);

    auto res = client.Get("/@bob/" + boost["id"].get<std::string>(), in_english);
    REQUIRE(res);
    CHECK(res->status == 302);
    CHECK(res->get_header_value("Location") == base + path_of(alice, original));
    CHECK_THAT(res->body, !Catch::Contains("Original"));
    // Under the booster's name only.
    page(client, "/@alice/" + boost["id"].get<std::string>(), in_english, 404);
    // Once the original is gone, so is the boost (and its address).
    call(client, "DELETE", "/api/v1/statuses/" + original["id"].get<std::string>(), alice);
    page(client, "/@bob/" + boost["id"].get<std::string>(), in_english, 404);

    // ActivityPub fetchers are sent to the status's id, where its Note is served; a boost's
    // address to the Note it boosts.
    auto shown = post_status(client, alice, "Public");
    auto quiet = post_status(client, alice, "Discret", "unlisted");
    auto hidden = post_status(client, alice, "Privé", "private");
    auto boosted =
        call(client, "POST", "/api/v1/statuses/" + shown["id"].get<std::string>() + "/reblog", bob);
    const std::vector<std::string> accepts{
        "application/activity+json",
        "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""};
    for (const auto& accept : accepts) {
        INFO(accept);
        for (const auto& [path, status] :
             std::vector<std::pair<std::string, json>>{{path_of(alice, shown), shown},
                                                       {path_of(alice, quiet), quiet},
                                                       {path_of(bob, boosted), shown}}) {
            INFO(path);
            auto fetched = client.Get(path, {{"Accept", accept}});
            REQUIRE(fetched);
            CHECK(fetched->status == 302);
            CHECK(fetched->get_header_value("Vary") == "Accept");
            auto location = fetched->get_header_value("Location");
            CHECK(location == status["uri"].get<std::string>());
            REQUIRE(location.starts_with(base));
            auto note = client.Get(location.substr(base.size()), {{"Accept", accept}});
            REQUIRE(note);
            REQUIRE(note->status == 200);
            auto object = json::parse(note->body);
            CHECK(object["type"] == "Note");
            CHECK(object["id"] == location);
            CHECK(object["url"] == base + path_of(alice, status));
        }
        // Private, unknown, under another name, a deleted boost's original: the same JSON 404.
        std::string first;
        for (const auto& path :
             {path_of(alice, hidden), "/@alice/" + std::to_string(next_id()),
              "/@bob/" + shown["id"].get<std::string>(), "/@bob/" + boost["id"].get<std::string>(),
              std::string("/@alice/abc")}) {
            INFO(path);
            auto fetched = client.Get(path, {{"Accept", accept}});
            REQUIRE(fetched);
            CHECK(fetched->status == 404);
            CHECK(json::parse(fetched->body) == json{{"error", "Record not found"}});
            if (first.empty()) first = fetched->body;
            CHECK(fetched->body == first);
        }
    }
}

TEST_CASE("status page: content warnings, media with alt text, hostile words escaped",
          "[api][web][status_page]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    call(client, "PATCH", "/api/v1/accounts/update_credentials", alice,
         "display_name=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E");
    auto picture = upload(client, alice, "Un \"chat\" <b>roux</b> & blanc");
    auto plain = upload(client, alice, "");
    auto warned = post_status(client, alice, "<script>alert(1)</script> & co", "public",
                              "&spoiler_text=%3Cb%3Eattention%3C%2Fb%3E&media_ids%5B%5D=" +
                                  picture["id"].get<std::string>() +
                                  "&media_ids%5B%5D=" + plain["id"].get<std::string>());
    auto html = page(client, path_of(alice, warned));
    // What members wrote is escaped: content, display name, content warning, alt text.
    CHECK_THAT(html, !Catch::Contains("<script>"));
    CHECK_THAT(html, !Catch::Contains("<img src=\"x"));
    CHECK_THAT(html, !Catch::Contains("<b>"));
    CHECK_THAT(html, Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    CHECK_THAT(html, Catch::Contains("&lt;img src=x onerror=alert(1)&gt;"));
    CHECK_THAT(html, Catch::Contains("<title>&lt;img src=x onerror=alert(1)&gt;: "
                                     "&quot;&lt;b&gt;attention&lt;/b&gt;&quot; - "));
    // The warning hides the content and the media until opened.
    auto details = html.find("<details>\n<summary>&lt;b&gt;attention&lt;/b&gt;</summary>");
    REQUIRE(details != std::string::npos);
    auto content = html.find("&lt;script&gt;alert(1)");
    auto image = html.find("<img ");
    auto closing = html.find("</details>");
    CHECK(details < content);
    CHECK(content < image);
    CHECK(image < closing);
    // Each image by its preview, with its alt text, linked to the original.
    CHECK_THAT(html, Catch::Contains("<a href=\"" + picture["url"].get<std::string>() +
                                     "\"><img src=\"" + picture["preview_url"].get<std::string>() +
                                     "\" alt=\"Un &quot;chat&quot; &lt;b&gt;roux&lt;/b&gt; &amp; "
                                     "blanc\""));
    CHECK_THAT(html, Catch::Contains("<img src=\"" + plain["preview_url"].get<std::string>() +
                                     "\" alt=\"\""));
    CHECK(occurrences(html, "<img ") == 2);
    // Images come from this server: the policy lets them in, and nothing else.
    auto res = client.Get(path_of(alice, warned), in_english);
    REQUIRE(res);
    CHECK(res->get_header_value("Content-Security-Policy") ==
          "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
    // The preview the page shows is served to a visitor.
    auto preview = client.Get(picture["preview_url"].get<std::string>().substr(base.size()));
    REQUIRE(preview);
    CHECK(preview->status == 200);

    // Sensitive media without a warning: the text shows, the media wait behind a summary.
    auto shy = upload(client, alice, "Nuit");
    auto sensitive = post_status(client, alice, "Photo de nuit", "public",
                                 "&sensitive=true&media_ids%5B%5D=" + shy["id"].get<std::string>());
    auto night = page(client, path_of(alice, sensitive));
    auto summary = night.find("<summary lang=\"en\">Sensitive content</summary>");
    REQUIRE(summary != std::string::npos);
    CHECK(night.find("Photo de nuit") < summary);
    CHECK(summary < night.find("alt=\"Nuit\""));
    CHECK_THAT(page(client, path_of(alice, sensitive) + "?lang=fr"),
               Catch::Contains("<summary lang=\"fr\">Contenu sensible</summary>"));
}

TEST_CASE("status page: polls show their counts unless hidden until the end",
          "[api][web][status_page]") {
    testing::TestNode t;
    auto [alice, bob, carol] = members(t, "alice", "bob", "carol");
    auto client = t.client();
    auto open = post_json(client, alice,
                          {{"status", "Thé ou café ?"},
                           {"poll", {{"options", {"Thé", "<i>Café</i>"}}, {"expires_in", 600}}}});
    auto secret = post_json(
        client, alice,
        {{"status", "Vote secret"},
         {"poll", {{"options", {"Oui", "Non"}}, {"expires_in", 600}, {"hide_totals", true}}}});
    auto vote = [&](const json& status, const Member& who, int choice) {
        answer(client.Post("/api/v1/polls/" + status["poll"]["id"].get<std::string>() + "/votes",
                           who.auth(), json{{"choices", {choice}}}.dump(), "application/json"),
               200);
    };
    vote(open, bob, 1);
    vote(open, carol, 1);
    vote(secret, bob, 0);

    auto html = page(client, path_of(alice, open));
    CHECK_THAT(html, Catch::Contains("<li>Thé <span lang=\"en\">(0 votes)</span></li>"));
    CHECK_THAT(html, Catch::Contains(
                         "<li>&lt;i&gt;Café&lt;/i&gt; <span lang=\"en\">(2 votes)</span></li>"));
    CHECK_THAT(html, Catch::Contains("2 people · Ends <time datetime=\"" +
                                     open["poll"]["expires_at"].get<std::string>() + "\">"));
    CHECK_THAT(html, !Catch::Contains("Closed"));
    auto fr = page(client, path_of(alice, open) + "?lang=fr");
    CHECK_THAT(fr, Catch::Contains("<li>Thé <span lang=\"fr\">(0 vote)</span></li>"));
    CHECK_THAT(fr, Catch::Contains("2 personnes · Se termine le"));

    auto hidden = page(client, path_of(alice, secret));
    CHECK_THAT(hidden, Catch::Contains("<li>Oui</li>"));
    CHECK_THAT(hidden, Catch::Contains("<li>Non</li>"));
    CHECK_THAT(hidden, !Catch::Contains("vote)"));
    CHECK_THAT(hidden, Catch::Contains("1 person · Ends"));
    CHECK_THAT(hidden, Catch::Contains("Results will be shown when the poll ends."));

    // Once ended: closed, and the hidden counts appear.
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE polls SET expires_at = ?", now_unix_ms() - 1000).run();
    }
    auto ended = page(client, path_of(alice, secret));
    CHECK_THAT(ended, Catch::Contains("<li>Oui <span lang=\"en\">(1 vote)</span></li>"));
    CHECK_THAT(ended, Catch::Contains("1 person · Closed"));
    CHECK_THAT(ended, !Catch::Contains("Results will be shown"));
    CHECK_THAT(page(client, path_of(alice, open) + "?lang=fr"),
               Catch::Contains("2 personnes · Sondage terminé"));
}

TEST_CASE("status page: the parent when visible, public replies oldest first, bounded",
          "[api][web][status_page]") {
    testing::TestNode t;
    auto [alice, bob, carol, pending] = members(t, "alice", "bob", "carol", "pending");
    auto client = t.client();
    call(client, "PATCH", "/api/v1/accounts/update_credentials", bob,
         "display_name=Bob+%3Cscript%3E");
    auto root = post_status(client, alice, "Racine du fil");
    auto reply_to = "&in_reply_to_id=" + root["id"].get<std::string>();
    auto first = post_status(client, bob, "Première réponse", "public", reply_to);
    post_status(client, carol, "Réponse entre abonnés", "private", reply_to);
    post_status(client, carol, "@alice réponse directe", "direct", reply_to);
    auto second = post_status(client, carol, "Deuxième réponse", "unlisted", reply_to);
    post_status(client, pending, "Réponse en attente", "public", reply_to);
    set_approved(t, pending, false);
    // A reply to a reply is on its parent's page, not on the root's.
    auto nested = post_status(client, alice, "Réponse imbriquée", "public",
                              "&in_reply_to_id=" + first["id"].get<std::string>());

    auto html = page(client, path_of(alice, root));
    CHECK_THAT(html, Catch::Contains("<h2 id=\"replies\">Replies</h2>"));
    CHECK_THAT(html, Catch::Contains("<section class=\"replies\" aria-labelledby=\"replies\">"));
    auto a = html.find("Première réponse"), b = html.find("Deuxième réponse");
    REQUIRE(a != std::string::npos);
    REQUIRE(b != std::string::npos);
    CHECK(a < b);
    for (std::string absent : {"entre abonnés", "réponse directe", "en attente", "imbriquée"})
        CHECK_THAT(html, !Catch::Contains(absent));
    CHECK_THAT(html, Catch::Contains("<h3><a href=\"https://agora.test/@bob\">Bob "
                                     "&lt;script&gt;</a></h3>"));
    CHECK_THAT(html, Catch::Contains("href=\"" + base + path_of(bob, first) + "\""));
    CHECK_THAT(html, !Catch::Contains("<script>"));
    CHECK_THAT(html, Catch::Contains("5 replies")); // Mastodon's count: all replies
    CHECK_THAT(html, !Catch::Contains("In reply to"));
    CHECK_THAT(html, !Catch::Contains("Only the first replies"));

    // A reply links to its parent.
    auto reply = page(client, path_of(bob, first));
    CHECK_THAT(reply, Catch::Contains("<p class=\"meta\">In reply to <a href=\"" + base +
                                      path_of(alice, root) + "\">alice (display)</a></p>"));
    CHECK_THAT(reply, Catch::Contains("Réponse imbriquée"));
    CHECK_THAT(page(client, path_of(bob, first) + "?lang=fr"), Catch::Contains("En réponse à"));
    // ...unless the visitor may not read the parent: then nothing of it.
    auto hidden_parent = post_status(client, alice, "Parent privé", "private");
    auto under_hidden = post_status(client, alice, "Sous un parent privé", "public",
                                    "&in_reply_to_id=" + hidden_parent["id"].get<std::string>());
    auto orphan = page(client, path_of(alice, under_hidden));
    CHECK_THAT(orphan, !Catch::Contains("In reply to"));
    CHECK_THAT(orphan, !Catch::Contains(hidden_parent["id"].get<std::string>()));
    CHECK_THAT(orphan, !Catch::Contains("Parent privé"));

    // At most 60 replies: the oldest, and a word saying there are more.
    auto busy = post_status(client, alice, "Fil animé");
    for (int i = 0; i < 61; ++i)
        post_status(client, bob, "Écho n" + std::to_string(i) + ".", "public",
                    "&in_reply_to_id=" + busy["id"].get<std::string>());
    auto crowded = page(client, path_of(alice, busy));
    CHECK_THAT(crowded, Catch::Contains("Écho n0."));
    CHECK_THAT(crowded, Catch::Contains("Écho n59."));
    CHECK_THAT(crowded, !Catch::Contains("Écho n60."));
    CHECK(occurrences(crowded, "<h3>") == 60);
    CHECK_THAT(crowded, Catch::Contains("Only the first replies are shown here."));
    CHECK_THAT(crowded, Catch::Contains("61 replies"));
}

TEST_CASE("status page: French by ?lang=fr or Accept-Language", "[api][web][status_page]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    auto shown = post_status(client, alice, "Salut");
    auto by_param = page(client, path_of(alice, shown) + "?lang=fr");
    CHECK_THAT(by_param, Catch::StartsWith("<!DOCTYPE html>\n<html lang=\"fr\">"));
    CHECK_THAT(by_param, Catch::Contains("<h1>Publié par "));
    CHECK_THAT(by_param, Catch::Contains("<title>alice (display) : « Salut » - "));
    CHECK_THAT(by_param, Catch::Contains("0 réponse · 0 partage · 0 favori"));
    CHECK_THAT(by_param, Catch::Contains("<h2 id=\"replies\">Réponses</h2>"));
    CHECK_THAT(by_param, Catch::Contains("Aucune réponse publique."));
    auto by_header = page(client, path_of(alice, shown), {{"Accept-Language", "fr-FR,fr;q=0.9"}});
    CHECK(by_header == by_param);
    // The 404 page too.
    CHECK_THAT(page(client, "/@alice/1", {{"Accept-Language", "fr"}}, 404),
               Catch::Contains("<html lang=\"fr\">"));
}

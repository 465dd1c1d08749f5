// The public hashtag page over HTTP (/tags/{name}): this server's public statuses only, newest
// first, paged by an "older" link, French and English, everything members wrote escaped, and 404
// for names that are no hashtag.
#include "rig/fixtures.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::member;
using testing::members;
using testing::post_status;

namespace {
const httplib::Headers in_english{{"Accept-Language", "en"}};

// GET `path` as a browser would; requires `expected` and an HTML answer.
httplib::Result page(httplib::Client& client, const std::string& path,
                     const httplib::Headers& headers = in_english, int expected = 200) {
    auto res = client.Get(path, headers);
    REQUIRE(res);
    INFO(path << " " << res->body);
    REQUIRE(res->status == expected);
    CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
    return res;
}

// The target of the page's "older" link, unescaped; empty when there is none.
std::string older_link(const std::string& html) {
    auto at = html.find("<a rel=\"next\" href=\"");
    if (at == std::string::npos) return "";
    at += 20;
    std::string href = html.substr(at, html.find('"', at) - at);
    for (std::size_t amp; (amp = href.find("&amp;")) != std::string::npos;)
        href.replace(amp, 5, "&");
    return href;
}

// A public status of a remote account carrying `tag`, as the inbox would store it.
void remote_status_with_tag(testing::TestNode& t, const std::string& tag) {
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
    s.content = "<p>remote #" + tag + "</p>";
    s.created_at = id_time_ms(s.id);
    store::insert_status(*conn, s);
    store::insert_status_tag(*conn, s.id, store::upsert_tag(*conn, tag, tag));
}
} // namespace

TEST_CASE("tag page: public local statuses only, newest first, escaped", "[api][web][tags]") {
    testing::TestNode t;
    auto [alice, bob, pending] = members(t, "alice", "bob", "pending");
    auto client = t.client();
    call(client, "PATCH", "/api/v1/accounts/update_credentials", bob,
         "display_name=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E");
    auto first = post_status(client, alice, "#Vélo premier");
    post_status(client, alice, "#velo discret", "unlisted");
    post_status(client, alice, "#velo entre abonnés", "private");
    post_status(client, alice, "@bob #velo secret", "direct");
    post_status(client, alice, "#marche ailleurs");
    post_status(client, pending, "#velo en attente");
    auto hostile = post_status(client, bob, "#velo <script>alert(1)</script> & co");
    auto warned = post_status(client, bob, "#velo caché", "public",
                              "&spoiler_text=%3Cb%3Eattention%3C%2Fb%3E&language=fr");
    remote_status_with_tag(t, "velo");
    {
        // An account whose approval is withdrawn is no longer shown.
        auto conn = t.node().database().acquire();
        conn->query("UPDATE users SET approved = 0 WHERE account_id = ?",
                    pending.created.account.id)
            .run();
    }

    auto res = page(client, "/tags/velo");
    const auto& html = res->body;
    CHECK_THAT(html, Catch::Contains("<html lang=\"en\">"));
    CHECK_THAT(html, Catch::Contains("<main>"));
    CHECK_THAT(html, Catch::Contains("<h1>#velo</h1>"));
    CHECK_THAT(html, Catch::Contains("Public posts from this server carrying this hashtag"));
    CHECK_THAT(res->get_header_value("Content-Security-Policy"),
               Catch::Contains("default-src 'none'"));
    // The public ones, each with its author, time and link; the newest first.
    CHECK_THAT(html, Catch::Contains("premier"));
    CHECK_THAT(html, Catch::Contains("href=\"https://agora.test/@alice\""));
    CHECK_THAT(html, Catch::Contains("href=\"https://agora.test/@alice/" +
                                     first["id"].get<std::string>() + "\""));
    CHECK_THAT(html, Catch::Contains("@alice@agora.test"));
    CHECK_THAT(html, Catch::Contains("<time datetime=\"" + first["created_at"].get<std::string>() +
                                     "\">"));
    CHECK_THAT(html, Catch::Contains("href=\"https://agora.test/@bob/" +
                                     hostile["id"].get<std::string>() + "\""));
    auto newest = html.find("attention"), middle = html.find("&lt;script&gt;"),
         oldest = html.find("premier");
    REQUIRE(newest != std::string::npos);
    CHECK(newest < middle);
    CHECK(middle < oldest);
    // Unlisted, private, direct, another tag, a withdrawn account, a remote status: absent.
    for (std::string absent : {"discret", "abonnés", "secret", "ailleurs", "en attente", "remote"})
        CHECK_THAT(html, !Catch::Contains(absent));
    // What members wrote is escaped: the content, the display name, the content warning.
    CHECK_THAT(html, !Catch::Contains("<script>"));
    CHECK_THAT(html, !Catch::Contains("<img"));
    CHECK_THAT(html, Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    CHECK_THAT(html, Catch::Contains("&lt;img src=x onerror=alert(1)&gt;"));
    CHECK_THAT(html, Catch::Contains("<summary>&lt;b&gt;attention&lt;/b&gt;</summary>"));
    CHECK_THAT(html, Catch::Contains("<article lang=\"fr\">"));
    CHECK_THAT(html, !Catch::Contains("rel=\"next\"")); // one page only
    CHECK(html.find(warned["id"].get<std::string>()) != std::string::npos);

    // The Tag entity's url, and the hashtag links in statuses, lead to this page.
    auto tag = testing::answer(client.Get("/api/v1/tags/velo"), 200);
    REQUIRE(tag["url"] == "https://agora.test/tags/velo");
    CHECK(page(client, tag["url"].get<std::string>().substr(18))->body == html);
    auto content = first["content"].get<std::string>();
    auto link = content.find("href=\"https://agora.test/tags/");
    REQUIRE(link != std::string::npos);
    link += 24; // the path, as the status wrote it (V%C3%A9lo)
    CHECK(page(client, content.substr(link, content.find('"', link) - link))->body == html);
    CHECK(page(client, "/tags/V%C3%A9LO")->body == html); // any case, any accent
}

TEST_CASE("tag page: older pages, French, nothing yet, no such hashtag", "[api][web][tags]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    for (int i = 0; i < 25; ++i)
        post_status(client, alice, "#Fil message n" + std::to_string(i) + ".");

    auto first = page(client, "/tags/fil")->body;
    for (int i = 5; i < 25; ++i)
        CHECK_THAT(first, Catch::Contains("message n" + std::to_string(i) + "."));
    CHECK(first.find("message n24.") < first.find("message n5."));
    CHECK_THAT(first, !Catch::Contains("message n4."));
    auto older = older_link(first);
    REQUIRE(older.starts_with("/tags/fil?max_id="));
    CHECK_THAT(first, Catch::Contains("<nav class=\"older\" aria-label=\"More pages\">"));
    auto second = page(client, older)->body;
    for (int i = 0; i < 5; ++i)
        CHECK_THAT(second, Catch::Contains("message n" + std::to_string(i) + "."));
    CHECK_THAT(second, !Catch::Contains("message n5."));
    CHECK(older_link(second).empty());
    // Past the end: said so, not "nothing yet".
    auto past = page(client, "/tags/fil?max_id=1")->body;
    CHECK_THAT(past, Catch::Contains("There are no older posts."));
    // A max_id that is no id is ignored.
    CHECK_THAT(page(client, "/tags/fil?max_id=abc")->body, Catch::Contains("message n24."));

    // French, by ?lang=fr (kept in the older link) or by Accept-Language.
    auto fr = page(client, "/tags/fil?lang=fr")->body;
    CHECK_THAT(fr, Catch::Contains("<html lang=\"fr\">"));
    CHECK_THAT(fr, Catch::Contains("Les messages publics de ce serveur qui portent ce hashtag"));
    auto fr_older = older_link(fr);
    CHECK_THAT(fr_older, Catch::EndsWith("&lang=fr"));
    auto fr_second = page(client, fr_older, {})->body;
    CHECK_THAT(fr_second, Catch::Contains("<html lang=\"fr\">"));
    CHECK_THAT(fr_second, Catch::Contains("message n0."));
    auto by_header = page(client, "/tags/fil", {{"Accept-Language", "fr-FR,fr;q=0.9"}})->body;
    CHECK_THAT(by_header, Catch::Contains("Messages plus anciens"));

    // A valid hashtag nobody used: a page that says there is nothing yet.
    auto unused = page(client, "/tags/Inconnu")->body;
    CHECK_THAT(unused, Catch::Contains("<h1>#Inconnu</h1>"));
    CHECK_THAT(unused, Catch::Contains("No public post carries this hashtag here yet."));
    CHECK_THAT(unused, !Catch::Contains("<article"));
    CHECK_THAT(page(client, "/tags/Inconnu?lang=fr")->body,
               Catch::Contains("Aucun message public ne porte encore ce hashtag ici."));

    // Names that are no hashtag: the 404 page, and nothing of the name echoed.
    for (const std::string& bad :
         std::vector<std::string>{"/tags/%3Cscript%3Ealert(1)%3B%3C%5Cscript%3E", "/tags/a-b",
                                  "/tags/123", "/tags/" + std::string(600, 'a'), "/tags/%FF"}) {
        auto missing = page(client, bad, in_english, 404)->body;
        CHECK_THAT(missing, Catch::Contains("<html lang=\"en\">"));
        CHECK_THAT(missing, !Catch::Contains("script"));
    }
    // A name with a slash is no route of the server at all.
    auto slash = client.Get("/tags/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    REQUIRE(slash);
    CHECK(slash->status == 404);
    CHECK_THAT(slash->body, !Catch::Contains("script"));
    // No ActivityPub representation: a fetcher gets a JSON 404.
    auto activity = client.Get("/tags/fil", {{"Accept", "application/activity+json"}});
    REQUIRE(activity);
    CHECK(activity->status == 404);
    CHECK(json::parse(activity->body).contains("error"));
}

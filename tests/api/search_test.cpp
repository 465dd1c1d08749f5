// Search over HTTP: accounts, statuses and hashtags as Mastodon finds them without Elasticsearch,
// local URLs resolved, parameters read as Mastodon reads them, and nothing found that the reader
// may not see.
#include "http/message.hpp"
#include "rig/fixtures.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"
#include "store/statuses_repo.hpp"
#include "util/time.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::follow;
using testing::Member;
using testing::member;
using testing::members;
using testing::post_status;
using testing::values_of;

namespace {
// GET /api/v2/search?... as `who` (nobody when null); requires `expected`, returns the JSON.
json search(httplib::Client& client, const std::string& query, const Member* who = nullptr,
            int expected = 200, const std::string& path = "/api/v2/search") {
    auto res = who ? client.Get(path + "?" + query, who->auth()) : client.Get(path + "?" + query);
    INFO(path << "?" << query);
    return testing::answer(res, expected);
}

std::string q(const std::string& text) {
    return "q=" + http::percent_encode(text);
}

using Names = std::vector<std::string>;

void set_display_name(testing::TestNode& t, const Member& who, const std::string& name) {
    auto conn = t.node().database().acquire();
    conn->query("UPDATE accounts SET display_name = ? WHERE id = ?", name, who.created.account.id)
        .run();
}

} // namespace

TEST_CASE("search: accounts by username, display name and handle", "[api][search]") {
    testing::TestNode t;
    auto [viewer, alice, alicia, jean, bob] =
        members(t, "viewer", "alice", "alicia", "jean", "bob");
    set_display_name(t, jean, "Jean Alibert");
    set_display_name(t, bob, "Bob Malibu");
    auto client = t.client();

    auto found = search(client, q("ali"), &viewer);
    // Usernames first (shortest first), then display names by the start of a word; "Malibu"
    // holds "ali" only inside a word.
    CHECK(values_of(found["accounts"], "username") == Names{"alice", "alicia", "jean"});
    CHECK(found["statuses"].empty());
    CHECK(found["hashtags"].empty());
    CHECK(values_of(search(client, q("ALI"), &viewer)["accounts"], "username") ==
          Names{"alice", "alicia", "jean"});
    CHECK(values_of(search(client, q("alib"), &viewer)["accounts"], "username") == Names{"jean"});
    CHECK(values_of(search(client, q("jean ali"), &viewer)["accounts"], "username") ==
          Names{"jean"});
    CHECK(search(client, q("libert"), &viewer)["accounts"].empty());
    // The accounts returned are whole Account entities.
    CHECK(found["accounts"][0]["id"] == alice.id());
    CHECK(found["accounts"][0]["acct"] == "alice");

    // Handles: the exact one comes first, with or without the leading @.
    for (std::string handle : {"@alicia@agora.test", "alicia@agora.test", "@AliCia@agora.test"}) {
        INFO(handle);
        auto by_handle = values_of(search(client, q(handle), &viewer)["accounts"], "username");
        REQUIRE(!by_handle.empty());
        CHECK(by_handle.front() == "alicia");
    }
    CHECK(values_of(search(client, q("@alice"), &viewer)["accounts"], "username") ==
          Names{"alice"});
    CHECK(search(client, q("alice@elsewhere.example"), &viewer)["accounts"].empty());

    // Accounts the viewer follows (or is followed by) come first; following=true keeps only them
    // and the viewer.
    follow(client, viewer, alicia);
    CHECK(values_of(search(client, q("ali"), &viewer)["accounts"], "username") ==
          Names{"alicia", "alice", "jean"});
    CHECK(values_of(search(client, q("ali") + "&following=true", &viewer)["accounts"],
                    "username") == Names{"alicia"});
    CHECK(search(client, q("@alice@agora.test") + "&following=true", &viewer)["accounts"].empty());
    CHECK(values_of(search(client, q("view") + "&following=true", &viewer)["accounts"],
                    "username") == Names{"viewer"});

    // type keeps one kind; an unknown type finds nothing (as Mastodon), without an error.
    CHECK(search(client, q("ali") + "&type=accounts", &viewer)["accounts"].size() == 3);
    CHECK(search(client, q("ali") + "&type=hashtags", &viewer)["accounts"].empty());
    auto bogus = search(client, q("ali") + "&type=bogus", &viewer);
    CHECK(bogus == json{{"accounts", json::array()},
                        {"statuses", json::array()},
                        {"hashtags", json::array()}});

    // limit and offset (offset only pages a single type, as Mastodon).
    CHECK(values_of(search(client, q("ali") + "&limit=1", &viewer)["accounts"], "username") ==
          Names{"alicia"});
    CHECK(values_of(search(client, q("ali") + "&limit=-2", &viewer)["accounts"], "username") ==
          Names{"alicia", "alice"});
    CHECK(search(client, q("ali") + "&limit=0", &viewer)["accounts"].empty());
    CHECK(search(client, q("ali") + "&limit=many", &viewer)["accounts"].empty());
    CHECK(
        values_of(search(client, q("ali") + "&type=accounts&offset=1&limit=1", &viewer)["accounts"],
                  "username") == Names{"alice"});
    CHECK(search(client, q("ali") + "&offset=1&limit=1", &viewer)["accounts"].size() == 1);
    CHECK(values_of(search(client, q("ali") + "&offset=1&limit=1", &viewer)["accounts"],
                    "username") == Names{"alicia"});
    CHECK(search(client, q("ali") + "&type=accounts&offset=-4", &viewer)["accounts"].size() == 3);
}

TEST_CASE("search: blocked, blocking and unapproved accounts are not found", "[api][search]") {
    testing::TestNode t;
    auto [viewer, blocker, blocked, pending, visible] =
        members(t, "viewer", "martin", "marthe", "marty", "marc");
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE users SET approved = 0 WHERE account_id = ?",
                    pending.created.account.id)
            .run();
    }
    auto client = t.client();
    call(client, "POST", "/api/v1/accounts/" + viewer.id() + "/block", blocker);
    call(client, "POST", "/api/v1/accounts/" + blocked.id() + "/block", viewer);

    CHECK(values_of(search(client, q("mar"), &viewer)["accounts"], "username") == Names{"marc"});
    for (std::string handle : {"martin@agora.test", "marthe@agora.test", "marty@agora.test"}) {
        INFO(handle);
        CHECK(search(client, q(handle), &viewer)["accounts"].empty());
        CHECK(search(client, q(handle) + "&resolve=true", &viewer)["accounts"].empty());
    }
    CHECK(search(client, q("https://agora.test/@martin") + "&resolve=true", &viewer)["accounts"]
              .empty());
    // Someone else still finds them all but the pending one.
    CHECK(values_of(search(client, q("mar"), &visible)["accounts"], "username") ==
          Names{"marc", "marthe", "martin"});
    CHECK(values_of(search(client, q("mar"), &viewer, 200, "/api/v1/accounts/search"),
                    "username") == Names{"marc"});
}

TEST_CASE("search: signed-out readers", "[api][search]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    post_status(client, alice, "ouvert à tous #Jardin");

    auto found = search(client, q("ali"));
    CHECK(values_of(found["accounts"], "username") == Names{"alice"});
    // Short queries only find an exact handle; statuses are never searched signed out.
    CHECK(search(client, q("al"))["accounts"].empty());
    CHECK(values_of(search(client, q("@alice@agora.test"))["accounts"], "username") ==
          Names{"alice"});
    CHECK(search(client, q("ouvert") + "&type=statuses")["statuses"].empty());
    auto tags = search(client, q("#jar"))["hashtags"];
    REQUIRE(tags.size() == 1);
    CHECK(tags[0]["name"] == "jardin");
    CHECK(!tags[0].contains("following"));

    // No paging and no resolving without a token (Mastodon's 401s).
    auto paged = search(client, q("ali") + "&offset=0", nullptr, 401);
    CHECK(paged["error"] == "Search queries pagination is not supported without authentication");
    auto resolving = search(client, q("https://agora.test/@alice") + "&resolve=true", nullptr, 401);
    CHECK(resolving["error"] ==
          "Search queries that resolve remote resources are not supported without authentication");
    search(client, q("ali") + "&resolve=false");
    // An app token (client_credentials) is no account: read as signed out.
    auto app = json::parse(
        client
            .Post("/api/v1/apps", httplib::Params{{"client_name", "Explorer"},
                                                  {"redirect_uris", "urn:ietf:wg:oauth:2.0:oob"},
                                                  {"scopes", "read"}})
            ->body);
    auto token = json::parse(client
                                 .Post("/oauth/token",
                                       httplib::Params{{"grant_type", "client_credentials"},
                                                       {"client_id", app["client_id"]},
                                                       {"client_secret", app["client_secret"]},
                                                       {"scope", "read"}})
                                 ->body)["access_token"]
                     .get<std::string>();
    httplib::Headers app_auth{{"Authorization", "Bearer " + token}};
    CHECK(testing::answer(client.Get("/api/v2/search?q=ali", app_auth), 200)["accounts"].size() ==
          1);
    CHECK(testing::answer(client.Get("/api/v2/search?q=ali&offset=1", app_auth), 401)["error"] ==
          "Search queries pagination is not supported without authentication");
    CHECK(testing::answer(client.Get("/api/v2/search?q=ouvert&type=statuses", app_auth),
                          200)["statuses"]
              .empty());

    // The accounts search of v1 needs a signed-in member.
    search(client, q("ali"), nullptr, 401, "/api/v1/accounts/search");
}

TEST_CASE("search: q is required", "[api][search]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    for (std::string query : {"", "q=", "q=%20%20", "type=accounts"}) {
        INFO(query);
        auto error = search(client, query, &alice, 400);
        CHECK(error["error"] == "param is missing or the value is empty: q");
    }
    // A token without the read:search scope is refused.
    auto narrow = t.token_for(alice.created.account, "read:statuses");
    auto res = client.Get("/api/v2/search?q=ali", {{"Authorization", "Bearer " + narrow}});
    REQUIRE(res);
    CHECK(res->status == 403);
}

TEST_CASE("search: statuses the reader wrote, favourited, bookmarked or is mentioned in",
          "[api][search]") {
    testing::TestNode t;
    auto [alice, bob, carol, dave, eve] = members(t, "alice", "bob", "carol", "dave", "eve");
    auto client = t.client();

    auto own = post_status(client, alice, "Le marché de Noël ouvre Samedi");
    auto own_private = post_status(client, alice, "marché: penser aux œufs", "private");
    auto favourited = post_status(client, bob, "Le marché aux puces est déplacé");
    auto untouched = post_status(client, bob, "marché sans rapport avec alice");
    auto mentioning = post_status(client, carol, "@alice le marché commence tôt", "direct");
    call(client, "POST", "/api/v1/statuses/" + std::string(favourited["id"]) + "/favourite", alice);
    // A followers-only status alice bookmarked while she followed dave: once she no longer
    // follows him she may not see it, so search must not show it either.
    follow(client, alice, dave);
    auto lost = post_status(client, dave, "marché réservé aux abonnés", "private");
    call(client, "POST", "/api/v1/statuses/" + std::string(lost["id"]) + "/bookmark", alice);
    call(client, "POST", "/api/v1/accounts/" + dave.id() + "/unfollow", alice);
    // A status by someone alice then blocks, and one by someone she mutes.
    auto blocked = post_status(client, eve, "marché bloqué");
    call(client, "POST", "/api/v1/statuses/" + std::string(blocked["id"]) + "/favourite", alice);
    call(client, "POST", "/api/v1/accounts/" + eve.id() + "/block", alice);
    auto muted = post_status(client, carol, "marché muet");
    call(client, "POST", "/api/v1/statuses/" + std::string(muted["id"]) + "/bookmark", alice);
    t.drain_events();

    auto found = search(client, q("marché") + "&type=statuses", &alice)["statuses"];
    CHECK(values_of(found, "id") ==
          Names{muted["id"], mentioning["id"], favourited["id"], own_private["id"], own["id"]});
    call(client, "POST", "/api/v1/accounts/" + carol.id() + "/mute", alice);
    CHECK(values_of(search(client, q("marché"), &alice)["statuses"], "id") ==
          Names{favourited["id"], own_private["id"], own["id"]});
    call(client, "POST", "/api/v1/accounts/" + carol.id() + "/unmute", alice);

    // Every word must appear; "phrases" stay whole; ASCII letters ignore case.
    CHECK(values_of(search(client, q("marché samedi"), &alice)["statuses"], "id") ==
          Names{own["id"]});
    CHECK(values_of(search(client, q("\"marché aux\""), &alice)["statuses"], "id") ==
          Names{favourited["id"]});
    CHECK(values_of(search(client, q("“marché aux”"), &alice)["statuses"], "id") ==
          Names{favourited["id"]});
    CHECK(search(client, q("\"aux marché\""), &alice)["statuses"].empty());
    // LIKE's wildcards are plain characters here.
    CHECK(search(client, q("%"), &alice)["statuses"].empty());
    CHECK(search(client, q("m_rché"), &alice)["statuses"].empty());

    // Nobody else finds alice's private status, nor bob's public one he never touched... except
    // bob, who wrote it.
    CHECK(values_of(search(client, q("marché"), &bob)["statuses"], "id") ==
          Names{untouched["id"], favourited["id"]});
    CHECK(search(client, q("œufs"), &bob)["statuses"].empty());
    CHECK(search(client, q("œufs"), &carol)["statuses"].empty());
    CHECK(values_of(search(client, q("œufs"), &alice)["statuses"], "id") ==
          Names{own_private["id"]});

    // account_id, max_id, min_id, limit and offset.
    CHECK(values_of(search(client, q("marché") + "&account_id=" + alice.id(), &alice)["statuses"],
                    "id") == Names{own_private["id"], own["id"]});
    CHECK(search(client, q("marché") + "&account_id=" + eve.id(), &alice)["statuses"].empty());
    search(client, q("marché") + "&account_id=999", &alice, 404);
    search(client, q("marché") + "&account_id=abc", &alice, 404);
    CHECK(values_of(search(client, q("marché") + "&max_id=" + std::string(mentioning["id"]),
                           &alice)["statuses"],
                    "id") == Names{favourited["id"], own_private["id"], own["id"]});
    CHECK(values_of(search(client, q("marché") + "&min_id=" + std::string(own_private["id"]),
                           &alice)["statuses"],
                    "id") == Names{muted["id"], mentioning["id"], favourited["id"]});
    CHECK(values_of(search(client, q("marché") + "&limit=2", &alice)["statuses"], "id") ==
          Names{muted["id"], mentioning["id"]});
    CHECK(values_of(
              search(client, q("marché") + "&type=statuses&limit=2&offset=2", &alice)["statuses"],
              "id") == Names{favourited["id"], own_private["id"]});
    CHECK(values_of(search(client, q("marché") + "&limit=2&offset=2", &alice)["statuses"], "id") ==
          Names{muted["id"], mentioning["id"]}); // offset needs a type
    // Results are whole Status entities, with the reader's state.
    auto fav = search(client, q("puces"), &alice)["statuses"];
    REQUIRE(fav.size() == 1);
    CHECK(fav[0]["favourited"] == true);
    CHECK(fav[0]["account"]["username"] == "bob");
}

TEST_CASE("search: resolve finds this instance's URLs and handles", "[api][search]") {
    testing::TestNode t;
    auto [alice, bob] = members(t, "alice", "bob");
    auto client = t.client();
    auto open = post_status(client, bob, "public");
    auto closed = post_status(client, bob, "followers only", "private");
    auto resolve = [&](const std::string& text, const std::string& extra = "") {
        return search(client, q(text) + "&resolve=true" + extra, &alice);
    };

    for (std::string url : {"https://agora.test/@bob", "https://agora.test/users/bob",
                            "https://agora.test/users/bob/", "https://agora.test/@bob?x=1"}) {
        INFO(url);
        auto found = resolve(url);
        CHECK(values_of(found["accounts"], "id") == Names{bob.id()});
        CHECK(found["statuses"].empty());
        CHECK(found["hashtags"].empty());
    }
    CHECK(values_of(resolve(open["url"])["statuses"], "id") == Names{open["id"]});
    CHECK(values_of(resolve(open["uri"])["statuses"], "id") == Names{open["id"]});
    CHECK(resolve(open["url"])["accounts"].empty());
    CHECK(resolve(open["url"], "&type=accounts")["statuses"].empty());
    CHECK(values_of(resolve(open["url"], "&type=statuses")["statuses"], "id") == Names{open["id"]});
    CHECK(resolve(open["url"], "&type=statuses&offset=1")["statuses"].empty());
    // What alice may not see does not resolve; neither do unknown or foreign URLs.
    CHECK(resolve(closed["url"])["statuses"].empty());
    CHECK(resolve(closed["uri"])["statuses"].empty());
    CHECK(values_of(search(client, q(closed["url"]) + "&resolve=true", &bob)["statuses"], "id") ==
          Names{closed["id"]});
    CHECK(resolve("https://agora.test/@alice/" + std::string(open["id"]))["statuses"].empty());
    CHECK(resolve("https://agora.test/@nobody")["accounts"].empty());
    CHECK(resolve("https://agora.test/@bob/notanid")["statuses"].empty());
    CHECK(resolve("https://elsewhere.example/@bob")["accounts"].empty());
    CHECK(resolve("https://agora.test.evil.example/@bob")["accounts"].empty());
    // Without resolve a URL is only text.
    CHECK(search(client, q("https://agora.test/@bob"), &alice)["accounts"].empty());
    // Handles resolve exactly.
    CHECK(values_of(resolve("@bob@agora.test")["accounts"], "id") == Names{bob.id()});
}

TEST_CASE("search: hashtags by prefix, with their recent use", "[api][search]") {
    testing::TestNode t;
    auto [alice, bob] = members(t, "alice", "bob");
    auto client = t.client();
    post_status(client, alice, "#Marché du jour");
    post_status(client, alice, "encore le #marche et les #Marchés");
    post_status(client, bob, "#MarcheNoel");
    post_status(client, bob, "#marché en privé", "private");
    post_status(client, bob, "rien à voir #promenade");

    auto tags = search(client, q("#Marché"), &alice)["hashtags"];
    CHECK(values_of(tags, "name") == Names{"marche", "marches", "marchenoel"});
    REQUIRE(tags.size() == 3);
    CHECK(tags[0]["url"] == "https://agora.test/tags/marche");
    CHECK(tags[0]["following"] == false);
    auto history = tags[0]["history"];
    REQUIRE(history.size() == 7);
    auto today = now_unix_ms() / 86'400'000 * 86'400;
    CHECK(history[0]["day"] == std::to_string(today));
    CHECK(history[1]["day"] == std::to_string(today - 86'400));
    // Two public statuses by one account: the private one is not counted.
    CHECK(history[0]["uses"] == "2");
    CHECK(history[0]["accounts"] == "1");
    CHECK(history[6]["uses"] == "0");
    CHECK(tags[2]["history"][0]["uses"] == "1");

    CHECK(values_of(search(client, q("marche") + "&exclude_unreviewed=true", &alice)["hashtags"],
                    "name") == Names{"marche"});
    CHECK(values_of(search(client, q("MARCHES"), &alice)["hashtags"], "name") == Names{"marches"});
    CHECK(values_of(search(client, q("marche") + "&type=hashtags&offset=1", &alice)["hashtags"],
                    "name") == Names{"marches", "marchenoel"});
    CHECK(search(client, q("#"), &alice)["hashtags"].empty());
    CHECK(search(client, q("%"), &alice)["hashtags"].empty());
}

TEST_CASE("search: limits are clamped as Mastodon clamps them", "[api][search]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    {
        auto conn = t.node().database().acquire();
        for (int i = 0; i < 45; ++i)
            store::upsert_tag(*conn, "velo" + std::to_string(100 + i), "velo");
    }
    auto client = t.client();
    CHECK(search(client, q("velo"), &alice)["hashtags"].size() == 20);
    CHECK(search(client, q("velo") + "&limit=100", &alice)["hashtags"].size() == 40);
    CHECK(search(client, q("velo") + "&limit=-7", &alice)["hashtags"].size() == 7);
    CHECK(search(client, q("velo") + "&type=hashtags&offset=40&limit=40", &alice)["hashtags"]
              .size() == 5);
    CHECK(search(client, q("velo") + "&offset=abc&type=hashtags", &alice)["hashtags"].size() == 20);
}

TEST_CASE("search: the v1 accounts search", "[api][search]") {
    testing::TestNode t;
    auto [viewer, alice, alicia] = members(t, "viewer", "alice", "alicia");
    auto client = t.client();
    auto accounts_search = [&](const std::string& query) {
        return search(client, query, &viewer, 200, "/api/v1/accounts/search");
    };
    CHECK(values_of(accounts_search(q("ali")), "username") == Names{"alice", "alicia"});
    CHECK(values_of(accounts_search(q("@alicia@agora.test")), "username").front() == "alicia");
    CHECK(values_of(accounts_search(q("ali") + "&limit=1&offset=1"), "username") ==
          Names{"alicia"});
    CHECK(accounts_search(q("ali") + "&following=true").empty());
    follow(client, viewer, alice);
    CHECK(values_of(accounts_search(q("ali") + "&following=true"), "username") == Names{"alice"});
    CHECK(accounts_search("").empty());
    CHECK(accounts_search(q("  ")).empty());
    CHECK(accounts_search(q("ali") + "&resolve=true").size() == 2);
    auto narrow = t.token_for(viewer.created.account, "read:statuses");
    auto res = client.Get("/api/v1/accounts/search?q=ali", {{"Authorization", "Bearer " + narrow}});
    REQUIRE(res);
    CHECK(res->status == 403);
}

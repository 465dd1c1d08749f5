// Actor documents and collections over HTTP, with content negotiation against the HTML profile.
#include "rig/test_node.hpp"
#include "store/accounts_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;

namespace {
const httplib::Headers activity_accept{{"Accept", "application/activity+json"}};

json get_activity(httplib::Client& client, const std::string& path) {
    auto res = client.Get(path, activity_accept);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/activity+json; charset=utf-8");
    return json::parse(res->body);
}
} // namespace

TEST_CASE("actor: the document carries every field a peer needs", "[integration][actor]") {
    testing::TestNode t;
    auto alice = t.create_account("alice");
    auto client = t.client();
    for (std::string accept :
         {"application/activity+json",
          "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
          "application/json"}) {
        INFO(accept);
        auto res = client.Get("/users/alice", {{"Accept", accept}});
        REQUIRE(res);
        REQUIRE(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == "application/activity+json; charset=utf-8");
        CHECK(res->get_header_value("Vary") == "Accept");
        auto a = json::parse(res->body);
        CHECK(a["@context"][0] == "https://www.w3.org/ns/activitystreams");
        CHECK(a["@context"][1] == "https://w3id.org/security/v1");
        CHECK(a["id"] == "https://agora.test/users/alice");
        CHECK(a["type"] == "Person");
        CHECK(a["preferredUsername"] == "alice");
        CHECK(a["name"] == "alice (display)");
        CHECK(a["summary"] == "");
        CHECK(a["url"] == "https://agora.test/@alice");
        CHECK(a["inbox"] == "https://agora.test/users/alice/inbox");
        CHECK(a["outbox"] == "https://agora.test/users/alice/outbox");
        CHECK(a["followers"] == "https://agora.test/users/alice/followers");
        CHECK(a["following"] == "https://agora.test/users/alice/following");
        CHECK(a["featured"] == "https://agora.test/users/alice/collections/featured");
        CHECK(a["endpoints"]["sharedInbox"] == "https://agora.test/inbox");
        CHECK(a["publicKey"]["id"] == "https://agora.test/users/alice#main-key");
        CHECK(a["publicKey"]["owner"] == "https://agora.test/users/alice");
        CHECK(a["publicKey"]["publicKeyPem"] == alice.account.public_key_pem);
        CHECK(a["manuallyApprovesFollowers"] == false);
        CHECK(a["discoverable"] == true);
        CHECK_THAT(a["published"].get<std::string>(), Catch::EndsWith("T00:00:00Z"));
    }
}

TEST_CASE("actor: a changed account is served fresh, not from the cache", "[integration][actor]") {
    testing::TestNode t;
    auto alice = t.create_account("alice");
    auto client = t.client();
    CHECK(get_activity(client, "/users/alice")["name"] == "alice (display)");
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE accounts SET display_name = 'Alice B.', updated_at = updated_at + 1 "
                    "WHERE id = ?",
                    alice.account.id)
            .run();
    }
    t.node().accounts_changed(); // what every service that edits an account's public data calls
    CHECK(get_activity(client, "/users/alice")["name"] == "Alice B.");
    CHECK(get_activity(client, "/users/ALICE")["name"] == "Alice B.");
}

TEST_CASE("actor: kinds map to actor types", "[integration][actor]") {
    testing::TestNode t;
    std::vector<std::pair<AccountKind, std::string>> kinds = {
        {AccountKind::person, "Person"},
        {AccountKind::organization, "Organization"},
        {AccountKind::public_body, "Organization"},
        {AccountKind::business, "Organization"},
        {AccountKind::group, "Group"},
        {AccountKind::bot, "Service"}};
    auto client = t.client();
    int n = 0;
    for (auto& [kind, type] : kinds) {
        std::string name = "k" + std::to_string(n++);
        t.create_account(name, kind);
        CHECK(get_activity(client, "/users/" + name)["type"] == type);
    }
}

TEST_CASE("actor: browsers get the HTML profile, unknown users 404", "[integration][actor]") {
    testing::TestNode t;
    t.create_account("alice", AccountKind::public_body);
    auto client = t.client();
    for (std::string path : {"/users/alice", "/@alice"}) {
        auto res = client.Get(path, {{"Accept", "text/html"}, {"Accept-Language", "en"}});
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
        CHECK_THAT(res->body, Catch::Contains("<html lang=\"en\">"));
        CHECK_THAT(res->body, Catch::Contains("@alice@agora.test"));
        CHECK_THAT(res->body, Catch::Contains("Public body"));
        CHECK_THAT(res->body, Catch::Contains("href=\"https://agora.test/users/alice\""));
    }
    auto fr = client.Get("/@alice", {{"Accept-Language", "fr-FR"}});
    REQUIRE(fr);
    CHECK_THAT(fr->body, Catch::Contains("Organisme public"));
    auto missing = client.Get("/users/nobody", activity_accept);
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(json::parse(missing->body).contains("error"));
    auto missing_html = client.Get("/@nobody");
    REQUIRE(missing_html);
    CHECK(missing_html->status == 404);
    auto wrong_method = client.Delete("/users/alice");
    REQUIRE(wrong_method);
    CHECK(wrong_method->status == 405);
}

TEST_CASE("actor: outbox pages list public statuses newest first", "[integration][actor]") {
    testing::TestNode t;
    auto alice = t.create_account("alice");
    std::vector<std::int64_t> ids;
    {
        auto conn = t.node().database().acquire();
        for (int i = 0; i < 25; ++i) {
            Status s{.id = next_id(),
                     .account_id = alice.account.id,
                     .content = "<p>post " + std::to_string(i) + "</p>",
                     .created_at = 1795370535000};
            s.visibility = i == 0 ? Visibility::private_
                                  : (i == 1 ? Visibility::unlisted : Visibility::public_);
            store::insert_status(*conn, s);
            ids.push_back(s.id);
        }
    }
    auto client = t.client();
    auto outbox = get_activity(client, "/users/alice/outbox");
    CHECK(outbox["type"] == "OrderedCollection");
    CHECK(outbox["totalItems"] == 24); // the followers-only one is not there
    CHECK(outbox["first"] == "https://agora.test/users/alice/outbox?page=true");

    auto first = get_activity(client, "/users/alice/outbox?page=true");
    CHECK(first["type"] == "OrderedCollectionPage");
    CHECK(first["partOf"] == "https://agora.test/users/alice/outbox");
    REQUIRE(first["orderedItems"].size() == 20);
    auto& newest = first["orderedItems"][0];
    CHECK(newest["type"] == "Create");
    CHECK(newest["actor"] == "https://agora.test/users/alice");
    CHECK(newest["object"]["id"] ==
          "https://agora.test/users/alice/statuses/" + std::to_string(ids.back()));
    CHECK(newest["object"]["content"] == "<p>post 24</p>");
    CHECK(newest["to"] == json({"https://www.w3.org/ns/activitystreams#Public"}));
    CHECK(newest["cc"] == json({"https://agora.test/users/alice/followers"}));

    auto next = first["next"].get<std::string>();
    auto second = get_activity(client, next.substr(std::string("https://agora.test").size()));
    REQUIRE(second["orderedItems"].size() == 4);
    auto& unlisted = second["orderedItems"][3];
    CHECK(unlisted["object"]["content"] == "<p>post 1</p>");
    CHECK(unlisted["to"] == json({"https://agora.test/users/alice/followers"}));
    CHECK(unlisted["cc"] == json({"https://www.w3.org/ns/activitystreams#Public"}));

    auto bad = client.Get("/users/alice/outbox?page=true&max_id=notanumber", activity_accept);
    REQUIRE(bad);
    CHECK(bad->status == 200); // an unreadable cursor reads as no cursor
}

TEST_CASE("actor: followers and following pages list actor ids", "[integration][actor]") {
    testing::TestNode t;
    auto alice = t.create_account("alice");
    auto bob = t.create_account("bob");
    {
        auto conn = t.node().database().acquire();
        store::insert_follow(*conn, next_id(), bob.account.id, alice.account.id, 1);
    }
    auto client = t.client();
    auto followers = get_activity(client, "/users/alice/followers");
    CHECK(followers["type"] == "OrderedCollection");
    CHECK(followers["totalItems"] == 1);
    CHECK(followers["first"] == "https://agora.test/users/alice/followers?page=1");
    auto page = get_activity(client, "/users/alice/followers?page=1");
    CHECK(page["type"] == "OrderedCollectionPage");
    CHECK(page["orderedItems"] == json({"https://agora.test/users/bob"}));
    CHECK_FALSE(page.contains("next"));
    auto following = get_activity(client, "/users/bob/following?page=1");
    CHECK(following["orderedItems"] == json({"https://agora.test/users/alice"}));
    CHECK(get_activity(client, "/users/alice/following")["totalItems"] == 0);
    auto featured = get_activity(client, "/users/alice/collections/featured");
    CHECK(featured["type"] == "OrderedCollection");
    CHECK(featured["totalItems"] == 0);
    auto featured_page = get_activity(client, featured["first"].get<std::string>().substr(18));
    CHECK(featured_page["type"] == "OrderedCollectionPage");
    CHECK(featured_page["orderedItems"] == json::array());
    auto none = client.Get("/users/nobody/followers", activity_accept);
    REQUIRE(none);
    CHECK(none->status == 404);
}

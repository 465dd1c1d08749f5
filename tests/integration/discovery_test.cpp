// Discovery over HTTP: WebFinger, host-meta and NodeInfo as other servers query them.
#include "rig/test_node.hpp"
#include "store/accounts_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;

namespace {
std::string webfinger_path(const std::string& resource) {
    return "/.well-known/webfinger?resource=" + http::percent_encode(resource);
}
} // namespace

TEST_CASE("webfinger: a local account by acct:, actor URL and profile URL",
          "[integration][webfinger]") {
    testing::TestNode t;
    t.create_account("alice");
    auto client = t.client();
    for (std::string resource :
         {"acct:alice@agora.test", "acct:ALICE@agora.test", "alice@agora.test",
          "https://agora.test/users/alice", "https://agora.test/@alice"}) {
        INFO(resource);
        auto res = client.Get(webfinger_path(resource));
        REQUIRE(res);
        REQUIRE(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == "application/jrd+json; charset=utf-8");
        CHECK(res->get_header_value("Access-Control-Allow-Origin") == "*");
        auto jrd = json::parse(res->body);
        CHECK(jrd["subject"] == "acct:alice@agora.test");
        CHECK(jrd["aliases"] ==
              json({"https://agora.test/@alice", "https://agora.test/users/alice"}));
        bool self = false, profile = false;
        for (const auto& link : jrd["links"]) {
            if (link["rel"] == "self") {
                self = true;
                CHECK(link["type"] == "application/activity+json");
                CHECK(link["href"] == "https://agora.test/users/alice");
            }
            if (link["rel"] == "http://webfinger.net/rel/profile-page") {
                profile = true;
                CHECK(link["type"] == "text/html");
                CHECK(link["href"] == "https://agora.test/@alice");
            }
        }
        CHECK(self);
        CHECK(profile);
    }
}

TEST_CASE("webfinger: bad resources get 400 or 404 with a JSON error", "[integration][webfinger]") {
    testing::TestNode t;
    t.create_account("alice");
    auto client = t.client();
    struct Case {
        std::string path;
        int status;
    };
    std::vector<Case> cases = {
        {"/.well-known/webfinger", 400},
        {"/.well-known/webfinger?resource=", 400},
        {webfinger_path("acct:alice"), 400},
        {webfinger_path("acct:alice@agora.test@evil.example"), 400},
        {"/.well-known/webfinger?resource=acct%zz", 400},
        {webfinger_path("acct:alice@elsewhere.example"), 404},
        {webfinger_path("https://elsewhere.example/users/alice"), 404},
        {webfinger_path("acct:nobody@agora.test"), 404},
        {webfinger_path("acct:bad name@agora.test"), 404},
        {webfinger_path("acct:" + std::string(5000, 'a') + "@agora.test"), 404},
    };
    for (const auto& c : cases) {
        INFO(c.path.substr(0, 120));
        auto res = client.Get(c.path);
        REQUIRE(res);
        CHECK(res->status == c.status);
        CHECK_THAT(res->get_header_value("Content-Type"), Catch::StartsWith("application/json"));
        CHECK(res->get_header_value("Access-Control-Allow-Origin") == "*"); // errors too
        CHECK(json::parse(res->body).contains("error"));
    }
    auto preflight = client.Options("/.well-known/webfinger");
    REQUIRE(preflight);
    CHECK(preflight->status == 204);
    CHECK(preflight->get_header_value("Access-Control-Allow-Origin") == "*");
    auto post = client.Post("/.well-known/webfinger", "{}", "application/json");
    REQUIRE(post);
    CHECK(post->status == 405);
}

TEST_CASE("host-meta: XRD and JSON point at WebFinger", "[integration][webfinger]") {
    testing::TestNode t;
    auto client = t.client();
    auto xrd = client.Get("/.well-known/host-meta");
    REQUIRE(xrd);
    CHECK(xrd->status == 200);
    CHECK(xrd->get_header_value("Content-Type") == "application/xrd+xml; charset=utf-8");
    CHECK_THAT(xrd->body,
               Catch::Contains("<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">"));
    CHECK_THAT(
        xrd->body,
        Catch::Contains("template=\"https://agora.test/.well-known/webfinger?resource={uri}\""));
    for (bool by_accept : {false, true}) {
        auto res = by_accept
                       ? client.Get("/.well-known/host-meta", {{"Accept", "application/json"}})
                       : client.Get("/.well-known/host-meta.json");
        REQUIRE(res);
        CHECK(res->status == 200);
        auto doc = json::parse(res->body);
        CHECK(doc["links"][0]["rel"] == "lrdd");
        CHECK(doc["links"][0]["template"] ==
              "https://agora.test/.well-known/webfinger?resource={uri}");
    }
}

TEST_CASE("nodeinfo: discovery document and 2.0 / 2.1 with real counts",
          "[integration][nodeinfo]") {
    testing::TestNode t;
    auto alice = t.create_account("alice");
    t.create_account("bob");
    {
        auto conn = t.node().database().acquire();
        for (int i = 0; i < 3; ++i) {
            Status s{.id = next_id(),
                     .account_id = alice.account.id,
                     .content = "<p>hello</p>",
                     .created_at = 1};
            store::insert_status(*conn, s);
        }
    }
    auto client = t.client();
    auto wk = client.Get("/.well-known/nodeinfo");
    REQUIRE(wk);
    REQUIRE(wk->status == 200);
    auto links = json::parse(wk->body)["links"];
    REQUIRE(links.size() == 2);
    CHECK(links[0]["rel"] == "http://nodeinfo.diaspora.software/ns/schema/2.0");
    CHECK(links[0]["href"] == "https://agora.test/nodeinfo/2.0");
    CHECK(links[1]["rel"] == "http://nodeinfo.diaspora.software/ns/schema/2.1");
    CHECK(links[1]["href"] == "https://agora.test/nodeinfo/2.1");
    for (std::string version : {"2.0", "2.1"}) {
        auto res = client.Get("/nodeinfo/" + version);
        REQUIRE(res);
        REQUIRE(res->status == 200);
        CHECK(res->get_header_value("Content-Type") ==
              "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/" + version +
                  "#\"");
        auto doc = json::parse(res->body);
        CHECK(doc["version"] == version);
        CHECK(doc["software"]["name"] == "agora");
        CHECK(doc["software"]["version"] == AGORA_VERSION);
        CHECK(doc["protocols"] == json({"activitypub"}));
        CHECK(doc["usage"]["users"]["total"] == 2);
        CHECK(doc["usage"]["users"]["activeMonth"] == 0);
        CHECK(doc["usage"]["localPosts"] == 3);
        CHECK(doc["openRegistrations"] == true);
        CHECK(doc["metadata"]["nodeName"] == "Agora Test");
        CHECK(doc["metadata"]["registrationsMode"] == "open");
    }
}

TEST_CASE("nodeinfo: closed and invite-only instances are not open", "[integration][nodeinfo]") {
    testing::TestNode t([](Config& c) { c.registrations.mode = RegistrationsMode::invite; });
    auto res = t.client().Get("/nodeinfo/2.1");
    REQUIRE(res);
    auto doc = json::parse(res->body);
    CHECK(doc["openRegistrations"] == false);
    CHECK(doc["metadata"]["registrationsMode"] == "invite");
}

// Router: path parameters, 404/405, HEAD, per-route body limits, ActivityPub/HTML negotiation.
#include "http/router.hpp"

#include <catch2/catch.hpp>

using namespace agora::http;

namespace {
Request make(std::string method, std::string path, std::string accept = "") {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.target = r.path;
    if (!accept.empty()) r.headers.emplace_back("Accept", accept);
    return r;
}

Router sample() {
    Router router;
    router.add("GET", "/users/{name}",
               [](Request& r) { return text_response(200, "html:" + r.param("name")); });
    router.add("GET", "/users/{name}",
               [](Request& r) { return text_response(200, "ap:" + r.param("name")); },
               {.representation = Representation::activity_json});
    router.add("GET", "/@{name}",
               [](Request& r) { return text_response(200, "at:" + r.param("name")); });
    router.add("POST", "/inbox", [](Request&) { return text_response(202, ""); },
               {.max_body_bytes = 4096});
    router.add("GET", "/users/{name}/outbox",
               [](Request& r) { return text_response(200, "outbox:" + r.param("name")); });
    return router;
}
} // namespace

TEST_CASE("router: parameters and prefixed segments", "[unit][router]") {
    auto router = sample();
    auto r = make("GET", "/@alice");
    CHECK(router.dispatch(r).body == "at:alice");
    r = make("GET", "/users/bob/outbox");
    CHECK(router.dispatch(r).body == "outbox:bob");
}

TEST_CASE("router: unknown paths are 404, other methods 405 with Allow", "[unit][router]") {
    auto router = sample();
    auto r = make("GET", "/nothing/here");
    CHECK(router.dispatch(r).status == 404);
    r = make("GET", "/@");
    CHECK(router.dispatch(r).status == 404);
    r = make("GET", "/users/");
    CHECK(router.dispatch(r).status == 404);
    r = make("DELETE", "/users/alice");
    auto res = router.dispatch(r);
    CHECK(res.status == 405);
    bool has_allow = false;
    for (auto& [k, v] : res.headers)
        if (k == "Allow") {
            has_allow = true;
            CHECK(v == "GET, HEAD");
        }
    CHECK(has_allow);
    r = make("GET", "/inbox");
    CHECK(router.dispatch(r).status == 405);
}

TEST_CASE("router: HEAD is answered by the GET route", "[unit][router]") {
    auto router = sample();
    auto r = make("HEAD", "/@carol");
    auto res = router.dispatch(r);
    CHECK(res.status == 200);
    CHECK(res.body == "at:carol");
}

TEST_CASE("router: Accept chooses between ActivityPub and HTML twins", "[unit][router]") {
    auto router = sample();
    for (std::string accept :
         {"application/activity+json",
          "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
          "application/json"}) {
        auto r = make("GET", "/users/alice", accept);
        auto res = router.dispatch(r);
        CHECK(res.body == "ap:alice");
        bool vary = false;
        for (auto& [k, v] : res.headers)
            vary |= (k == "Vary" && v == "Accept");
        CHECK(vary);
    }
    for (std::string accept : {"text/html", "*/*", "", "text/html, application/json;q=0.1",
                               "application/activity+json;q=0, text/html", "application/json;q=abc",
                               "text/html, application/json"}) {
        INFO(accept);
        auto r = make("GET", "/users/alice", accept);
        CHECK(router.dispatch(r).body == "html:alice");
    }
    for (std::string accept :
         {"application/activity+json, */*", "text/html;q=0.5, application/ld+json",
          "application/json, text/html"}) {
        INFO(accept);
        auto r = make("GET", "/users/alice", accept);
        CHECK(router.dispatch(r).body == "ap:alice");
    }
}

TEST_CASE("router: CORS routes answer preflights and mark every answer", "[unit][router]") {
    Router router;
    router.add("GET", "/api/thing", [](Request&) { return error_response(404, "missing"); },
               {.cors = true});
    router.add("GET", "/private", [](Request&) { return text_response(200, "ok"); });
    auto header = [](const Response& res, const std::string& name) {
        for (auto& [k, v] : res.headers)
            if (k == name) return v;
        return std::string();
    };
    auto r = make("GET", "/api/thing");
    auto res = router.dispatch(r);
    CHECK(res.status == 404);
    CHECK(header(res, "Access-Control-Allow-Origin") == "*");
    r = make("OPTIONS", "/api/thing");
    res = router.dispatch(r);
    CHECK(res.status == 204);
    CHECK(header(res, "Access-Control-Allow-Origin") == "*");
    CHECK(header(res, "Access-Control-Allow-Methods") == "GET, HEAD");
    CHECK_THAT(header(res, "Access-Control-Allow-Headers"), Catch::Contains("Authorization"));
    r = make("POST", "/api/thing");
    res = router.dispatch(r);
    CHECK(res.status == 405);
    CHECK(header(res, "Access-Control-Allow-Origin") == "*");
    r = make("GET", "/private");
    CHECK(header(router.dispatch(r), "Access-Control-Allow-Origin").empty());
    r = make("OPTIONS", "/private");
    CHECK(router.dispatch(r).status == 405);
}

TEST_CASE("router: body limits per route", "[unit][router]") {
    auto router = sample();
    CHECK(router.body_limit("POST", "/inbox") == 4096);
    CHECK(router.body_limit("GET", "/users/alice") == 0);
    CHECK(router.body_limit("POST", "/unknown") == 0);
}

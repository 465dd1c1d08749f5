// HTTP message helpers: percent-decoding, query parameters, headers, error bodies.
#include "http/message.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora::http;

TEST_CASE("message: percent decoding", "[unit][http]") {
    CHECK(percent_decode("acct%3Aalice%40example.org") == "acct:alice@example.org");
    CHECK(percent_decode("a+b", true) == "a b");
    CHECK(percent_decode("a+b", false) == "a+b");
    CHECK_FALSE(percent_decode("bad%2").has_value());
    CHECK_FALSE(percent_decode("bad%zz").has_value());
    CHECK_FALSE(percent_decode("%").has_value());
    CHECK(percent_encode("acct:a@b") == "acct%3Aa%40b");
}

TEST_CASE("message: query parameters and headers", "[unit][http]") {
    Request r;
    r.query = "resource=acct%3Aalice%40x.org&empty=&flag&page=2";
    r.headers = {{"content-TYPE", "text/plain"}};
    CHECK(r.query_param("resource") == "acct:alice@x.org");
    CHECK(r.query_param("empty") == "");
    CHECK(r.query_param("flag") == "");
    CHECK(r.query_param("page") == "2");
    CHECK_FALSE(r.query_param("missing").has_value());
    CHECK(r.header("Content-Type") == "text/plain");
    CHECK(r.header("Accept").empty());
}

TEST_CASE("message: errors are Mastodon-shaped JSON", "[unit][http]") {
    auto res = error_response(422, "Validation failed: \"x\"");
    CHECK(res.status == 422);
    CHECK(res.content_type == "application/json; charset=utf-8");
    CHECK(nlohmann::json::parse(res.body)["error"] == "Validation failed: \"x\"");
}

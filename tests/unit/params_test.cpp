// API parameters: query, form and JSON bodies, Rails-style nested keys, booleans.
#include "api/params.hpp"

#include <catch2/catch.hpp>

using agora::api::Params;
using agora::http::Request;

namespace {
Params parse(const std::string& query, const std::string& body = "", const std::string& type = "") {
    Request r;
    r.query = query;
    r.body = body;
    if (!type.empty()) r.headers.emplace_back("Content-Type", type);
    auto p = Params::from_request(r);
    REQUIRE(p.has_value());
    return *p;
}
} // namespace

TEST_CASE("params: form bodies and nested Rails keys", "[unit][api]") {
    auto p =
        parse("limit=5",
              "status=Hi+there%21&media_ids[]=1&media_ids[]=2&poll[options][]=a&poll[options][]=b"
              "&poll[expires_in]=600&sensitive=true",
              "application/x-www-form-urlencoded");
    CHECK(p.get("limit") == "5");
    CHECK(p.get("status") == "Hi there!");
    CHECK(p.list("media_ids") == std::vector<std::string>{"1", "2"});
    CHECK(p.list("poll[options]") == std::vector<std::string>{"a", "b"});
    CHECK(p.get("poll[expires_in]") == "600");
    CHECK(p.flag("sensitive") == true);
    CHECK_FALSE(p.get("missing").has_value());
    CHECK(p.list("missing").empty());
    CHECK(p.list("limit") == std::vector<std::string>{"5"}); // one bare value is a list of one

    auto indexed = parse("", "fields[0]=x&fields[1]=y", "application/x-www-form-urlencoded");
    CHECK(indexed.list("fields") == std::vector<std::string>{"x", "y"});
}

TEST_CASE("params: JSON bodies reach the same names", "[unit][api]") {
    auto p = parse(
        "",
        R"({"status":"Hi","media_ids":["1",2],"poll":{"options":["a","b"],"expires_in":600,"multiple":false},"sensitive":1})",
        "application/json; charset=utf-8");
    CHECK(p.get("status") == "Hi");
    CHECK(p.list("media_ids") == std::vector<std::string>{"1", "2"});
    CHECK(p.list("poll[options]") == std::vector<std::string>{"a", "b"});
    CHECK(p.get("poll[expires_in]") == "600");
    CHECK(p.flag("poll[multiple]") == false);
    CHECK(p.flag("sensitive") == true);
    CHECK(p.has("poll[options]"));
}

TEST_CASE("params: Rails booleans", "[unit][api]") {
    for (std::string yes : {"true", "1", "on", "t", "TRUE", "True"})
        CHECK(parse("b=" + yes).flag("b") == true);
    for (std::string no : {"false", "0", "off", "f", ""})
        CHECK(parse("b=" + no).flag("b") == false);
}

TEST_CASE("params: malformed bodies are refused", "[unit][api]") {
    Request r;
    r.body = "{oops";
    r.headers.emplace_back("Content-Type", "application/json");
    CHECK_FALSE(Params::from_request(r).has_value());
    r.body = "\"a string\"";
    CHECK_FALSE(Params::from_request(r).has_value());
    r.body = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') +
             "}"; // would overflow the stack
    auto deep = Params::from_request(r);
    REQUIRE_FALSE(deep.has_value());
    CHECK_THAT(deep.error(), Catch::Contains("nests too deeply"));
    r.body =
        R"({"text":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["})"; // inside a string
    CHECK(Params::from_request(r).has_value());
}

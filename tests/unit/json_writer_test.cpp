// The streaming JSON writer: commas and nesting placed for the caller, text that parses back to
// what was written, entities written before embedded as they are.
#include "util/json_writer.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <optional>

using agora::JsonWriter;
using nlohmann::json;

TEST_CASE("json writer: members, arrays and nesting parse back to the same document", "[json]") {
    std::string text;
    JsonWriter w(text);
    w.begin_object()
        .member("id", std::string("42"))
        .member("count", 3)
        .member("ratio", 0.5)
        .member("whole", 2.0)
        .member("yes", true)
        .member("none", nullptr)
        .member("absent", std::optional<std::string>())
        .member("present", std::optional<std::string>("here"))
        .empty_array_member("emojis");
    w.key("ids").begin_array().id(7).optional_id(std::nullopt).optional_id(9).end_array();
    w.key("nested").begin_array();
    for (int i = 0; i < 3; ++i)
        w.begin_object().member("i", i).key("inner").begin_array().end_array().end_object();
    w.end_array();
    w.key("document").document(json{{"a", 1}, {"b", {true, false}}});
    w.end_object();
    auto parsed = json::parse(text);
    CHECK(parsed ==
          json::parse(R"({"id":"42","count":3,"ratio":0.5,"whole":2.0,"yes":true,"none":null,
              "absent":null,"present":"here","emojis":[],"ids":["7",null,"9"],
              "nested":[{"i":0,"inner":[]},{"i":1,"inner":[]},{"i":2,"inner":[]}],
              "document":{"a":1,"b":[true,false]}})"));
    CHECK(text.find(",,") == std::string::npos);
    CHECK(text.find("{,") == std::string::npos);
    CHECK(text.find("[,") == std::string::npos);
}

TEST_CASE("json writer: raw text is embedded as it is, separated like any value", "[json]") {
    std::string account = R"({"id":"1","username":"alice"})";
    std::string text;
    JsonWriter w(text);
    w.begin_array().raw(account).raw(account).end_array();
    CHECK(text == "[" + account + "," + account + "]");

    std::string object;
    JsonWriter(object).begin_object().member_raw("account", account).member("n", 1).end_object();
    CHECK(object == R"({"account":{"id":"1","username":"alice"},"n":1})");
}

TEST_CASE("json writer: strings are escaped as nlohmann escapes them, bad UTF-8 replaced",
          "[json]") {
    std::string hostile = "</script><p onclick=\"x\">\\ \n\t\x01 é 🎉";
    std::string text;
    JsonWriter(text).begin_object().member("content", hostile).end_object();
    CHECK(text == json{{"content", hostile}}.dump());

    std::string broken = "ok \xC3\x28 end";
    std::string out;
    JsonWriter(out).string(broken);
    CHECK(json::parse(out).get<std::string>() == "ok \xEF\xBF\xBD( end");
}

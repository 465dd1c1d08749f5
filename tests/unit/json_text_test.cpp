// The fast JSON writer: the same text as nlohmann's dump() for valid documents, harmless text for
// invalid UTF-8.
#include "util/json_text.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using agora::to_json_text;
using nlohmann::json;

TEST_CASE("json text: the same as nlohmann's compact dump", "[json]") {
    std::vector<json> documents = {
        nullptr,
        true,
        json::array(),
        json::object(),
        -9223372036854775807LL - 1,
        18446744073709551615ULL,
        0.5,
        1.0,
        1.0 / 3,
        1e300,
        -2.5e-8,
        "",
        "plain",
        "quote \" backslash \\ slash / tab \t newline \n return \r bell \a nul " +
            std::string(1, '\0'),
        "\x1f\x7f",
        "accents é ç, CJK 漢字, emoji 🎉, RTL שלום",
        json::parse(R"({"b":[1,2,{"z":null,"a":"x"}],"a":{"nested":{"deep":[true,false]}},"":""})"),
        json::parse(
            R"([{"id":"1","content":"<p>Hello &amp; <a href=\"https://x.example/?a=1&b=2\">x</a></p>"}])"),
    };
    for (const auto& d : documents) {
        INFO(d.dump());
        CHECK(to_json_text(d) == d.dump());
    }
}

TEST_CASE("json text: invalid UTF-8 becomes U+FFFD, the rest is kept", "[json]") {
    const std::string replacement = "\xEF\xBF\xBD";
    std::vector<std::pair<std::string, std::string>> cases = {
        {"a\xFF"
         "b",
         "a" + replacement + "b"},                                                   // never valid
        {"\xC0\xAF", replacement + replacement},                                     // overlong '/'
        {"\xED\xA0\x80", replacement + replacement + replacement},                   // a surrogate
        {"end\xE2\x82", "end" + replacement + replacement},                          // cut short
        {"\xF4\x90\x80\x80", replacement + replacement + replacement + replacement}, // > U+10FFFF
        {"ok \xE2\x82\xAC", "ok \xE2\x82\xAC"},                                      // € is fine
    };
    for (const auto& [input, expected] : cases) {
        INFO(json(expected).dump());
        auto text = to_json_text(json(input));
        CHECK(text == "\"" + expected + "\"");
        CHECK_NOTHROW(json::parse(text)); // always valid JSON text
    }
}

TEST_CASE("json text: a character to escape is found at any position", "[json]") {
    for (const std::string& special :
         std::vector<std::string>{"\"", "\\", "\n", "\x01", "\x7f", "é", "\xFF"}) {
        for (std::size_t at = 0; at < 20; ++at) {
            std::string text(24, 'a');
            text.insert(at, special);
            INFO("at " << at << ": "
                       << json(text).dump(-1, ' ', false, json::error_handler_t::replace));
            CHECK(to_json_text(json(text)) ==
                  json(text).dump(-1, ' ', false, json::error_handler_t::replace));
        }
    }
}

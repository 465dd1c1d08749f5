// Lists of records in parameters (Rails nested attributes such as keywords_attributes), in the
// three forms clients send them.
#include "api/params.hpp"

#include <catch2/catch.hpp>

using agora::api::Params;
using agora::http::Request;
using Record = std::map<std::string, std::string>;

namespace {
Params parse(const std::string& body, const std::string& type) {
    Request r;
    r.body = body;
    r.headers.emplace_back("Content-Type", type);
    auto p = Params::from_request(r);
    REQUIRE(p.has_value());
    return *p;
}
} // namespace

TEST_CASE("params: records from key[][field] form entries", "[unit][params]") {
    auto p = parse("k[][keyword]=a&k[][whole_word]=true&k[][keyword]=b&k[][id]=7&other=x&k[]=y"
                   "&k[][bad][x]=z",
                   "application/x-www-form-urlencoded");
    auto records = p.records("k");
    REQUIRE(records.size() == 2);
    CHECK(records[0] == Record{{"keyword", "a"}, {"whole_word", "true"}});
    CHECK(records[1] == Record{{"keyword", "b"}, {"id", "7"}});
    CHECK(p.records("other").empty());
    CHECK(p.records("missing").empty());
}

TEST_CASE("params: records from key[N][field] form entries, in index order", "[unit][params]") {
    auto p = parse("k[1][keyword]=second&k[0][keyword]=first&k[0][_destroy]=1&k[x][keyword]=no"
                   "&k[10][keyword]=third",
                   "application/x-www-form-urlencoded");
    auto records = p.records("k");
    REQUIRE(records.size() == 3);
    CHECK(records[0] == Record{{"keyword", "first"}, {"_destroy", "1"}});
    CHECK(records[1] == Record{{"keyword", "second"}});
    CHECK(records[2] == Record{{"keyword", "third"}});
}

TEST_CASE("params: records from JSON arrays and index-keyed objects", "[unit][params]") {
    auto p = parse(R"({"k":[{"keyword":"a","whole_word":false,"id":12},"skip",{"keyword":null}],)"
                   R"("o":{"1":{"keyword":"b"},"0":{"keyword":"a"},"x":{"keyword":"no"}}})",
                   "application/json");
    auto records = p.records("k");
    REQUIRE(records.size() == 2);
    CHECK(records[0] == Record{{"keyword", "a"}, {"whole_word", "false"}, {"id", "12"}});
    CHECK(records[1].empty()); // null fields are not values
    auto indexed = p.records("o");
    REQUIRE(indexed.size() == 2);
    CHECK(indexed[0] == Record{{"keyword", "a"}});
    CHECK(indexed[1] == Record{{"keyword", "b"}});
    CHECK(p.given("o"));
    CHECK_FALSE(p.given("absent"));
}

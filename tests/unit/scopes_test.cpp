// OAuth scopes: parsing, Mastodon's hierarchy (read covers read:statuses, follow covers follows).
#include "oauth/scopes.hpp"

#include <catch2/catch.hpp>

using agora::oauth::Scopes;

TEST_CASE("scopes: parsing and defaults", "[unit][oauth]") {
    CHECK(Scopes::parse("")->text() == "read");
    CHECK(Scopes::parse("read write follow push")->text() == "read write follow push");
    CHECK(Scopes::parse("read+write:statuses")->text() == "read write:statuses");
    CHECK(Scopes::parse("read read")->list().size() == 1);
    CHECK_FALSE(Scopes::parse("read everything").has_value());
    CHECK_FALSE(Scopes::parse("write:nothing").has_value());
    CHECK(Scopes::parse("admin:read:accounts").has_value());
}

TEST_CASE("scopes: what a grant allows", "[unit][oauth]") {
    auto read = *Scopes::parse("read");
    CHECK(read.allows("read:statuses"));
    CHECK_FALSE(read.allows("write:statuses"));
    auto follow = *Scopes::parse("follow");
    CHECK(follow.allows("write:follows"));
    CHECK(follow.allows("read:blocks"));
    CHECK_FALSE(follow.allows("write:statuses"));
    auto granular = *Scopes::parse("write:statuses");
    CHECK(granular.allows("write:statuses"));
    CHECK_FALSE(granular.allows("write:media"));
    CHECK_FALSE(granular.allows("write"));
    CHECK(Scopes::parse("read write")->contains_all(*Scopes::parse("read:accounts write")));
    CHECK_FALSE(Scopes::parse("read")->contains_all(*Scopes::parse("read push")));
}

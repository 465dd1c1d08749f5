// WebFinger resource parsing: every accepted form, foreign domains and malformed input.
#include "federation/webfinger.hpp"

#include <catch2/catch.hpp>

using agora::federation::parse_resource;
using Kind = agora::federation::ResourceLookup::Kind;

TEST_CASE("webfinger: resource forms", "[unit][webfinger]") {
    auto check = [](std::string resource, Kind kind, std::string user = "") {
        INFO(resource);
        auto r = parse_resource(resource, "agora.test", "https://agora.test");
        CHECK(r.kind == kind);
        if (kind == Kind::username) CHECK(r.username == user);
    };
    check("acct:alice@agora.test", Kind::username, "alice");
    check("acct:Alice@AGORA.test", Kind::username, "Alice");
    check("alice@agora.test", Kind::username, "alice");
    check("acct:@alice@agora.test", Kind::username, "alice");
    check("https://agora.test/users/alice", Kind::username, "alice");
    check("https://agora.test/@alice", Kind::username, "alice");
    check("acct:alice@elsewhere.org", Kind::foreign);
    check("https://elsewhere.org/users/alice", Kind::foreign);
    check("acct:alice", Kind::malformed);
    check("acct:@agora.test", Kind::malformed);
    check("acct:alice@", Kind::malformed);
    check("acct:alice@agora.test@evil.org", Kind::malformed);
    check("alice", Kind::malformed);
    check("https://agora.test/users/alice/outbox", Kind::malformed);
    check("https://agora.test/about", Kind::malformed);
}

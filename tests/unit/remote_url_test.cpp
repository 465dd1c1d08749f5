// Remote URLs: strict parsing before connecting, origins, and redirect targets.
#include "federation/remote_url.hpp"

#include <catch2/catch.hpp>

using namespace agora::federation;

TEST_CASE("remote url: parts, authority and origin", "[unit][remote_url]") {
    auto u = parse_remote_url("HTTPS://Social.Example.ORG/users/Bob?x=1#main-key");
    REQUIRE(u);
    CHECK(u->scheme == "https");
    CHECK(u->host == "social.example.org");
    CHECK(u->port == 443);
    CHECK(u->target == "/users/Bob?x=1");
    CHECK(u->authority() == "social.example.org");
    CHECK(u->origin() == "https://social.example.org");
    CHECK(u->str() == "https://social.example.org/users/Bob?x=1");

    auto v = parse_remote_url("http://127.0.0.1:8080");
    REQUIRE(v);
    CHECK(v->target == "/");
    CHECK(v->authority() == "127.0.0.1:8080");
    auto w = parse_remote_url("https://[2001:db8::1]:8443/a");
    REQUIRE(w);
    CHECK(w->host == "2001:db8::1");
    CHECK(w->authority() == "[2001:db8::1]:8443");
    CHECK(parse_remote_url("https://example.org:443/")->authority() == "example.org");
    CHECK(parse_remote_url("http://example.org:80/")->authority() == "example.org");
    CHECK(parse_remote_url("https://example.org?q")->target == "/?q");
}

TEST_CASE("remote url: what is refused", "[unit][remote_url]") {
    for (const char* bad : {"",
                            "example.org/users/a",
                            "ftp://example.org/",
                            "javascript:alert(1)",
                            "https://",
                            "https:///path",
                            "https://user@example.org/",
                            "https://a:b@example.org/",
                            "https://example.org:0/",
                            "https://example.org:65536/",
                            "https://example.org:x/",
                            "https://example.org:/",
                            "https://exa mple.org/",
                            "https://example.org/a b",
                            "https://example.org/a\r\nHost: evil",
                            "https://ex%61mple.org/",
                            "https://-a.org/",
                            "https://a..org/",
                            "https://[::1/",
                            "https://[127.0.0.1]/",
                            "https://::1/",
                            "https://exämple.org/",
                            "https://example.org/caf\xc3\xa9",
                            "https://.org/"}) {
        INFO(bad);
        CHECK_FALSE(parse_remote_url(bad));
    }
}

TEST_CASE("remote url: redirect locations", "[unit][remote_url]") {
    auto base = *parse_remote_url("https://a.example/users/bob?x=1");
    CHECK(resolve_location(base, "https://b.example/x")->str() == "https://b.example/x");
    CHECK(resolve_location(base, "//c.example/y")->str() == "https://c.example/y");
    CHECK(resolve_location(base, "/other")->str() == "https://a.example/other");
    CHECK(resolve_location(base, "alice")->str() == "https://a.example/users/alice");
    CHECK(resolve_location(base, "?page=2")->str() == "https://a.example/users/bob?page=2");
    CHECK(resolve_location(base, "/a#frag")->str() == "https://a.example/a");
    CHECK_FALSE(resolve_location(base, ""));
    CHECK_FALSE(resolve_location(base, "ftp://b.example/"));
    CHECK_FALSE(resolve_location(base, "https://user@b.example/"));
    CHECK_FALSE(resolve_location(base, "/a b"));
}

TEST_CASE("remote url: same origin", "[unit][remote_url]") {
    CHECK(same_origin("https://a.example/x", "https://A.example:443/y#z"));
    CHECK_FALSE(same_origin("https://a.example/x", "http://a.example/x"));
    CHECK_FALSE(same_origin("https://a.example/x", "https://a.example:8443/x"));
    CHECK_FALSE(same_origin("https://a.example/x", "https://b.a.example/x"));
    CHECK_FALSE(same_origin("https://a.example/x", "not a url"));
}

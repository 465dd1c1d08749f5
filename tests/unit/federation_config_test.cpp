// The federation.* settings of the outbound client: defaults, values, environment, errors.
#include "config/config.hpp"
#include "federation/http_client.hpp"

#include <catch2/catch.hpp>

using namespace agora;

namespace {
const std::string base =
    "[instance]\ndomain = \"social.example.org\"\n[storage]\ndatabase = \"sqlite:a.db\"\n";
}

TEST_CASE("federation config: defaults are safe", "[unit][config]") {
    auto c = parse_config(base, "agora.toml", {});
    REQUIRE(c);
    CHECK_FALSE(c->federation.allow_private_addresses);
    CHECK_FALSE(c->federation.allow_http);
    CHECK(c->federation.connect_timeout_seconds == 5);
    CHECK(c->federation.request_timeout_seconds == 20);
    CHECK(c->federation.max_document_bytes == 1048576);
    CHECK(c->federation.actor_refresh_seconds == 86400);
    CHECK(c->federation.max_inbox_bytes == 1048576);
    CHECK_FALSE(c->federation.authorized_fetch);
    auto o = federation::HttpClientOptions::from_config(*c);
    CHECK_FALSE(o.allow_http);
    CHECK_FALSE(o.allow_private_addresses);
    CHECK(o.max_redirects == 3);
    CHECK(o.max_response_bytes == 1048576);
    CHECK(o.user_agent ==
          std::string("Agora/") + AGORA_VERSION + " (+https://social.example.org/)");
}

TEST_CASE("federation config: every key is read, from the file and the environment",
          "[unit][config]") {
    auto c = parse_config(base + "[federation]\nallow_private_addresses = true\nallow_http = "
                                 "true\nconnect_timeout = 2\nrequest_timeout = 9\n"
                                 "max_document_bytes = 65536\nactor_refresh_interval = 3600\n"
                                 "max_inbox_bytes = 32768\nauthorized_fetch = true\n",
                          "agora.toml", {});
    REQUIRE(c);
    CHECK(c->federation.allow_private_addresses);
    CHECK(c->federation.allow_http);
    CHECK(c->federation.connect_timeout_seconds == 2);
    CHECK(c->federation.request_timeout_seconds == 9);
    CHECK(c->federation.max_document_bytes == 65536);
    CHECK(c->federation.actor_refresh_seconds == 3600);
    CHECK(c->federation.max_inbox_bytes == 32768);
    CHECK(c->federation.authorized_fetch);
    auto e = parse_config(base, "agora.toml",
                          {{"AGORA_FEDERATION_ALLOW_HTTP", "true"},
                           {"AGORA_FEDERATION_MAX_DOCUMENT_BYTES", "20000"},
                           {"AGORA_FEDERATION_ACTOR_REFRESH_INTERVAL", "600"},
                           {"AGORA_FEDERATION_MAX_INBOX_BYTES", "2000000"},
                           {"AGORA_FEDERATION_AUTHORIZED_FETCH", "true"}});
    REQUIRE(e);
    CHECK(e->federation.allow_http);
    CHECK(e->federation.max_document_bytes == 20000);
    CHECK(e->federation.actor_refresh_seconds == 600);
    CHECK(e->federation.max_inbox_bytes == 2000000);
    CHECK(e->federation.authorized_fetch);
}

TEST_CASE("federation config: bad values name the key", "[unit][config]") {
    struct Case {
        std::string toml, key;
    };
    for (const auto& c : std::vector<Case>{
             {"allow_http = \"yes\"", "federation.allow_http"},
             {"authorized_fetch = 1", "federation.authorized_fetch"},
             {"connect_timeout = 0", "federation.connect_timeout"},
             {"connect_timeout = 61", "federation.connect_timeout"},
             {"request_timeout = 0", "federation.request_timeout"},
             {"request_timeout = 301", "federation.request_timeout"},
             {"max_document_bytes = 100", "federation.max_document_bytes"},
             {"max_document_bytes = 1000000000", "federation.max_document_bytes"},
             {"actor_refresh_interval = 5", "federation.actor_refresh_interval"},
             {"max_inbox_bytes = 1000", "federation.max_inbox_bytes"},
             {"max_inbox_bytes = 100000000", "federation.max_inbox_bytes"},
             {"connect_timeout = 30\nrequest_timeout = 10", "federation.connect_timeout"},
         }) {
        INFO(c.toml);
        auto parsed = parse_config(base + "[federation]\n" + c.toml + "\n", "agora.toml", {});
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().key == c.key);
    }
}

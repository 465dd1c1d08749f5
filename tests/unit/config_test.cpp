// Configuration: TOML parsing, defaults, environment overrides and one-line errors.
#include "config/config.hpp"

#include <catch2/catch.hpp>

using namespace agora;

namespace {
const char* minimal =
    "[instance]\ndomain = \"social.example.org\"\n[storage]\ndatabase = \"sqlite:data/agora.db\"\n";

ConfigError error_of(const std::string& toml, const Environment& env = {}) {
    auto c = parse_config(toml, "agora.toml", env);
    REQUIRE_FALSE(c.has_value());
    return c.error();
}
} // namespace

TEST_CASE("config: a minimal file gets documented defaults", "[unit][config]") {
    auto c = parse_config(minimal, "agora.toml", {});
    REQUIRE(c.has_value());
    CHECK(c->instance.domain == "social.example.org");
    CHECK(c->http.public_url == "https://social.example.org");
    CHECK(c->http.listen_host == "127.0.0.1");
    CHECK(c->http.listen_port == 8080);
    CHECK(c->http.threads == 1);
    CHECK(c->storage.database_path == "data/agora.db");
    CHECK(c->storage.media_dir == "data/media");
    CHECK_FALSE(c->federation.allow_private_addresses);
    CHECK(c->registrations.mode == RegistrationsMode::approval);
    CHECK(c->instance.languages == std::vector<std::string>{"fr", "en"});
}

TEST_CASE("config: the example file is valid", "[unit][config]") {
    auto c = load_config(AGORA_SOURCE_DIR "/agora.example.toml", {});
    INFO((c ? "" : c.error().line()));
    REQUIRE(c.has_value());
    CHECK(c->http.public_url == "http://localhost:8080");
    CHECK(c->instance.domain == "localhost:8080");
}

TEST_CASE("config: every documented key is read", "[unit][config]") {
    auto c = parse_config(R"(
[instance]
domain = "Town.Example.org"
title = "Ma ville"
description = "Espace des habitants"
languages = ["fr"]
admin_username = "mairie"
[http]
listen = "[::1]:9000"
public_url = "https://town.example.org/"
threads = 4
max_header_bytes = 8192
max_body_bytes = 2048
request_timeout = 7
idle_timeout = 8
shutdown_timeout = 9
access_log = false
[storage]
database = "sqlite:/var/lib/agora/agora.db"
media_dir = "/var/lib/agora/media"
[federation]
allow_private_addresses = true
[registrations]
mode = "invite"
[log]
level = "debug"
)",
                          "agora.toml", {});
    REQUIRE(c.has_value());
    CHECK(c->instance.domain == "town.example.org");
    CHECK(c->instance.title == "Ma ville");
    CHECK(c->instance.description == "Espace des habitants");
    CHECK(c->instance.languages == std::vector<std::string>{"fr"});
    CHECK(c->instance.admin_username == "mairie");
    CHECK(c->http.listen_host == "::1");
    CHECK(c->http.listen_port == 9000);
    CHECK(c->http.public_url == "https://town.example.org");
    CHECK(c->http.threads == 4);
    CHECK(c->http.max_header_bytes == 8192);
    CHECK(c->http.max_body_bytes == 2048);
    CHECK(c->http.request_timeout_seconds == 7);
    CHECK(c->http.idle_timeout_seconds == 8);
    CHECK(c->http.shutdown_timeout_seconds == 9);
    CHECK_FALSE(c->http.access_log);
    CHECK(c->storage.database_path == "/var/lib/agora/agora.db");
    CHECK(c->storage.media_dir == "/var/lib/agora/media");
    CHECK(c->federation.allow_private_addresses);
    CHECK(c->registrations.mode == RegistrationsMode::invite);
    CHECK(c->log.level == "debug");
}

TEST_CASE("config: domain defaults from public_url and public_url from domain", "[unit][config]") {
    auto c = parse_config(
        "[http]\npublic_url = \"http://localhost:8080\"\n[storage]\ndatabase = \"sqlite:x.db\"\n",
        "agora.toml", {});
    REQUIRE(c.has_value());
    CHECK(c->instance.domain == "localhost:8080");
    CHECK(c->base_url() == "http://localhost:8080");
}

TEST_CASE("config: bad values name the file, the key and the problem", "[unit][config]") {
    std::string base = "[storage]\ndatabase = \"sqlite:x.db\"\n";
    struct Case {
        std::string toml;
        std::string key;
        std::string fragment;
    };
    std::vector<Case> cases = {
        {base + "[http]\nthreads = \"two\"\n[instance]\ndomain = \"a.org\"\n", "http.threads",
         "integer"},
        {base + "[http]\nthreads = 0\n[instance]\ndomain = \"a.org\"\n", "http.threads",
         "between 1 and 64"},
        {base + "[http]\nlisten = \"nowhere\"\n[instance]\ndomain = \"a.org\"\n", "http.listen",
         "HOST:PORT"},
        {base + "[http]\nlisten = \"example.org:80\"\n[instance]\ndomain = \"a.org\"\n",
         "http.listen", "IP address"},
        {base + "[http]\nlisten = \"127.0.0.1:99999\"\n[instance]\ndomain = \"a.org\"\n",
         "http.listen", "port"},
        {base + "[http]\npublic_url = \"ftp://a.org\"\n[instance]\ndomain = \"a.org\"\n",
         "http.public_url", "https://"},
        {base + "[http]\npublic_url = \"https://a.org/social\"\n[instance]\ndomain = \"a.org\"\n",
         "http.public_url", "no path"},
        {base + "[instance]\ndomain = \"https://a.org\"\n", "instance.domain", "no scheme"},
        {base + "[instance]\ndomain = \"a.org\"\nlanguages = []\n", "instance.languages",
         "at least one"},
        {base + "[instance]\ndomain = \"a.org\"\nlanguages = [\"French\"]\n", "instance.languages",
         "ISO 639"},
        {base + "[instance]\ndomain = \"a.org\"\nadmin_username = \"bad name\"\n",
         "instance.admin_username", "letters"},
        {"[storage]\ndatabase = \"postgres://x\"\n[instance]\ndomain = \"a.org\"\n",
         "storage.database", "sqlite:PATH"},
        {"[storage]\ndatabase = \"sqlite:\"\n[instance]\ndomain = \"a.org\"\n", "storage.database",
         "file path"},
        {base + "[instance]\ndomain = \"a.org\"\n[registrations]\nmode = \"everyone\"\n",
         "registrations.mode", "open, approval"},
        {base + "[instance]\ndomain = \"a.org\"\n[federation]\nallow_private_addresses = \"yes\"\n",
         "federation.allow_private_addresses", "true or false"},
        {base + "[instance]\ndomain = \"a.org\"\ncolour = \"blue\"\n", "instance.colour",
         "unknown key"},
        {base + "[instance]\ndomain = \"a.org\"\n[theme]\ncolour = \"blue\"\n", "theme",
         "unknown section"},
        {base, "instance.domain", "required"},
        {"[instance]\ndomain = \"a.org\"\n", "storage.database", "required"},
    };
    for (const auto& c : cases) {
        INFO(c.toml);
        auto e = error_of(c.toml);
        CHECK(e.source == "agora.toml");
        CHECK(e.key == c.key);
        CHECK_THAT(e.message, Catch::Contains(c.fragment));
        CHECK(e.line().find('\n') == std::string::npos);
        CHECK_THAT(e.line(), Catch::StartsWith("agora.toml: " + c.key + ": "));
    }
}

TEST_CASE("config: TOML syntax errors give the line", "[unit][config]") {
    auto e = error_of("[instance\ndomain = 1\n");
    CHECK_THAT(e.source, Catch::StartsWith("agora.toml:1"));
    CHECK_FALSE(e.message.empty());
}

TEST_CASE("config: AGORA_SECTION_KEY overrides the file", "[unit][config]") {
    Environment env{{"AGORA_HTTP_THREADS", "3"},
                    {"AGORA_HTTP_LISTEN", "0.0.0.0:9090"},
                    {"AGORA_INSTANCE_LANGUAGES", " en, fr "},
                    {"AGORA_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"},
                    {"AGORA_CONFIG", "/elsewhere.toml"},
                    {"AGORA_UNRELATED", "ignored"},
                    {"HOME", "/root"}};
    auto c = parse_config(minimal, "agora.toml", env);
    REQUIRE(c.has_value());
    CHECK(c->http.threads == 3);
    CHECK(c->http.listen_host == "0.0.0.0");
    CHECK(c->http.listen_port == 9090);
    CHECK(c->instance.languages == std::vector<std::string>{"en", "fr"});
    CHECK(c->federation.allow_private_addresses);
}

TEST_CASE("config: bad environment overrides are errors naming the variable", "[unit][config]") {
    auto e = error_of(minimal, {{"AGORA_HTTP_THREADS", "many"}});
    CHECK(e.source == "environment AGORA_HTTP_THREADS");
    CHECK(e.key == "http.threads");
    e = error_of(minimal, {{"AGORA_HTTP_LISTN", "0.0.0.0:1"}});
    CHECK(e.source == "environment AGORA_HTTP_LISTN");
    CHECK_THAT(e.message, Catch::Contains("unknown"));
    e = error_of(minimal, {{"AGORA_REGISTRATIONS_MODE", "maybe"}});
    CHECK(e.key == "registrations.mode");
}

TEST_CASE("config: the file is --config, else AGORA_CONFIG, else ./agora.toml", "[unit][config]") {
    CHECK(resolve_config_path("mine.toml", {{"AGORA_CONFIG", "env.toml"}}) == "mine.toml");
    CHECK(resolve_config_path("", {{"AGORA_CONFIG", "env.toml"}}) == "env.toml");
    CHECK(resolve_config_path("", {}) == "agora.toml");
}

TEST_CASE("config: a missing file is a clear error", "[unit][config]") {
    auto c = load_config("/nonexistent/agora.toml", {});
    REQUIRE_FALSE(c.has_value());
    CHECK(c.error().source == "/nonexistent/agora.toml");
    CHECK_THAT(c.error().message, Catch::Contains("cannot read"));
}

TEST_CASE("config: trusted proxies, rate limits and the extended description", "[unit][config]") {
    auto c = parse_config(minimal, "agora.toml", {});
    REQUIRE(c.has_value());
    CHECK(c->http.trusted_proxies == std::vector<std::string>{"127.0.0.1/8", "::1"});
    CHECK(c->rate_limits.enabled);
    CHECK(c->rate_limits.scale == 1.0);
    CHECK(c->instance.extended_description.empty());

    c = parse_config(R"([instance]
domain = "social.example.org"
extended_description = "Longer text"
[storage]
database = "sqlite:data/agora.db"
[http]
trusted_proxies = ["10.0.0.0/8", "fd00::/8", "192.0.2.1"]
[rate_limits]
enabled = false
scale = 2.5
)",
                     "agora.toml", {});
    REQUIRE(c.has_value());
    CHECK(c->instance.extended_description == "Longer text");
    CHECK(c->http.trusted_proxies ==
          std::vector<std::string>{"10.0.0.0/8", "fd00::/8", "192.0.2.1"});
    CHECK_FALSE(c->rate_limits.enabled);
    CHECK(c->rate_limits.scale == 2.5);

    // A whole number is a number too; an empty list trusts no proxy.
    c = parse_config(std::string(minimal) +
                         "[http]\ntrusted_proxies = []\n[rate_limits]\nscale = 3\n",
                     "agora.toml", {});
    REQUIRE(c.has_value());
    CHECK(c->http.trusted_proxies.empty());
    CHECK(c->rate_limits.scale == 3.0);

    c = parse_config(minimal, "agora.toml",
                     {{"AGORA_HTTP_TRUSTED_PROXIES", "172.16.0.0/12, ::1"},
                      {"AGORA_RATE_LIMITS_SCALE", "0.5"},
                      {"AGORA_RATE_LIMITS_ENABLED", "0"}});
    REQUIRE(c.has_value());
    CHECK(c->http.trusted_proxies == std::vector<std::string>{"172.16.0.0/12", "::1"});
    CHECK(c->rate_limits.scale == 0.5);
    CHECK_FALSE(c->rate_limits.enabled);
}

TEST_CASE("config: bad trusted proxies and rate limits are refused", "[unit][config]") {
    struct Case {
        std::string toml;
        std::string key;
        std::string fragment;
    };
    std::vector<Case> cases = {
        {"[http]\ntrusted_proxies = [\"proxy.example.org\"]\n", "http.trusted_proxies",
         "not an IP address"},
        {"[http]\ntrusted_proxies = [\"10.0.0.0/33\"]\n", "http.trusted_proxies", "10.0.0.0/33"},
        {"[http]\ntrusted_proxies = \"127.0.0.1\"\n", "http.trusted_proxies", "list of strings"},
        {"[rate_limits]\nscale = 0\n", "rate_limits.scale", "between 0.1 and 100"},
        {"[rate_limits]\nscale = 1000\n", "rate_limits.scale", "between 0.1 and 100"},
        {"[rate_limits]\nscale = \"2\"\n", "rate_limits.scale", "a number"},
        {"[rate_limits]\nenabled = \"yes\"\n", "rate_limits.enabled", "true or false"},
        {"[rate_limits]\nburst = 3\n", "rate_limits.burst", "unknown key"},
    };
    for (const auto& c : cases) {
        INFO(c.toml);
        auto e = error_of(std::string(minimal) + c.toml);
        CHECK(e.key == c.key);
        CHECK_THAT(e.message, Catch::Contains(c.fragment));
    }
    auto e = error_of(minimal, {{"AGORA_RATE_LIMITS_SCALE", "fast"}});
    CHECK(e.source == "environment AGORA_RATE_LIMITS_SCALE");
    CHECK(e.key == "rate_limits.scale");
}

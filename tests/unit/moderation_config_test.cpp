// moderation.appeal_days: its default (Mastodon's 20), a valid value, bad ones, the environment.
#include "config/config.hpp"

#include <catch2/catch.hpp>

using namespace agora;

namespace {
const char* minimal =
    "[instance]\ndomain = \"social.example.org\"\n[storage]\ndatabase = \"sqlite:data/agora.db\"\n";
}

TEST_CASE("config: moderation.appeal_days", "[unit][config][moderation]") {
    auto defaults = parse_config(minimal, "agora.toml", {});
    REQUIRE(defaults.has_value());
    CHECK(defaults->moderation.appeal_days == 20);

    auto set =
        parse_config(std::string(minimal) + "[moderation]\nappeal_days = 30\n", "agora.toml", {});
    REQUIRE(set.has_value());
    CHECK(set->moderation.appeal_days == 30);

    for (const char* bad : {"0", "-3", "3651", "\"twenty\"", "2.5"}) {
        INFO(bad);
        auto c = parse_config(std::string(minimal) + "[moderation]\nappeal_days = " + bad + "\n",
                              "agora.toml", {});
        REQUIRE_FALSE(c.has_value());
        CHECK(c.error().key == "moderation.appeal_days");
    }
    auto zero =
        parse_config(std::string(minimal) + "[moderation]\nappeal_days = 0\n", "agora.toml", {});
    REQUIRE_FALSE(zero.has_value());
    CHECK_THAT(zero.error().message, Catch::Contains("between 1 and 3650"));

    auto env = parse_config(minimal, "agora.toml", {{"AGORA_MODERATION_APPEAL_DAYS", "7"}});
    REQUIRE(env.has_value());
    CHECK(env->moderation.appeal_days == 7);
}

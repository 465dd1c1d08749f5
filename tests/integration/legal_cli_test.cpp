// `agora admin rule ...`, `agora admin terms ...` and `agora admin privacy ...` as an administrator
// runs them, then what a node over the same database serves.
#include "rig/agora_cli.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace agora;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
using testing::run_agora;

json get(httplib::Client& client, const std::string& path, int expected = 200) {
    return testing::answer(client.Get(path), expected);
}
} // namespace

TEST_CASE("cli: admin rule add, list, remove", "[integration][cli][rules]") {
    testing::TempDir dir;
    std::ofstream(dir.path / "agora.toml") << testing::test_config_toml(dir.path);
    auto added = run_agora(dir.path, "admin rule add 'Be kind' --hint 'No insults'");
    INFO(added.err);
    REQUIRE(added.exit_code == 0);
    CHECK_THAT(added.out, Catch::StartsWith("added rule "));
    REQUIRE(run_agora(dir.path, "admin rule add 'No spam'").exit_code == 0);
    auto empty = run_agora(dir.path, "admin rule add ''");
    CHECK(empty.exit_code == 1);
    CHECK(empty.err == "agora: Text can't be blank\n");
    CHECK(run_agora(dir.path, "admin rule add").exit_code == 2);

    auto list = run_agora(dir.path, "admin rule list");
    CHECK(list.exit_code == 0);
    CHECK_THAT(list.out, Catch::Contains("Be kind (No insults)"));
    CHECK_THAT(list.out, Catch::Contains("No spam"));
    CHECK(list.out.find("Be kind") < list.out.find("No spam"));

    std::string spam_id;
    {
        testing::TestNode t(dir.path);
        auto client = t.client();
        auto rules = get(client, "/api/v1/instance/rules");
        REQUIRE(rules.size() == 2);
        CHECK(rules[0]["text"] == "Be kind");
        CHECK(rules[0]["hint"] == "No insults");
        spam_id = rules[1]["id"];
    }
    auto removed = run_agora(dir.path, "admin rule remove " + spam_id);
    CHECK(removed.exit_code == 0);
    CHECK(removed.out == "removed rule " + spam_id + "\n");
    CHECK(run_agora(dir.path, "admin rule remove " + spam_id).exit_code == 1);
    CHECK(run_agora(dir.path, "admin rule remove nothing").exit_code == 1);
    CHECK(run_agora(dir.path, "admin rule list").out.find("No spam") == std::string::npos);

    testing::TestNode t(dir.path);
    auto client = t.client();
    auto rules = get(client, "/api/v1/instance/rules");
    REQUIRE(rules.size() == 1);
    CHECK(rules[0]["text"] == "Be kind");
}

TEST_CASE("cli: admin terms and privacy publish and list", "[integration][cli][legal]") {
    testing::TempDir dir;
    std::ofstream(dir.path / "agora.toml") << testing::test_config_toml(dir.path);
    std::ofstream(dir.path / "terms-v1.md") << "# Terms\n\nBe nice.\n";
    std::ofstream(dir.path / "terms-v2.md") << "# Terms\n\nBe kind.\n";
    std::ofstream(dir.path / "privacy.md") << "# Privacy\n\nNo IP kept.\n";

    auto first = run_agora(dir.path, "admin terms publish terms-v1.md --effective 2020-01-01 "
                                     "--summary 'First terms'");
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    CHECK(first.out == "published the terms of service effective 2020-01-01 (in effect)\n");
    auto second = run_agora(dir.path, "admin terms publish terms-v2.md --effective 2999-01-01 "
                                      "--summary 'Kind, not nice'");
    CHECK(second.exit_code == 0);
    CHECK_THAT(second.out, Catch::Contains("(upcoming)"));
    auto stale = run_agora(dir.path, "admin terms publish terms-v2.md --effective 2021-01-01 "
                                     "--summary x");
    CHECK(stale.exit_code == 1);
    CHECK_THAT(stale.err, Catch::Contains("after that of the latest version (2999-01-01)"));
    CHECK(run_agora(dir.path, "admin terms publish terms-v2.md --effective 3000-02-30 --summary x")
              .exit_code == 2);
    CHECK(run_agora(dir.path, "admin terms publish missing.md --effective 3001-01-01 --summary x")
              .exit_code == 2);
    CHECK(run_agora(dir.path, "admin terms publish terms-v2.md --summary x").exit_code == 2);
    REQUIRE(run_agora(dir.path, "admin privacy publish privacy.md --effective 2020-01-01 "
                                "--summary 'First policy'")
                .exit_code == 0);

    auto list = run_agora(dir.path, "admin terms list");
    CHECK(list.exit_code == 0);
    CHECK_THAT(list.out, Catch::Contains("2999-01-01 upcoming"));
    CHECK_THAT(list.out, Catch::Contains("2020-01-01 in effect"));
    CHECK_THAT(list.out, Catch::Contains("Kind, not nice"));
    CHECK_THAT(run_agora(dir.path, "admin privacy list").out, Catch::Contains("First policy"));

    testing::TestNode t(dir.path);
    auto client = t.client();
    auto terms = get(client, "/api/v1/instance/terms_of_service");
    CHECK(terms["effective_date"] == "2020-01-01");
    CHECK(terms["succeeded_by"] == "2999-01-01");
    CHECK(terms["content"] == "<h1>Terms</h1>\n<p>Be nice.</p>\n");
    CHECK(get(client, "/api/v1/instance/privacy_policy")["content"] ==
          "<h1>Privacy</h1>\n<p>No IP kept.</p>\n");
}

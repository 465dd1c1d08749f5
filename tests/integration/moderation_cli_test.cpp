// `agora admin account suspend|silence|unsuspend|unsilence`: the same actions as the admin API,
// with a statement of reasons for the person concerned.
#include "rig/agora_cli.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace agora;
namespace fs = std::filesystem;

namespace {
using testing::run_agora;

std::int64_t count(const fs::path& dir, const std::string& sql) {
    store::Database db((dir / "agora.db").string());
    auto conn = db.acquire();
    auto st = conn->query(sql);
    return st.step() ? st.int64(0) : 0;
}
} // namespace

TEST_CASE("cli: admin account suspend, silence and their reversal",
          "[integration][cli][moderation]") {
    testing::TempDir dir;
    std::ofstream(dir.path / "agora.toml") << testing::test_config_toml(dir.path);
    REQUIRE(run_agora(dir.path, "admin account create bob").exit_code == 0);

    auto suspended = run_agora(dir.path, "admin account suspend bob --reason 'spam links'");
    INFO(suspended.err);
    CHECK(suspended.exit_code == 0);
    CHECK_THAT(suspended.out, Catch::Contains("done: suspend bob (statement of reasons "));
    CHECK(count(dir.path,
                "SELECT COUNT(*) FROM account_moderation WHERE suspended_at IS NOT NULL") == 1);
    CHECK(count(dir.path, "SELECT COUNT(*) FROM statements WHERE action = 'suspend' AND text = "
                          "'spam links' AND moderator_account_id IS NULL") == 1);
    CHECK(count(dir.path, "SELECT COUNT(*) FROM notifications WHERE type = 'moderation_warning'") ==
          1);
    CHECK(count(dir.path, "SELECT COUNT(*) FROM audit_log WHERE action = 'account.suspend'") == 1);

    CHECK(run_agora(dir.path, "admin account silence @bob").exit_code == 0);
    CHECK(run_agora(dir.path, "admin account unsuspend bob").out == "done: unsuspend bob\n");
    CHECK(run_agora(dir.path, "admin account unsuspend bob").out ==
          "nothing to do: unsuspend bob\n");
    CHECK(run_agora(dir.path, "admin account unsilence bob").exit_code == 0);
    CHECK(count(dir.path, "SELECT COUNT(*) FROM account_moderation WHERE suspended_at IS NOT NULL "
                          "OR silenced_at IS NOT NULL") == 0);

    auto unknown = run_agora(dir.path, "admin account suspend nobody");
    CHECK(unknown.exit_code == 1);
    CHECK_THAT(unknown.err, Catch::Contains("no account nobody"));
    CHECK(run_agora(dir.path, "admin account suspend").exit_code == 2);
}

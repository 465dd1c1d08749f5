// `agora admin account suspend|silence|unsuspend|unsilence`: the same actions as the admin API,
// with a statement of reasons for the person concerned.
#include "model/remote_account.hpp"
#include "rig/agora_cli.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"
#include "store/remote_accounts_repo.hpp"

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

TEST_CASE("cli: admin domain block and unblock carry over to the domain's stored accounts",
          "[integration][cli][moderation]") {
    testing::TempDir dir;
    std::ofstream(dir.path / "agora.toml") << testing::test_config_toml(dir.path);
    REQUIRE(run_agora(dir.path, "admin account create bob").exit_code == 0);
    {
        store::Database db((dir.path / "agora.db").string());
        auto conn = db.acquire();
        RemoteAccount r;
        r.account.id = 42;
        r.account.username = "spammer";
        r.account.domain = "mx.spam.example";
        r.uri = "https://mx.spam.example/users/spammer";
        r.inbox_url = r.uri + "/inbox";
        r.key_id = r.uri + "#main-key";
        r.actor_type = "Person";
        REQUIRE(store::upsert_remote_account(*conn, r, {}, 1'700'000'000'000));
    }
    const std::string silenced_since_policy =
        "SELECT COUNT(*) FROM account_moderation am JOIN domain_policies p ON "
        "p.domain = 'spam.example' WHERE am.account_id = 42 AND am.silenced_at = p.created_at";
    REQUIRE(run_agora(dir.path, "admin domain block spam.example --severity silence").exit_code ==
            0);
    CHECK(count(dir.path, silenced_since_policy) == 1);
    REQUIRE(run_agora(dir.path, "admin domain unblock spam.example").exit_code == 0);
    CHECK(count(dir.path, "SELECT COUNT(*) FROM account_moderation WHERE account_id = 42 AND "
                          "silenced_at IS NOT NULL") == 0);
}

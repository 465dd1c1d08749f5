// The `agora` executable as an administrator uses it: config check, accounts, serve and SIGTERM.
#include "rig/agora_cli.hpp"
#include "rig/raw_connection.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace agora;
namespace fs = std::filesystem;

namespace {
using testing::run_agora;
using testing::slurp;

void write_config(const fs::path& dir, const std::string& extra = "") {
    std::ofstream(dir / "agora.toml") << testing::test_config_toml(dir, extra);
}
} // namespace

TEST_CASE("cli: config check accepts a good file, exits 2 with one line on a bad one",
          "[integration][cli]") {
    testing::TempDir dir;
    write_config(dir.path);
    auto ok = run_agora(dir.path, "config check --config agora.toml");
    CHECK(ok.exit_code == 0);
    CHECK_THAT(ok.out, Catch::Contains("agora.toml: ok"));

    std::ofstream(dir.path / "bad.toml")
        << "[instance]\ndomain = \"a.org\"\n[storage]\ndatabase = \"sqlite:x.db\"\n"
           "[http]\nthreads = \"lots\"\n";
    auto bad = run_agora(dir.path, "config check --config bad.toml");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err == "agora: bad.toml: http.threads: must be an integer\n");

    auto missing = run_agora(dir.path, "config check --config nowhere.toml");
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::StartsWith("agora: nowhere.toml: cannot read"));

    auto env_bad = run_agora(dir.path, "config check --config agora.toml", "",
                             "AGORA_REGISTRATIONS_MODE=maybe");
    CHECK(env_bad.exit_code == 2);
    CHECK_THAT(
        env_bad.err,
        Catch::StartsWith("agora: environment AGORA_REGISTRATIONS_MODE: registrations.mode:"));

    auto via_env = run_agora(dir.path, "config check", "", "AGORA_CONFIG=bad.toml");
    CHECK(via_env.exit_code == 2);
    CHECK_THAT(via_env.err, Catch::Contains("bad.toml"));

    auto serve_bad = run_agora(dir.path, "serve --config bad.toml");
    CHECK(serve_bad.exit_code == 2);
    CHECK(serve_bad.err == "agora: bad.toml: http.threads: must be an integer\n");
}

TEST_CASE("cli: admin account create and list", "[integration][cli]") {
    testing::TempDir dir;
    write_config(dir.path);
    auto created = run_agora(
        dir.path,
        "admin account create mairie --role moderator --kind public_body --config agora.toml");
    INFO(created.err);
    CHECK(created.exit_code == 0);
    CHECK_THAT(created.out,
               Catch::Contains("created @mairie@agora.test (role moderator, kind public_body)"));
    CHECK_THAT(created.out, Catch::Contains("password: "));

    auto with_password =
        run_agora(dir.path, "admin account create alice --password-stdin --config agora.toml",
                  "a good long password\n");
    CHECK(with_password.exit_code == 0);
    CHECK_THAT(with_password.out, !Catch::Contains("password:"));

    auto taken = run_agora(dir.path, "admin account create MAIRIE --config agora.toml");
    CHECK(taken.exit_code == 1);
    CHECK_THAT(taken.err, Catch::Contains("already taken"));
    auto invalid = run_agora(dir.path, "admin account create 'no spaces' --config agora.toml");
    CHECK(invalid.exit_code == 1);
    CHECK_THAT(invalid.err, Catch::Contains("letters, digits and underscores"));
    auto bad_role =
        run_agora(dir.path, "admin account create carol --role emperor --config agora.toml");
    CHECK(bad_role.exit_code == 2);
    auto short_password = run_agora(
        dir.path, "admin account create dave --password-stdin --config agora.toml", "short\n");
    CHECK(short_password.exit_code == 1);

    auto invite =
        run_agora(dir.path, "admin invite create --uses 3 --expires-days 7 --config agora.toml");
    CHECK(invite.exit_code == 0);
    CHECK_THAT(invite.out, Catch::StartsWith("invite code: "));
    auto bad_invite = run_agora(dir.path, "admin invite create --uses 0 --config agora.toml");
    CHECK(bad_invite.exit_code == 2);

    auto list = run_agora(dir.path, "admin account list --config agora.toml");

    CHECK(list.exit_code == 0);
    CHECK_THAT(list.out, Catch::Contains("mairie"));
    CHECK_THAT(list.out, Catch::Contains("moderator"));
    CHECK_THAT(list.out, Catch::Contains("public_body"));
    CHECK_THAT(list.out, Catch::Contains("alice"));
    CHECK_THAT(list.out, !Catch::Contains("carol"));
    CHECK_THAT(list.out, !Catch::Contains("dave"));
}

TEST_CASE("cli: serve creates the admin once and stops cleanly on SIGTERM", "[integration][cli]") {
    testing::TempDir dir;
    write_config(dir.path);
    auto start = [&]() -> std::pair<pid_t, std::uint16_t> {
        fs::remove(dir.path / "serve.out");
        pid_t pid = fork();
        if (pid == 0) {
            if (chdir(dir.path.c_str()) != 0) _exit(127);
            setenv("AGORA_LOG_LEVEL", "info", 1);
            setenv("AGORA_HTTP_ACCESS_LOG", "true", 1);
            freopen("serve.out", "w", stdout);
            freopen("serve.err", "w", stderr);
            execl(AGORA_BINARY, AGORA_BINARY, "serve", "--config", "agora.toml", nullptr);
            _exit(127);
        }
        for (int i = 0; i < 200; ++i) {
            auto out = slurp(dir.path / "serve.out");
            auto at = out.find(" on 127.0.0.1:");
            auto eol = out.find('\n', at);
            if (at != std::string::npos && eol != std::string::npos)
                return {pid, std::uint16_t(std::stoi(out.substr(at + 14)))};
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        kill(pid, SIGKILL);
        FAIL("agora serve did not start: " + slurp(dir.path / "serve.err"));
        return {0, 0};
    };

    auto [pid, port] = start();
    auto out = slurp(dir.path / "serve.out");
    CHECK_THAT(out, Catch::Contains("created the admin account @admin@agora.test"));
    CHECK_THAT(out, Catch::Contains("one-time password: "));
    REQUIRE(fs::exists(dir.path / "agora.db"));
    REQUIRE(fs::exists(dir.path / "media"));

    {
        httplib::Client client("127.0.0.1", port);
        auto res =
            client.Get("/users/admin?secret=token", {{"Accept", "application/activity+json"}});
        REQUIRE(res);
        CHECK(res->status == 200);
    }
    testing::RawConnection in_flight(port);
    in_flight.send("GET /livez HTTP/1.1\r\nHost: agora.test\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    kill(pid, SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    in_flight.send("\r\n");
    auto response = in_flight.read_response(3000);
    CHECK(testing::status_of(response) == 200);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK_FALSE(fs::exists(dir.path / "agora.db-wal")); // the database was closed cleanly
    auto log = slurp(dir.path / "serve.err");
    CHECK_THAT(log, Catch::Contains("received SIGTERM"));
    CHECK_THAT(log, Catch::Contains("GET /users/admin 200"));
    CHECK_THAT(log, !Catch::Contains("127.0.0.1")); // the access log keeps no address
    CHECK_THAT(log, !Catch::Contains("secret"));    // nor query strings, which may carry tokens

    auto [pid2, port2] = start();
    CHECK_THAT(slurp(dir.path / "serve.out"), !Catch::Contains("created the admin account"));
    // A second node on the same port explains itself in one line.
    auto busy = run_agora(dir.path, "serve --config agora.toml", "",
                          "AGORA_HTTP_LISTEN=127.0.0.1:" + std::to_string(port2));
    CHECK(busy.exit_code == 1);
    CHECK(busy.err == "agora: cannot listen on 127.0.0.1:" + std::to_string(port2) +
                          ": Address already in use\n");
    kill(pid2, SIGINT);
    waitpid(pid2, &status, 0);
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("cli: admin domain block, list, allow, unblock", "[integration][cli]") {
    testing::TempDir dir;
    write_config(dir.path);
    auto blocked = run_agora(dir.path, "admin domain block Spam.Example --severity silence "
                                       "--reject-media --reason 'spam farm' --private");
    CHECK(blocked.exit_code == 0);
    CHECK(blocked.out == "created spam.example: silence, reject media, private\n");
    auto again = run_agora(dir.path, "admin domain block spam.example");
    CHECK(again.out == "updated spam.example: suspend\n");
    auto bad = run_agora(dir.path, "admin domain block 'not a domain'");
    CHECK(bad.exit_code == 2);
    CHECK(run_agora(dir.path, "admin domain block x.example --severity ban").exit_code == 2);
    CHECK(run_agora(dir.path, "admin domain allow mairie.example").exit_code == 0);
    auto list = run_agora(dir.path, "admin domain list");
    CHECK_THAT(list.out, Catch::Contains("spam.example") && Catch::Contains("suspend") &&
                             Catch::Contains("mairie.example"));
    CHECK(run_agora(dir.path, "admin domain unblock spam.example").exit_code == 0);
    CHECK(run_agora(dir.path, "admin domain unblock spam.example").exit_code == 1);
    CHECK(run_agora(dir.path, "admin domain disallow mairie.example").exit_code == 0);
    auto empty = run_agora(dir.path, "admin domain list");
    CHECK_THAT(empty.out, !Catch::Contains("spam.example") && !Catch::Contains("mairie"));
}

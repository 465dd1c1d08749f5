// The test rig: a whole node started in-process on an ephemeral port with a temporary database,
// reached over real HTTP (cpp-httplib), plus the fixtures tests share.
#pragma once

#include "accounts/account_service.hpp"
#include "config/config.hpp"
#include "node.hpp"

#include <httplib.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace agora::testing {

// A fresh temporary folder, removed with everything in it when this goes out of scope.
struct TempDir {
    TempDir();
    ~TempDir();
    std::filesystem::path path;
};

// The configuration every test node starts from: domain agora.test, https://agora.test,
// 127.0.0.1:0, a database and media folder inside `dir`, access log off.
std::string test_config_toml(const std::filesystem::path& dir, const std::string& extra = "");
Config test_config(const std::filesystem::path& dir, const std::string& extra = "");

class TestNode {
public:
    // `extra_toml` is appended to the test configuration (later keys win only across sections;
    // pass whole sections that the base does not set, or use `adjust`).
    explicit TestNode(std::function<void(Config&)> adjust = {});
    // A node over the folder of another one, stopped first: the same database and media, as after
    // a restart. The folder stays the other node's: it goes when that one does.
    explicit TestNode(const std::filesystem::path& existing_dir,
                      std::function<void(Config&)> adjust = {});
    ~TestNode();

    Node& node() { return *node_; }
    std::uint16_t port() const { return port_; }
    const std::filesystem::path& dir() const { return dir_; }
    httplib::Client client() const;

    // Fixtures: a local account created through the account service, as the CLI would.
    CreatedAccount create_account(const std::string& username,
                                  AccountKind kind = AccountKind::person, Role role = Role::member);

    // A bearer token for a local account, as if it had signed in through an app with `scopes`.
    std::string token_for(const Account& account, const std::string& scopes = "read write follow");
    // Runs the event consumers now (home-feed fan-out), instead of waiting for the worker.
    void drain_events();
    // Announces the polls that have ended (whatever their expiry, even one a test moved into the
    // past), as the node's sweeper would, then runs the event consumers.
    void expire_polls();

    void stop();
    // Stops the node and starts a new one over the same folder (database, media) and
    // configuration, as a restart of the process would.
    void restart();

private:
    void configure(const std::function<void(Config&)>& adjust);
    void start();

    std::optional<TempDir> own_dir_;
    std::filesystem::path dir_;
    Config config_;
    std::unique_ptr<Node> node_;
    std::uint16_t port_ = 0;
    std::thread thread_;
};

} // namespace agora::testing

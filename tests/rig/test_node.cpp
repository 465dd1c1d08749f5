// The test rig: a whole node started in-process on an ephemeral port with a temporary database.
#include "rig/test_node.hpp"

#include "events/event_worker.hpp"
#include "federation/routes.hpp"
#include "moderation/routes.hpp"
#include "oauth/oauth_service.hpp"
#include "statuses/polls.hpp"
#include "util/log.hpp"
#include "util/time.hpp"
#include "web/routes.hpp"

#include <atomic>
#include <limits>
#include <random>
#include <stdexcept>
#include <unistd.h>

namespace agora::testing {

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    path = std::filesystem::temp_directory_path() /
           ("agora-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
            std::to_string(rd() % 100000));
    std::filesystem::create_directories(path);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
}

std::string test_config_toml(const std::filesystem::path& dir, const std::string& extra) {
    return "[instance]\ndomain = \"agora.test\"\ntitle = \"Agora Test\"\ndescription = \"A test "
           "instance\"\n"
           "languages = [\"fr\", \"en\"]\n"
           "[http]\nlisten = \"127.0.0.1:0\"\npublic_url = \"https://agora.test\"\nthreads = 2\n"
           "access_log = false\nrequest_timeout = 2\nidle_timeout = 5\nshutdown_timeout = 5\n"
           "[storage]\ndatabase = \"sqlite:" +
           (dir / "agora.db").string() + "\"\nmedia_dir = \"" + (dir / "media").string() +
           "\"\n[registrations]\nmode = \"open\"\n[log]\nlevel = \"warn\"\n" + extra;
}

Config test_config(const std::filesystem::path& dir, const std::string& extra) {
    auto config = parse_config(test_config_toml(dir, extra), "test.toml", {});
    if (!config) throw std::runtime_error("test config rejected: " + config.error().line());
    return *config;
}

TestNode::TestNode(std::function<void(Config&)> adjust) : own_dir_(std::in_place) {
    dir_ = own_dir_->path;
    configure(adjust);
    start();
}

TestNode::TestNode(const std::filesystem::path& existing_dir, std::function<void(Config&)> adjust)
    : dir_(existing_dir) {
    configure(adjust);
    start();
}

void TestNode::configure(const std::function<void(Config&)>& adjust) {
    log::set_level(log::Level::warn);
    config_ = test_config(dir_);
    if (adjust) adjust(config_);
}

void TestNode::start() {
    node_ = std::make_unique<Node>(config_);
    moderation::install_routes(*node_);
    federation::install_routes(*node_);
    web::install_routes(*node_);
    port_ = node_->listen();
    thread_ = std::thread([this] { node_->serve(false); });
}

TestNode::~TestNode() {
    stop();
}

void TestNode::stop() {
    if (!thread_.joinable()) return;
    node_->stop();
    thread_.join();
}

void TestNode::restart() {
    stop();
    node_.reset();
    start();
}

httplib::Client TestNode::client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5);
    c.set_read_timeout(10);
    return c;
}

CreatedAccount TestNode::create_account(const std::string& username, AccountKind kind, Role role) {
    NewAccount request;
    request.username = username;
    request.kind = kind;
    request.role = role;
    request.display_name = username + " (display)";
    auto created = create_local_account(node_->database(), request);
    if (!created) throw std::runtime_error("fixture account: " + created.error().message);
    return *created;
}

std::string TestNode::token_for(const Account& account, const std::string& scopes) {
    auto app = oauth::register_app(node_->database(), "Test rig", oauth::out_of_band,
                                   "read write follow push", std::nullopt);
    if (!app) throw std::runtime_error("fixture app: " + app.error());
    return oauth::issue_token(node_->database(), app->app.id, account.id, scopes, false)
        .access_token;
}

void TestNode::drain_events() {
    node_->events().drain();
}

void TestNode::expire_polls() {
    announce_expired_polls(node_->database(), std::numeric_limits<std::int64_t>::min(),
                           now_unix_ms());
    drain_events();
}

} // namespace agora::testing

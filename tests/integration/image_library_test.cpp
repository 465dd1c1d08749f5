// The real `agora serve` maps libvips only once an image arrives, and keeps running with a clear
// error when libvips cannot be loaded (the AGORA_TEST_LIBVIPS hook names a missing library).
#include "rig/test_images.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace agora;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
const std::string password = "a good long password";
const std::string unavailable =
    "Error processing uploaded media: image processing is unavailable on this server";

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++count;
    return count;
}

// `agora serve` in `dir` (its config, an account alice made by the CLI first), with `env` set;
// stopped by SIGTERM when this goes out of scope.
class ServedNode {
public:
    ServedNode(const fs::path& dir, const std::string& env_name = "",
               const std::string& env_value = "")
        : dir_(dir) {
        std::ofstream(dir / "agora.toml") << testing::test_config_toml(dir);
        std::ofstream(dir / "password.txt") << password << "\n";
        std::string create = "cd '" + dir.string() +
                             "' && '" AGORA_BINARY
                             "' admin account create alice --password-stdin --config agora.toml"
                             " < password.txt > /dev/null";
        REQUIRE(std::system(create.c_str()) == 0);
        pid_ = fork();
        if (pid_ == 0) {
            if (chdir(dir.c_str()) != 0) _exit(127);
            unsetenv("AGORA_CONFIG");
            if (!env_name.empty()) setenv(env_name.c_str(), env_value.c_str(), 1);
            setenv("AGORA_LOG_LEVEL", "info", 1);
            freopen("serve.out", "w", stdout);
            freopen("serve.err", "w", stderr);
            execl(AGORA_BINARY, AGORA_BINARY, "serve", "--config", "agora.toml", nullptr);
            _exit(127);
        }
        for (int i = 0; i < 200 && port_ == 0; ++i) {
            auto out = slurp(dir / "serve.out");
            auto at = out.find(" on 127.0.0.1:");
            if (at != std::string::npos && out.find('\n', at) != std::string::npos)
                port_ = static_cast<std::uint16_t>(std::stoi(out.substr(at + 14)));
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (port_ == 0) {
            stop();
            FAIL("agora serve did not start: " + slurp(dir / "serve.err"));
        }
        for (int i = 0; i < 100; ++i) {
            auto ready = client().Get("/readyz");
            if (ready && ready->status == 200) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        FAIL("agora serve never became ready");
    }
    ~ServedNode() { stop(); }

    httplib::Client client() const { return httplib::Client("127.0.0.1", port_); }
    bool alive() const { return pid_ > 0 && kill(pid_, 0) == 0; }
    std::string log() const { return slurp(dir_ / "serve.err"); }
    bool maps_libvips() const {
        return slurp("/proc/" + std::to_string(pid_) + "/maps").find("libvips") !=
               std::string::npos;
    }

    // A bearer token for alice, through an app and the password grant, as a client gets one.
    httplib::Headers alice() {
        auto http = client();
        auto app = http.Post("/api/v1/apps",
                             httplib::Params{{"client_name", "lazy"},
                                             {"redirect_uris", "urn:ietf:wg:oauth:2.0:oob"},
                                             {"scopes", "read write"}});
        REQUIRE(app);
        REQUIRE(app->status == 200);
        auto ids = json::parse(app->body);
        auto token =
            http.Post("/oauth/token", httplib::Params{{"grant_type", "password"},
                                                      {"client_id", ids["client_id"]},
                                                      {"client_secret", ids["client_secret"]},
                                                      {"username", "alice"},
                                                      {"password", password},
                                                      {"scope", "read write"}});
        REQUIRE(token);
        INFO(token->body);
        REQUIRE(token->status == 200);
        return {{"Authorization",
                 "Bearer " + json::parse(token->body)["access_token"].get<std::string>()}};
    }

    void stop() {
        if (pid_ <= 0) return;
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = 0;
    }

private:
    fs::path dir_;
    pid_t pid_ = 0;
    std::uint16_t port_ = 0;
};

httplib::Result upload(ServedNode& node, const httplib::Headers& auth, const std::string& bytes) {
    httplib::MultipartFormDataItems items{{"file", bytes, "picture.png", "image/png"}};
    return node.client().Post("/api/v2/media", auth, items);
}
} // namespace

TEST_CASE("image library: serve maps libvips only once the first image arrives",
          "[integration][media]") {
    testing::TempDir dir;
    ServedNode node(dir.path);
    auto alice = node.alice();
    CHECK_FALSE(node.maps_libvips());

    // A refusal that needs no decoding loads nothing either.
    auto text = upload(node, alice, "just some text, not an image");
    REQUIRE(text);
    CHECK(text->status == 422);
    CHECK_FALSE(node.maps_libvips());

    auto image = upload(node, alice, testing::make_image("png", 40, 30));
    REQUIRE(image);
    INFO(image->body);
    CHECK(image->status == 200);
    CHECK(json::parse(image->body)["meta"]["original"]["width"] == 40);
    CHECK(node.maps_libvips());
    CHECK_THAT(node.log(), !Catch::Contains("image processing is unavailable"));
}

TEST_CASE("image library: without libvips, uploads answer a clear error and the node keeps running",
          "[integration][media]") {
    testing::TempDir dir;
    ServedNode node(dir.path, "AGORA_TEST_LIBVIPS", "libvips-missing.so.42");
    auto alice = node.alice();
    auto png = testing::make_image("png", 40, 30);

    for (int attempt = 0; attempt < 2; ++attempt) {
        auto res = upload(node, alice, png);
        REQUIRE(res);
        CHECK(res->status == 500);
        CHECK(json::parse(res->body) == json{{"error", unavailable}});
    }
    const std::string boundary = "agoraLazyVipsBoundary";
    auto avatar = node.client().Patch(
        "/api/v1/accounts/update_credentials", alice,
        "--" + boundary +
            "\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"a.png\"\r\n\r\n" +
            png + "\r\n--" + boundary + "--\r\n",
        "multipart/form-data; boundary=" + boundary);
    REQUIRE(avatar);
    CHECK(avatar->status == 500);
    CHECK(json::parse(avatar->body) == json{{"error", unavailable}});
    // Nothing was stored, and what needs no libvips still works.
    auto media = node.client().Get("/api/v1/accounts/verify_credentials", alice);
    REQUIRE(media);
    CHECK(media->status == 200);
    CHECK_THAT(json::parse(media->body)["avatar"].get<std::string>(), Catch::Contains("missing"));
    auto text = upload(node, alice, "just some text, not an image");
    REQUIRE(text);
    CHECK(text->status == 422);

    CHECK(node.alive());
    auto ready = node.client().Get("/readyz");
    REQUIRE(ready);
    CHECK(ready->status == 200);
    CHECK_FALSE(node.maps_libvips());
    auto log = node.log();
    CHECK(occurrences(log, "image processing is unavailable: libvips-missing.so.42: cannot open") ==
          1);
}

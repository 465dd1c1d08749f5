// The outbound client's TLS against a real TLS server (openssl s_server): certificates are
// verified against the trusted roots and the host name, and SNI picks the right certificate.
#include "federation/http_client.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace agora;
using namespace agora::federation;
using namespace std::chrono_literals;

namespace {
// Runs `command` through /bin/sh, for tests only; true when it exits 0.
bool run(const std::string& command) {
    return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A self-signed certificate for `name` (its own root), written as <stem>.pem and <stem>.key.
void make_certificate(const std::filesystem::path& dir, const std::string& stem,
                      const std::string& name) {
    REQUIRE(run("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=" + name +
                " -addext subjectAltName=DNS:" + name + " -keyout " +
                (dir / (stem + ".key")).string() + " -out " + (dir / (stem + ".pem")).string()));
}

// `openssl s_server -www` on 127.0.0.1: the "wrong.example" certificate by default, the
// "localhost" one to clients that ask for localhost by SNI. Stopped (SIGTERM) when destroyed.
class TlsServer {
public:
    explicit TlsServer(const std::filesystem::path& dir) {
        int out[2];
        REQUIRE(pipe(out) == 0);
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            dup2(out[1], STDOUT_FILENO);
            int quiet = open("/dev/null", O_WRONLY);
            if (quiet >= 0) dup2(quiet, STDERR_FILENO); // its handshake alerts are expected
            close(out[0]);
            auto path = [&](const char* file) { return (dir / file).string(); };
            execlp("openssl", "openssl", "s_server", "-accept", "127.0.0.1:0", "-www", "-cert",
                   path("wrong.pem").c_str(), "-key", path("wrong.key").c_str(), "-servername",
                   "localhost", "-cert2", path("good.pem").c_str(), "-key2",
                   path("good.key").c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        close(out[1]);
        std::FILE* lines = fdopen(out[0], "r");
        char line[256];
        while (std::fgets(line, sizeof line, lines)) {
            std::string text(line);
            if (text.starts_with("ACCEPT ")) {
                port_ = std::stoi(text.substr(text.rfind(':') + 1));
                break;
            }
        }
        output_ = lines; // kept open so that the server never writes to a closed pipe
    }
    ~TlsServer() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            waitpid(pid_, nullptr, 0);
        }
        if (output_) std::fclose(output_);
    }
    int port() const { return port_; }

private:
    pid_t pid_ = -1;
    int port_ = 0;
    std::FILE* output_ = nullptr;
};

HttpClientOptions tls_options(std::string extra_ca) {
    HttpClientOptions o;
    o.allow_private_addresses = true; // the server is on loopback; plain http stays refused
    o.connect_timeout = 2s;
    o.request_timeout = 4s;
    o.extra_ca_pem = std::move(extra_ca);
    return o;
}
} // namespace

TEST_CASE("http client: TLS certificates are verified, SNI chooses the certificate",
          "[integration][http_client][tls]") {
    if (!run("openssl version")) {
        WARN("openssl is not installed: TLS test skipped");
        return;
    }
    testing::TempDir dir;
    make_certificate(dir.path, "good", "localhost");
    make_certificate(dir.path, "wrong", "wrong.example");
    TlsServer server(dir.path);
    REQUIRE(server.port() > 0);
    std::string port = std::to_string(server.port());
    std::string roots = read_file(dir.path / "good.pem") + read_file(dir.path / "wrong.pem");

    // Trusted, right name (sent by SNI, which makes the server present the localhost
    // certificate): the request goes through.
    HttpClient trusting(tls_options(roots));
    auto ok = trusting.send({"GET", "https://localhost:" + port + "/", {}, {}});
    REQUIRE(ok);
    CHECK(ok->status == 200);
    CHECK(ok->url == "https://localhost:" + port + "/");

    // No SNI for an address: the default certificate, for another name, is refused.
    auto by_address = trusting.send({"GET", "https://127.0.0.1:" + port + "/", {}, {}});
    REQUIRE_FALSE(by_address);
    CHECK(by_address.error().failure == FetchFailure::tls_failed);

    // Not trusted: refused, whatever the name.
    HttpClient strict(tls_options(""));
    auto untrusted = strict.send({"GET", "https://localhost:" + port + "/", {}, {}});
    REQUIRE_FALSE(untrusted);
    CHECK(untrusted.error().failure == FetchFailure::tls_failed);

    // Plain http to the same client is refused before any connection.
    auto plain = strict.send({"GET", "http://localhost:" + port + "/", {}, {}});
    REQUIRE_FALSE(plain);
    CHECK(plain.error().failure == FetchFailure::scheme_refused);
}

// Fake remote instances for the delivery fan-out benchmark: one process, one thread, listening on
// INSTANCES loopback ports (each one a remote instance, named 127.0.0.1:PORT), each answering every
// POST with 202 after checking its HTTP signature with the sender's public key (the digest of the
// body included), and keeping each activity id it received.
// Usage: inbox_sinks INSTANCES PUBLIC_KEY_PEM_FILE EXPECTED_PER_ROUND
//   prints the ports on the first line ("ports P1 P2 ..."), then one line each time EXPECTED more
//   POSTs arrived: "round N posts P valid V invalid I duplicates D instances H first F last T" (F
//   and T: the arrival of the round's first and last POSTs, seconds since the epoch with
//   microseconds), and on standard input's end a last "total ..." line.
#include "federation/http_signature.hpp"
#include "federation/signature_keys.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using agora::federation::PublicKey;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct Tally {
    long posts = 0, valid = 0, invalid = 0, duplicates = 0;
    std::set<std::uint16_t> instances;
    double first = 0, last = 0;
};

struct Sinks {
    PublicKey key;
    long expected = 0;
    Tally round, total;
    int rounds = 0;
    std::set<std::pair<std::uint16_t, std::string>> seen; // (instance, activity id)
    std::string first_problem;
};

double now_seconds() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string activity_id(const std::string& body) {
    auto doc = nlohmann::json::parse(body, nullptr, false);
    return doc.is_object() ? doc.value("id", std::string()) : std::string();
}

void count(Tally& t, std::uint16_t port, bool valid, bool duplicate, double at) {
    ++t.posts;
    (valid ? t.valid : t.invalid) += 1;
    t.duplicates += duplicate ? 1 : 0;
    t.instances.insert(port);
    if (t.first == 0) t.first = at;
    t.last = at;
}

void print(const char* what, long n, const Tally& t) {
    std::printf("%s %ld posts %ld valid %ld invalid %ld duplicates %ld instances %zu first %.6f "
                "last %.6f\n",
                what, n, t.posts, t.valid, t.invalid, t.duplicates, t.instances.size(), t.first,
                t.last);
    std::fflush(stdout);
}

void record(Sinks& sinks, std::uint16_t port, const bhttp::request<bhttp::string_body>& req) {
    double at = now_seconds();
    std::vector<agora::http::Header> headers;
    for (const auto& field : req)
        headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    std::string target(req.target());
    agora::federation::ReceivedRequest received{"POST", target, headers, req.body()};
    agora::federation::VerifyOptions options;
    options.scheme = "http";
    options.expected_authority = "127.0.0.1:" + std::to_string(port);
    auto verified = agora::federation::verify_signature(received, sinks.key, options);
    if (!verified && sinks.first_problem.empty()) sinks.first_problem = verified.error().message;
    bool duplicate = !sinks.seen.emplace(port, activity_id(req.body())).second;
    count(sinks.round, port, bool(verified), duplicate, at);
    count(sinks.total, port, bool(verified), duplicate, at);
    if (sinks.round.posts == sinks.expected) {
        print("round", ++sinks.rounds, sinks.round);
        sinks.round = {};
    }
}

asio::awaitable<void> session(tcp::socket socket, Sinks& sinks, std::uint16_t port) {
    beast::flat_buffer buffer;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(1024 * 1024);
    auto [ec, n] = co_await bhttp::async_read(socket, buffer, parser, use_tuple);
    if (ec) co_return;
    auto& req = parser.get();
    if (req.method() == bhttp::verb::post) record(sinks, port, req);
    bhttp::response<bhttp::string_body> res{bhttp::status::accepted, 11};
    res.set(bhttp::field::content_type, "application/json");
    res.body() = "{}";
    res.keep_alive(false);
    res.prepare_payload();
    co_await bhttp::async_write(socket, res, use_tuple);
    beast::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
}

asio::awaitable<void> listen(tcp::acceptor acceptor, Sinks& sinks, std::uint16_t port) {
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
        if (ec) co_return;
        asio::co_spawn(acceptor.get_executor(), session(std::move(socket), sinks, port),
                       asio::detached);
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: inbox_sinks INSTANCES PUBLIC_KEY_PEM_FILE EXPECTED\n");
        return 2;
    }
    int instances = std::atoi(argv[1]);
    long expected = std::atol(argv[3]);
    std::ifstream file(argv[2]);
    std::stringstream pem;
    pem << file.rdbuf();
    auto key = PublicKey::from_pem(pem.str());
    if (instances < 1 || instances > 5000 || expected < 1 || !key) {
        std::fprintf(stderr, "inbox_sinks: bad arguments (%s)\n",
                     key ? "counts" : key.error().c_str());
        return 2;
    }
    Sinks sinks{*key, expected, {}, {}, 0, {}, {}};
    asio::io_context io(1);
    std::string ports = "ports";
    for (int i = 0; i < instances; ++i) {
        tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        auto port = acceptor.local_endpoint().port();
        ports += " " + std::to_string(port);
        asio::co_spawn(io, listen(std::move(acceptor), sinks, port), asio::detached);
    }
    std::printf("%s\n", ports.c_str());
    std::fflush(stdout);
    // Standard input's end (the script closing it, or dying) ends the run.
    asio::posix::stream_descriptor input(io, ::dup(0));
    std::array<char, 256> scratch{};
    std::function<void(beast::error_code, std::size_t)> on_input = [&](beast::error_code ec,
                                                                       std::size_t) {
        if (ec) {
            print("total", sinks.rounds, sinks.total);
            if (!sinks.first_problem.empty())
                std::fprintf(stderr, "inbox_sinks: first refused signature: %s\n",
                             sinks.first_problem.c_str());
            io.stop();
            return;
        }
        input.async_read_some(asio::buffer(scratch), on_input);
    };
    input.async_read_some(asio::buffer(scratch), on_input);
    io.run();
    return 0;
}

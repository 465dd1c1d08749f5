// The load generator of the inbox ingest benchmark (bench/inbox_ingest): remote actors' key pairs,
// the SQL that stores those actors as a server that already knows their keys would, and a run that
// replays pre-signed Create{Note} deliveries to a node's shared inbox over keep-alive connections,
// timing each answer.
// Usage:
//   inbox_load keys FILE N          make FILE hold at least N RSA-2048 key pairs (kept for reuse)
//   inbox_load sql FILE N           the SQL inserting N remote actors with those keys (domain i %
//   100) inbox_load run FILE N AUTHORITY PORT PER_ACTOR CONNECTIONS TAG
//       POSTs N × PER_ACTOR activities (actor i's j-th: id .../statuses/TAG-j), every one signed
//       before the first is sent, to http://127.0.0.1:PORT/inbox with Host AUTHORITY, and prints
//       "verify_per_s V sent S accepted A refused R start T0 end T1 p50_ms X p99_ms Y max_ms Z"
//       (T0, T1: seconds since the epoch; V: RSA-2048 verifications a second on this core).
#include "crypto/keys.hpp"
#include "federation/http_signature.hpp"
#include "federation/signature_keys.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using namespace agora;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view end_marker = "-----END ";

struct Pair {
    std::string public_pem, private_pem;
};

double now_seconds() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// FILE holds PEM blocks, public then private for each pair.
std::vector<Pair> read_pairs(const std::string& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    std::string all = text.str();
    std::vector<std::string> blocks;
    std::size_t start = 0;
    while (start < all.size()) {
        auto end = all.find(end_marker, start);
        if (end == std::string::npos) break;
        end = all.find('\n', end);
        if (end == std::string::npos) end = all.size() - 1;
        blocks.push_back(all.substr(start, end + 1 - start));
        start = end + 1;
    }
    std::vector<Pair> pairs;
    for (std::size_t i = 0; i + 1 < blocks.size(); i += 2)
        pairs.push_back({blocks[i], blocks[i + 1]});
    return pairs;
}

std::string domain_of(int i) {
    return "bench" + std::to_string(i % 100) + ".example";
}
std::string actor_of(int i) {
    return "https://" + domain_of(i) + "/users/u" + std::to_string(i);
}

int make_keys(const std::string& path, int n) {
    auto have = int(read_pairs(path).size());
    std::ofstream out(path, std::ios::app);
    for (int i = have; i < n; ++i) {
        auto pair = crypto::generate_rsa_keypair();
        out << pair.public_pem << pair.private_pem;
    }
    return out ? 0 : 1;
}

int print_sql(const std::vector<Pair>& pairs, int n) {
    std::printf("BEGIN;\n");
    for (int i = 0; i < n; ++i) {
        auto actor = actor_of(i);
        std::printf(
            "INSERT INTO accounts (id, username, domain, display_name, public_key_pem, uri, "
            "url, inbox_url, shared_inbox_url, followers_url, key_id, actor_type, fetched_at, "
            "created_at, updated_at) VALUES (%d, 'u%d', '%s', 'Bench actor %d', '%s', "
            "'%s', '%s', '%s/inbox', 'https://%s/inbox', '%s/followers', '%s#main-key', "
            "'Person', CAST(strftime('%%s', 'now') AS INTEGER) * 1000, 0, 0);\n",
            2000000 + i, i, domain_of(i).c_str(), i, pairs[i].public_pem.c_str(), actor.c_str(),
            actor.c_str(), actor.c_str(), domain_of(i).c_str(), actor.c_str(), actor.c_str());
    }
    std::printf("COMMIT;\n");
    return 0;
}

std::string create_note(int actor, const std::string& tag, int j, const std::string& published) {
    auto author = actor_of(actor);
    auto object_id = author + "/statuses/" + tag + "-" + std::to_string(j);
    nlohmann::json to = {"https://www.w3.org/ns/activitystreams#Public"};
    nlohmann::json cc = {author + "/followers"};
    nlohmann::json note = {
        {"id", object_id},
        {"type", "Note"},
        {"attributedTo", author},
        {"content", "<p>Inbox benchmark post " + std::to_string(j) + " of actor " +
                        std::to_string(actor) + ", with a little text as a real post has.</p>"},
        {"published", published},
        {"url", object_id},
        {"to", to},
        {"cc", cc},
    };
    nlohmann::json create = {
        {"@context", "https://www.w3.org/ns/activitystreams"},
        {"id", object_id + "/activity"},
        {"type", "Create"},
        {"actor", author},
        {"published", published},
        {"to", to},
        {"cc", cc},
        {"object", note},
    };
    return create.dump();
}

// How many RSA-2048 PKCS#1 v1.5 SHA-256 verifications a second this core does (one second's run).
double verifications_per_second(const Pair& pair) {
    auto priv = federation::PrivateKey::from_pem(pair.private_pem);
    auto pub = federation::PublicKey::from_pem(pair.public_pem);
    if (!priv || !pub) return 0;
    auto algorithm = federation::SignatureAlgorithm::rsa_v1_5_sha256;
    std::string data = "(request-target): post /inbox\nhost: bench\ndate: now\ndigest: x";
    auto signature = priv->sign(algorithm, data);
    long n = 0;
    auto start = now_seconds();
    double elapsed = 0;
    while (elapsed < 1.0) {
        for (int i = 0; i < 100; ++i)
            n += pub->verify(algorithm, data, signature) ? 1 : 0;
        elapsed = now_seconds() - start;
    }
    return double(n) / elapsed;
}

struct Run {
    std::vector<bhttp::request<bhttp::string_body>> requests;
    std::size_t next = 0;
    std::vector<double> latencies_ms;
    long accepted = 0, refused = 0;
    double end = 0;
    std::string first_refusal;
};

asio::awaitable<void> connection(tcp::endpoint endpoint, Run& run) {
    tcp::socket socket(co_await asio::this_coro::executor);
    auto [connect_error] = co_await socket.async_connect(endpoint, use_tuple);
    if (connect_error) {
        ++run.refused;
        if (run.first_refusal.empty()) run.first_refusal = "connect: " + connect_error.message();
        co_return;
    }
    socket.set_option(tcp::no_delay(true));
    beast::flat_buffer buffer;
    while (run.next < run.requests.size()) {
        auto& request = run.requests[run.next++];
        auto sent = now_seconds();
        auto [write_error, w] = co_await bhttp::async_write(socket, request, use_tuple);
        bhttp::response<bhttp::string_body> response;
        auto [read_error, r] =
            write_error ? std::tuple{write_error, std::size_t(0)}
                        : co_await bhttp::async_read(socket, buffer, response, use_tuple);
        auto answered = now_seconds();
        run.latencies_ms.push_back((answered - sent) * 1000);
        run.end = std::max(run.end, answered);
        if (!read_error && response.result() == bhttp::status::accepted) {
            ++run.accepted;
            continue;
        }
        ++run.refused;
        if (run.first_refusal.empty())
            run.first_refusal = read_error
                                    ? read_error.message()
                                    : std::to_string(response.result_int()) + " " + response.body();
        if (read_error) co_return;
    }
}

std::string http_date() {
    auto t = std::time(nullptr);
    char text[64];
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

int run_load(const std::vector<Pair>& pairs, int n, const std::string& authority, int port,
             int per_actor, int connections, const std::string& tag) {
    double verify_rate = verifications_per_second(pairs[0]);
    Run run;
    run.requests.reserve(std::size_t(n) * per_actor);
    auto published = http_date();
    std::vector<federation::PrivateKey> keys;
    for (int i = 0; i < n; ++i) {
        auto key = federation::PrivateKey::from_pem(pairs[i].private_pem);
        if (!key) {
            std::fprintf(stderr, "inbox_load: key %d: %s\n", i, key.error().c_str());
            return 1;
        }
        keys.push_back(*key);
    }
    // Round-robin over the actors, as deliveries from many servers interleave.
    for (int j = 0; j < per_actor; ++j) {
        for (int i = 0; i < n; ++i) {
            federation::OutgoingRequest out{"POST",
                                            "http://" + authority + "/inbox",
                                            {{"Content-Type", "application/activity+json"}},
                                            create_note(i, tag, j, published)};
            if (auto signed_ = federation::sign_cavage(out, keys[i], actor_of(i) + "#main-key");
                !signed_) {
                std::fprintf(stderr, "inbox_load: signing: %s\n", signed_.error().c_str());
                return 1;
            }
            bhttp::request<bhttp::string_body> request{bhttp::verb::post, "/inbox", 11};
            for (const auto& header : out.headers)
                request.set(header.first, header.second);
            request.body() = std::move(out.body);
            request.keep_alive(true);
            request.prepare_payload();
            run.requests.push_back(std::move(request));
        }
    }
    asio::io_context io(1);
    tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), std::uint16_t(port));
    auto start = now_seconds();
    for (int c = 0; c < connections; ++c)
        asio::co_spawn(io, connection(endpoint, run), asio::detached);
    io.run();
    auto& l = run.latencies_ms;
    std::sort(l.begin(), l.end());
    auto at = [&](double q) { return l.empty() ? 0.0 : l[std::size_t(q * double(l.size() - 1))]; };
    std::printf("verify_per_s %.0f sent %zu accepted %ld refused %ld start %.6f end %.6f p50_ms "
                "%.2f p99_ms %.2f max_ms %.2f\n",
                verify_rate, l.size(), run.accepted, run.refused, start, run.end, at(0.5), at(0.99),
                l.empty() ? 0.0 : l.back());
    if (!run.first_refusal.empty())
        std::fprintf(stderr, "inbox_load: first refusal: %s\n", run.first_refusal.c_str());
    return 0;
}

int usage() {
    std::fprintf(stderr, "usage: inbox_load keys FILE N | sql FILE N | run FILE N AUTHORITY PORT "
                         "PER_ACTOR CONNECTIONS TAG\n");
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) return usage();
    std::string mode = argv[1], path = argv[2];
    int n = std::atoi(argv[3]);
    if (n < 1 || n > 100000) return usage();
    if (mode == "keys") return make_keys(path, n);
    auto pairs = read_pairs(path);
    if (int(pairs.size()) < n) {
        std::fprintf(stderr, "inbox_load: %s holds %zu key pairs, not %d\n", path.c_str(),
                     pairs.size(), n);
        return 1;
    }
    if (mode == "sql" && argc == 4) return print_sql(pairs, n);
    if (mode == "run" && argc == 9) {
        int port = std::atoi(argv[5]), per_actor = std::atoi(argv[6]),
            connections = std::atoi(argv[7]);
        if (port < 1 || port > 65535 || per_actor < 1 || connections < 1 || connections > 1000)
            return usage();
        return run_load(pairs, n, argv[4], port, per_actor, connections, argv[8]);
    }
    return usage();
}

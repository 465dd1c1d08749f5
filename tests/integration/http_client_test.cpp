// The outbound HTTP client against a real loopback peer: limits, timeouts, redirects, the SSRF
// guard, plain http refused, per-hop signing, and the 401 → RFC 9421 retry remembered per domain.
#include "crypto/keys.hpp"
#include "federation/http_client.hpp"
#include "federation/http_client_coro.hpp"
#include "federation/signed_client.hpp"
#include "rig/fake_peer.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <catch2/catch.hpp>

#include <future>

using namespace agora;
using namespace agora::federation;
using agora::testing::FakePeer;
using agora::testing::PeerRequest;
using agora::testing::PeerResponse;
using namespace std::chrono_literals;

namespace {
HttpClientOptions loopback() {
    HttpClientOptions o;
    o.allow_http = true;
    o.allow_private_addresses = true;
    o.connect_timeout = 2s;
    o.request_timeout = 3s;
    o.user_agent = "Agora/test (+https://agora.test/)";
    return o;
}

OutgoingRequest get(const std::string& url) {
    return {"GET", url, {{"Accept", "application/activity+json"}}, {}};
}

PeerResponse redirect_to(std::string location, int status = 302) {
    PeerResponse r;
    r.status = status;
    r.headers = {{"Location", std::move(location)}};
    return r;
}

SigningKey test_key() {
    static const auto pair = crypto::generate_rsa_keypair();
    return {*PrivateKey::from_pem(pair.private_pem), "https://agora.test/actor#main-key"};
}

// Whether the peer's record of a request carries a valid signature by `key`.
bool signed_by(const PeerRequest& r, const PublicKey& key, const std::string& authority) {
    ReceivedRequest received{r.method, r.target, r.headers, r.body};
    VerifyOptions options;
    options.scheme = "http";
    options.expected_authority = authority;
    return verify_signature(received, key, options).has_value();
}
} // namespace

TEST_CASE("http client: a GET reaches the peer with its headers and comes back whole",
          "[integration][http_client]") {
    FakePeer peer;
    peer.on("/doc", [](const PeerRequest&) {
        PeerResponse r;
        r.body = R"({"ok":true})";
        r.headers = {{"X-Peer", "yes"}};
        return r;
    });
    HttpClient client(loopback());
    auto result = client.send(get(peer.url("/doc?x=1")));
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK(result->body == R"({"ok":true})");
    CHECK(result->header("x-peer") == "yes");
    CHECK(result->header("content-type") == "application/activity+json");
    CHECK(result->url == peer.url("/doc?x=1"));
    auto requests = peer.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].method == "GET");
    CHECK(requests[0].target == "/doc?x=1");
    CHECK(requests[0].header("User-Agent") == "Agora/test (+https://agora.test/)");
    CHECK(requests[0].header("Host") == peer.authority());
    CHECK(requests[0].header("Accept") == "application/activity+json");
    CHECK_FALSE(requests[0].header("Date").empty());
}

TEST_CASE("http client: a POST carries its body", "[integration][http_client]") {
    FakePeer peer;
    peer.on("/inbox", [](const PeerRequest& r) {
        PeerResponse res;
        res.status = 202;
        res.body = r.body;
        return res;
    });
    HttpClient client(loopback());
    auto result = client.send({"POST",
                               peer.url("/inbox"),
                               {{"Content-Type", "application/activity+json"}},
                               R"({"type":"Follow"})"});
    REQUIRE(result);
    CHECK(result->status == 202);
    CHECK(result->body == R"({"type":"Follow"})");
    CHECK(peer.requests().at(0).header("Content-Length") == "17");
}

TEST_CASE("http client: plain http is refused unless allowed", "[integration][http_client][ssrf]") {
    FakePeer peer;
    peer.serve_json("/doc", "{}");
    auto options = loopback();
    options.allow_http = false;
    HttpClient client(options);
    auto result = client.send(get(peer.url("/doc")));
    REQUIRE_FALSE(result);
    CHECK(result.error().failure == FetchFailure::scheme_refused);
    CHECK(peer.requests().empty());
}

TEST_CASE("http client: private addresses are refused unless allowed, names included",
          "[integration][http_client][ssrf]") {
    FakePeer peer;
    peer.serve_json("/doc", "{}");
    auto options = loopback();
    options.allow_private_addresses = false;
    HttpClient client(options);
    for (std::string url :
         {peer.url("/doc"), "http://localhost:" + std::to_string(peer.port()) + "/doc",
          "http://[::1]:" + std::to_string(peer.port()) + "/doc",
          "http://[::ffff:127.0.0.1]:" + std::to_string(peer.port()) + "/doc",
          "http://0.0.0.0:" + std::to_string(peer.port()) + "/doc"}) {
        INFO(url);
        auto result = client.send(get(url));
        REQUIRE_FALSE(result);
        CHECK(result.error().failure == FetchFailure::address_refused);
    }
    CHECK(peer.requests().empty());
}

TEST_CASE("http client: a redirect to an unusable location stops the request",
          "[integration][http_client][ssrf]") {
    FakePeer peer;
    peer.on("/ftp", [&](const PeerRequest&) { return redirect_to("ftp://127.0.0.1/x"); });
    peer.on("/userinfo", [&](const PeerRequest&) { return redirect_to("http://a@127.0.0.1/"); });
    HttpClient client(loopback());
    for (const char* path : {"/ftp", "/userinfo"}) {
        INFO(path);
        auto result = client.send(get(peer.url(path)));
        REQUIRE_FALSE(result);
        CHECK(result.error().failure == FetchFailure::too_many_redirects);
    }
}

TEST_CASE("http client: an oversized answer is refused", "[integration][http_client]") {
    FakePeer peer;
    peer.on("/huge", [](const PeerRequest&) {
        PeerResponse r;
        r.body = "\"" + std::string(2 * 1024 * 1024, 'a') + "\"";
        return r;
    });
    peer.on("/huge-header", [](const PeerRequest&) {
        PeerResponse r;
        r.headers = {{"X-Big", std::string(64 * 1024, 'b')}};
        return r;
    });
    peer.on("/just-fits", [](const PeerRequest&) {
        PeerResponse r;
        r.body = std::string(1024 * 1024, 'c');
        return r;
    });
    HttpClient client(loopback());
    auto huge = client.send(get(peer.url("/huge")));
    REQUIRE_FALSE(huge);
    CHECK(huge.error().failure == FetchFailure::too_large);
    auto header = client.send(get(peer.url("/huge-header")));
    REQUIRE_FALSE(header);
    CHECK(header.error().failure == FetchFailure::too_large);
    auto fits = client.send(get(peer.url("/just-fits")));
    REQUIRE(fits);
    CHECK(fits->body.size() == 1024 * 1024);
}

TEST_CASE("http client: a slow server times out, even one that keeps sending",
          "[integration][http_client]") {
    FakePeer peer;
    peer.on("/slow", [](const PeerRequest&) {
        PeerResponse r;
        r.delay = 2500ms;
        r.body = "{}";
        return r;
    });
    peer.on("/drip", [](const PeerRequest&) {
        PeerResponse r;
        r.drip_chunks = 30;
        r.drip_every = 100ms;
        return r;
    });
    auto options = loopback();
    options.request_timeout = 1s;
    HttpClient client(options);
    for (const char* path : {"/slow", "/drip"}) {
        INFO(path);
        auto start = std::chrono::steady_clock::now();
        auto result = client.send(get(peer.url(path)));
        auto elapsed = std::chrono::steady_clock::now() - start;
        REQUIRE_FALSE(result);
        CHECK(result.error().failure == FetchFailure::timeout);
        CHECK(elapsed >= 900ms);
        CHECK(elapsed < 2000ms);
    }
}

TEST_CASE("http client: at most three redirects, each one followed to where it points",
          "[integration][http_client]") {
    FakePeer peer, other;
    peer.on("/r1", [&](const PeerRequest&) { return redirect_to("/r2", 301); });
    peer.on("/r2", [&](const PeerRequest&) { return redirect_to("r3", 307); });
    peer.on("/r3", [&](const PeerRequest&) { return redirect_to(other.url("/final"), 308); });
    other.serve_json("/final", R"({"at":"final"})");
    peer.on("/loop", [&](const PeerRequest&) { return redirect_to("/loop"); });
    peer.on("/post", [&](const PeerRequest&) { return redirect_to(other.url("/final")); });
    HttpClient client(loopback());

    auto followed = client.send(get(peer.url("/r1")));
    REQUIRE(followed);
    CHECK(followed->status == 200);
    CHECK(followed->body == R"({"at":"final"})");
    CHECK(followed->url == other.url("/final"));
    CHECK(other.requests().at(0).header("Host") == other.authority());

    auto loop = client.send(get(peer.url("/loop")));
    REQUIRE_FALSE(loop);
    CHECK(loop.error().failure == FetchFailure::too_many_redirects);
    CHECK(peer.count("/loop") == 4); // the request and three redirects

    // A POST is not redirected: the caller sees the redirect.
    auto post = client.send({"POST", peer.url("/post"), {}, "{}"});
    REQUIRE(post);
    CHECK(post->status == 302);
    CHECK(other.count("/final") == 1);
}

TEST_CASE("http client: each hop is signed for where it goes", "[integration][http_client]") {
    FakePeer peer, other;
    peer.on("/start", [&](const PeerRequest&) { return redirect_to(other.url("/doc")); });
    other.serve_json("/doc", "{}");
    HttpClient client(loopback());
    std::vector<std::string> signed_urls;
    std::mutex mutex;
    RequestSigner signer = [&](OutgoingRequest& r) -> std::expected<void, std::string> {
        std::lock_guard lock(mutex);
        signed_urls.push_back(r.url);
        r.headers.emplace_back("X-Signed-For", r.url);
        return {};
    };
    REQUIRE(client.send(get(peer.url("/start")), signer));
    CHECK(signed_urls == std::vector<std::string>{peer.url("/start"), other.url("/doc")});
    CHECK(peer.requests().at(0).header("X-Signed-For") == peer.url("/start"));
    CHECK(other.requests().at(0).header("X-Signed-For") == other.url("/doc"));

    auto refused = client.send(get(peer.url("/start")),
                               [](OutgoingRequest&) -> std::expected<void, std::string> {
                                   return std::unexpected("no key");
                               });
    REQUIRE_FALSE(refused);
    CHECK(refused.error().failure == FetchFailure::signing_failed);
}

TEST_CASE("http client: bad requests and unreachable servers", "[integration][http_client]") {
    HttpClient client(loopback());
    auto put = client.send({"PUT", "http://127.0.0.1:1/", {}, {}});
    REQUIRE_FALSE(put);
    CHECK(put.error().failure == FetchFailure::method_refused);
    auto bad = client.send(get("http://user@127.0.0.1/"));
    REQUIRE_FALSE(bad);
    CHECK(bad.error().failure == FetchFailure::bad_url);
    std::uint16_t closed_port;
    {
        FakePeer gone;
        closed_port = gone.port();
    }
    auto closed = client.send(get("http://127.0.0.1:" + std::to_string(closed_port) + "/"));
    REQUIRE_FALSE(closed);
    CHECK(closed.error().failure == FetchFailure::connect_failed);
    auto unknown = client.send(get("http://no-such-host.invalid/"));
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().failure == FetchFailure::resolve_failed);
}

TEST_CASE("http client: coroutines await requests", "[integration][http_client]") {
    FakePeer peer;
    peer.serve_json("/doc", R"({"from":"coroutine"})");
    HttpClient client(loopback());
    boost::asio::io_context io;
    std::promise<HttpResult> outcome;
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
            auto result =
                co_await async_send(client, get(peer.url("/doc")), {}, boost::asio::use_awaitable);
            outcome.set_value(std::move(result));
        },
        boost::asio::detached);
    io.run();
    auto result = outcome.get_future().get();
    REQUIRE(result);
    CHECK(result->body == R"({"from":"coroutine"})");
}

TEST_CASE("signed client: draft-cavage first, RFC 9421 after a 401, remembered per domain",
          "[integration][http_client][signatures]") {
    auto pair = crypto::generate_rsa_keypair();
    SigningKey key{*PrivateKey::from_pem(pair.private_pem), "https://agora.test/actor#main-key"};
    auto public_key = *PublicKey::from_pem(pair.public_pem);

    FakePeer modern, classic;
    // `modern` accepts only RFC 9421, `classic` only draft-cavage; both check the signature.
    modern.on("/doc", [&](const PeerRequest& r) {
        PeerResponse res{401, "application/json", "{}"};
        if (!r.header("Signature-Input").empty() && signed_by(r, public_key, modern.authority()))
            res = PeerResponse{200, "application/activity+json", R"({"ok":1})"};
        return res;
    });
    classic.on("/doc", [&](const PeerRequest& r) {
        PeerResponse res{401, "application/json", "{}"};
        if (r.header("Signature-Input").empty() && signed_by(r, public_key, classic.authority()))
            res = PeerResponse{200, "application/activity+json", R"({"ok":1})"};
        return res;
    });
    HttpClient http(loopback());
    SignedClient client(http);

    auto first = client.get(modern.url("/doc"), "application/activity+json", key);
    REQUIRE(first);
    CHECK(first->status == 200);
    REQUIRE(modern.count("/doc") == 2);
    CHECK(modern.requests()[0].header("Signature-Input").empty());
    CHECK_FALSE(modern.requests()[0].header("Signature").empty());
    CHECK_FALSE(modern.requests()[1].header("Signature-Input").empty());
    CHECK(client.schemes().scheme_for(modern.authority()) == SignatureScheme::rfc9421);

    auto second = client.get(modern.url("/doc"), "application/activity+json", key);
    REQUIRE(second);
    CHECK(second->status == 200);
    CHECK(modern.count("/doc") == 3); // straight to RFC 9421
    CHECK_FALSE(modern.requests()[2].header("Signature-Input").empty());

    auto cavage = client.get(classic.url("/doc"), "application/activity+json", key);
    REQUIRE(cavage);
    CHECK(cavage->status == 200);
    CHECK(classic.count("/doc") == 1);
    CHECK(client.schemes().scheme_for(classic.authority()) == SignatureScheme::draft_cavage);

    // A POST is signed with its digest, and retried the same way.
    modern.on("/inbox", [&](const PeerRequest& r) {
        PeerResponse res{401, "application/json", "{}"};
        if (!r.header("Content-Digest").empty() && signed_by(r, public_key, modern.authority()))
            res = PeerResponse{202, "application/json", "{}"};
        return res;
    });
    auto post =
        client.post(modern.url("/inbox"), R"({"type":"Like"})", "application/activity+json", key);
    REQUIRE(post);
    CHECK(post->status == 202);
    CHECK(modern.count("/inbox") == 1);
}

TEST_CASE("signed client: a server refusing both schemes gets two tries, nothing remembered",
          "[integration][http_client][signatures]") {
    FakePeer peer;
    peer.on("/doc", [](const PeerRequest&) { return PeerResponse{401, "application/json", "{}"}; });
    HttpClient http(loopback());
    SignedClient client(http);
    auto result = client.get(peer.url("/doc"), "application/activity+json", test_key());
    REQUIRE(result);
    CHECK(result->status == 401);
    CHECK(peer.count("/doc") == 2);
    CHECK(client.schemes().scheme_for(peer.authority()) == SignatureScheme::draft_cavage);
}

TEST_CASE("http client: after shutdown, requests end at once as cancelled",
          "[integration][http_client]") {
    FakePeer peer;
    peer.serve_json("/doc", "{}");
    HttpClient client(loopback());
    REQUIRE(client.send(get(peer.url("/doc"))));
    client.shutdown();
    client.shutdown(); // twice is harmless
    auto after = client.send(get(peer.url("/doc")));
    REQUIRE_FALSE(after);
    CHECK(after.error().failure == FetchFailure::cancelled);
    CHECK(peer.count("/doc") == 1);
}

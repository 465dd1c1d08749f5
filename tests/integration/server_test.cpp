// The HTTP server under bad and slow input: limits, timeouts, keep-alive, health, graceful stop.
#include "rig/raw_connection.hpp"
#include "rig/test_node.hpp"
#include "store/accounts_repo.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using testing::RawConnection;
using testing::status_of;

namespace {
std::int64_t account_rows(testing::TestNode& t) {
    auto conn = t.node().database().acquire();
    auto st =
        conn->query("SELECT (SELECT COUNT(*) FROM accounts) + (SELECT COUNT(*) FROM statuses)");
    st.step();
    return st.int64(0);
}
} // namespace

TEST_CASE("server: liveness and readiness", "[integration][server]") {
    testing::TestNode t;
    auto client = t.client();
    auto live = client.Get("/livez");
    REQUIRE(live);
    CHECK(live->status == 200);
    auto ready = client.Get("/readyz");
    REQUIRE(ready);
    CHECK(ready->status == 200);
    CHECK(ready->body == "ok\n");
    auto head = client.Head("/livez");
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->body.empty());
}

TEST_CASE("server: unknown routes are JSON 404s, wrong methods 405", "[integration][server]") {
    testing::TestNode t;
    auto client = t.client();
    auto res = client.Get("/no/such/thing");
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(nlohmann::json::parse(res->body)["error"] == "Not found");
    auto put = client.Put("/livez", "x", "text/plain");
    REQUIRE(put);
    CHECK(put->status == 405);
    CHECK(put->get_header_value("Allow") == "GET, HEAD");
}

TEST_CASE("server: an oversized body gets 413 and nothing is written", "[integration][server]") {
    testing::TestNode t([](Config& c) { c.http.max_body_bytes = 4096; });
    t.create_account("alice");
    auto before = account_rows(t);
    auto client = t.client();
    auto res = client.Post("/api/v1/statuses", std::string(100 * 1024, 'x'),
                           "application/x-www-form-urlencoded");
    REQUIRE(res);
    CHECK(res->status == 413);
    // A chunked body has no Content-Length: the limit stops it while it streams.
    RawConnection raw(t.port());
    std::string chunk(3000, 'y');
    std::string request =
        "POST /api/v1/statuses HTTP/1.1\r\nHost: agora.test\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 3; ++i)
        request += "bb8\r\n" + chunk + "\r\n";
    request += "0\r\n\r\n";
    raw.send(request);
    CHECK(status_of(raw.read_response(3000)) == 413);
    CHECK(account_rows(t) == before);
}

TEST_CASE("server: oversized headers get 431, garbage gets 400", "[integration][server]") {
    testing::TestNode t([](Config& c) { c.http.max_header_bytes = 2048; });
    {
        RawConnection raw(t.port());
        raw.send("GET /livez HTTP/1.1\r\nHost: agora.test\r\nX-Big: " + std::string(4096, 'a') +
                 "\r\n\r\n");
        CHECK(status_of(raw.read_response(3000)) == 431);
        CHECK(raw.closed_within(3000));
    }
    {
        RawConnection raw(t.port());
        raw.send("THIS IS NOT HTTP\r\n\r\n");
        CHECK(status_of(raw.read_response(3000)) == 400);
    }
    {
        RawConnection raw(t.port());
        raw.send("GET http://evil.example/ HTTP/1.1\r\nHost: agora.test\r\n\r\n");
        CHECK(status_of(raw.read_response(3000)) == 400);
    }
    {
        RawConnection raw(t.port());
        raw.send("GET /%zz HTTP/1.1\r\nHost: agora.test\r\n\r\n");
        CHECK(status_of(raw.read_response(3000)) == 400);
    }
    auto still = t.client().Get("/livez");
    REQUIRE(still);
    CHECK(still->status == 200);
}

TEST_CASE("server: keep-alive serves several requests, pipelined too", "[integration][server]") {
    testing::TestNode t;
    RawConnection raw(t.port());
    raw.send("GET /livez HTTP/1.1\r\nHost: agora.test\r\n\r\nGET /readyz HTTP/1.1\r\nHost: "
             "agora.test\r\n\r\n");
    auto first = raw.read_response(3000);
    auto second = raw.read_response(3000);
    CHECK(status_of(first) == 200);
    CHECK(status_of(second) == 200);
    raw.send("GET /livez HTTP/1.1\r\nHost: agora.test\r\nConnection: close\r\n\r\n");
    CHECK(status_of(raw.read_response(3000)) == 200);
    CHECK(raw.closed_within(3000));
}

TEST_CASE("server: slow clients are cut off at the request timeout", "[integration][server]") {
    testing::TestNode t([](Config& c) { c.http.request_timeout_seconds = 1; });
    RawConnection raw(t.port());
    raw.send("GET /livez HTTP/1.1\r\nHost: agora.test\r\n"); // never finishes its headers
    CHECK(raw.closed_within(4000));
    auto other = t.client().Get("/livez"); // and nobody else waited for it
    REQUIRE(other);
    CHECK(other->status == 200);
}

TEST_CASE("server: idle keep-alive connections are closed after the idle timeout",
          "[integration][server]") {
    testing::TestNode t([](Config& c) { c.http.idle_timeout_seconds = 1; });
    RawConnection raw(t.port());
    raw.send("GET /livez HTTP/1.1\r\nHost: agora.test\r\n\r\n");
    CHECK(status_of(raw.read_response(3000)) == 200);
    CHECK(raw.closed_within(4000));
}

TEST_CASE("server: stop finishes in-flight requests and closes idle connections",
          "[integration][server]") {
    testing::TestNode t;
    RawConnection idle(t.port());
    idle.send("GET /livez HTTP/1.1\r\nHost: agora.test\r\n\r\n");
    REQUIRE(status_of(idle.read_response(3000)) == 200);
    RawConnection busy(t.port());
    busy.send("GET /readyz HTTP/1.1\r\nHost: agora.test\r\n"); // headers not finished yet
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::thread stopper([&t] { t.stop(); });
    CHECK(idle.closed_within(3000));
    busy.send("\r\n");
    auto response = busy.read_response(3000);
    CHECK(status_of(response) == 503); // answered, and readiness already reports the stop
    CHECK_THAT(response, Catch::Contains("Connection: close"));
    stopper.join();
    CHECK_THROWS(RawConnection(t.port()));
}

// Streaming over real connections: WebSocket and server-sent events, subscriptions, and the rule
// that a stream never carries what its listener may not see.
#include "rig/member.hpp"
#include "rig/raw_connection.hpp"
#include "rig/test_node.hpp"
#include "rig/websocket_client.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::Member;
using testing::member;
using testing::WebSocketClient;

namespace {
json post(httplib::Client& client, const Member& who, const std::string& body) {
    auto res =
        client.Post("/api/v1/statuses", who.auth(), body, "application/x-www-form-urlencoded");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body);
}

// The next event on a WebSocket, skipping none; fails the test after 5 s.
json next_event(WebSocketClient& ws) {
    auto frame = ws.receive(5000);
    REQUIRE(frame.has_value());
    return json::parse(*frame);
}
} // namespace

TEST_CASE("streaming: user stream over WebSocket gets updates and notifications",
          "[api][streaming]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    WebSocketClient ws(t.port(), "/api/v1/streaming?stream=user&access_token=" + alice.token);
    REQUIRE(ws.upgraded());

    auto follow =
        client.Post("/api/v1/accounts/" + bob.id() + "/follow", alice.auth(), "", "text/plain");
    REQUIRE(follow);
    auto posted = post(client, bob, "status=hello+followers");
    bool saw_update = false;
    for (int i = 0; i < 3 && !saw_update; ++i) {
        auto event = next_event(ws);
        CHECK(event["stream"] == json({"user"}));
        if (event["event"] == "update") {
            auto status = json::parse(event["payload"].get<std::string>());
            CHECK(status["id"] == posted["id"]);
            CHECK(status["account"]["username"] == "bob");
            saw_update = true;
        }
    }
    CHECK(saw_update);

    // Someone follows alice: a notification arrives on her user stream.
    auto back =
        client.Post("/api/v1/accounts/" + alice.id() + "/follow", bob.auth(), "", "text/plain");
    REQUIRE(back);
    REQUIRE(back->status == 200);

    auto event = next_event(ws);
    CHECK(event["event"] == "notification");
    CHECK(json::parse(event["payload"].get<std::string>())["type"] == "follow");

    // Deletion reaches the stream as the id.
    auto del = client.Delete("/api/v1/statuses/" + posted["id"].get<std::string>(), bob.auth());
    REQUIRE(del);
    event = next_event(ws);
    CHECK(event["event"] == "delete");
    CHECK(event["payload"] == posted["id"]);
}

TEST_CASE("streaming: subscribe and unsubscribe messages, token as WebSocket protocol",
          "[api][streaming]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    WebSocketClient ws(t.port(), "/api/v1/streaming", alice.token);
    REQUIRE(ws.upgraded());
    CHECK_THAT(ws.handshake(), Catch::Contains("Sec-WebSocket-Protocol: " + alice.token));
    ws.send_text(R"({"type":"subscribe","stream":"hashtag","tag":"Agora"})");
    ws.send_text(R"({"type":"subscribe","stream":"nonsense"})");
    auto error = next_event(ws);
    CHECK(error["error"] == "Unknown stream type");
    auto tagged = post(client, alice, "status=about+%23agora");
    post(client, alice, "status=about+nothing");
    auto event = next_event(ws);
    CHECK(event["stream"] == json({"hashtag", "Agora"}));
    CHECK(json::parse(event["payload"].get<std::string>())["id"] == tagged["id"]);
    CHECK_FALSE(ws.receive(500).has_value()); // the untagged one was not sent
    ws.send_text(R"({"type":"unsubscribe","stream":"hashtag","tag":"agora"})");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    post(client, alice, "status=more+%23agora");
    CHECK_FALSE(ws.receive(700).has_value());
}

TEST_CASE("streaming: public stream as server-sent events, only public statuses",
          "[api][streaming]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    testing::RawConnection sse(t.port());
    sse.send("GET /api/v1/streaming/public/local HTTP/1.1\r\nHost: agora.test\r\nAccept: "
             "text/event-stream\r\n\r\n");
    auto head = sse.read_all(300);
    CHECK(testing::status_of(head) == 200);
    CHECK_THAT(head, Catch::Contains("Content-Type: text/event-stream"));
    post(client, alice, "status=secret&visibility=private");
    post(client, alice, "status=quiet&visibility=unlisted");
    auto open = post(client, alice, "status=for+everyone");
    std::string stream;
    for (int i = 0; i < 50 && stream.find("for everyone") == std::string::npos; ++i)
        stream += sse.read_all(100);
    CHECK_THAT(stream, Catch::Contains("event: update\ndata: {"));
    CHECK_THAT(stream, Catch::Contains(open["id"].get<std::string>()));
    CHECK_THAT(stream, !Catch::Contains("secret"));
    CHECK_THAT(stream, !Catch::Contains("quiet"));
}

TEST_CASE("streaming: refusals are plain HTTP errors, health answers OK", "[api][streaming]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    WebSocketClient bad_token(t.port(), "/api/v1/streaming?stream=user&access_token=forged");
    CHECK(testing::status_of(bad_token.handshake()) == 401);
    WebSocketClient anonymous_user(t.port(), "/api/v1/streaming?stream=user");
    CHECK(testing::status_of(anonymous_user.handshake()) == 401);
    WebSocketClient unknown(t.port(),
                            "/api/v1/streaming?stream=everything&access_token=" + alice.token);
    CHECK(testing::status_of(unknown.handshake()) == 400);
    auto narrow = t.token_for(alice.created.account, "write:statuses");
    WebSocketClient no_scope(t.port(), "/api/v1/streaming?stream=user&access_token=" + narrow);
    CHECK(testing::status_of(no_scope.handshake()) == 403);
    auto health = t.client().Get("/api/v1/streaming/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(health->body == "OK");
}

TEST_CASE("streaming: a stop closes live streams", "[api][streaming]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    WebSocketClient ws(t.port(), "/api/v1/streaming?stream=user&access_token=" + alice.token);
    REQUIRE(ws.upgraded());
    testing::RawConnection sse(t.port());
    sse.send("GET /api/v1/streaming/public HTTP/1.1\r\nHost: agora.test\r\n\r\n");
    sse.read_all(200);
    auto started = std::chrono::steady_clock::now();
    t.stop();
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
    CHECK(sse.closed_within(1000));
}

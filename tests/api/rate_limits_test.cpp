// Rate limits over real HTTP: the X-RateLimit headers counting down, 429 at the limit with the
// reset time, per-token, per-account and per-address counts kept apart, X-Forwarded-For believed
// only from trusted proxies, the sign-up, sign-in, upload and deletion limits, and no limits when
// they are turned off. Test requests come from 127.0.0.1, which (as the default trusted proxy) is
// not limited itself: each test says whom it forwards for.
#include "crypto/password.hpp"
#include "rig/member.hpp"
#include "rig/test_images.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <regex>
#include <thread>
#include <vector>

using namespace agora;
using nlohmann::json;
using testing::Member;

namespace {
httplib::Headers from(const std::string& address, const httplib::Headers& more = {}) {
    httplib::Headers headers = more;
    headers.emplace("X-Forwarded-For", address);
    return headers;
}

httplib::Headers as(const Member& who, const std::string& address) {
    return from(address, who.auth());
}

// X-RateLimit-Reset as unix seconds (the microseconds are checked for their form only).
std::int64_t reset_seconds(const httplib::Response& res) {
    auto text = res.get_header_value("X-RateLimit-Reset");
    static const std::regex form(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$)");
    INFO(text);
    REQUIRE(std::regex_match(text, form));
    std::tm tm{};
    REQUIRE(strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) != nullptr);
    return timegm(&tm);
}

std::int64_t now_seconds() {
    return std::time(nullptr);
}

int remaining(const httplib::Response& res) {
    return std::stoi(res.get_header_value("X-RateLimit-Remaining"));
}
int limit(const httplib::Response& res) {
    return std::stoi(res.get_header_value("X-RateLimit-Limit"));
}

// Asks `path` until it is refused; returns how many answers were not 429 (at most `at_most` + 1).
// A window that ends in the middle (rare: windows last minutes) starts the count again.
int requests_until_refused(httplib::Client& client, const std::string& path,
                           const httplib::Headers& headers, int at_most) {
    int allowed = 0;
    std::int64_t window = 0;
    for (int i = 0; i < 2 * at_most + 2; ++i) {
        auto res = client.Get(path.c_str(), headers);
        REQUIRE(res);
        auto reset = reset_seconds(*res);
        if (reset != window) {
            window = reset;
            allowed = 0;
        }
        if (res->status == 429) return allowed;
        REQUIRE(res->status == 200);
        if (++allowed > at_most) break;
    }
    return allowed;
}

// Counters live in fixed windows aligned on the clock (5, 15 and 30 minutes, all multiples of 5
// minutes), as Mastodon's: a test that counts several hits must not straddle a window's end, or
// the count starts again halfway. Starting no later than 45 s before one leaves room enough.
void away_from_window_end() {
    using namespace std::chrono;
    auto into_window = duration_cast<seconds>(system_clock::now().time_since_epoch()).count() % 300;
    if (into_window > 300 - 45) std::this_thread::sleep_for(seconds(300 - into_window + 1));
}

testing::TestNode node_with(std::function<void(Config&)> adjust) {
    away_from_window_end();
    return testing::TestNode(std::move(adjust));
}

// Mastodon's numbers divided by ten: 30 per token, 150 per account, 30 per address, 1 sign-up,
// 3 sign-ins, 3 uploads, 3 deletions per window.
void tenth(Config& c) {
    c.rate_limits.scale = 0.1;
}
} // namespace

TEST_CASE("rate limits: API answers carry Mastodon's headers, counting down per token",
          "[api][rate_limits]") {
    auto t = node_with([](Config&) {});
    auto alice = testing::member(t, "alice");
    auto client = t.client();
    auto first = client.Get("/api/v1/accounts/verify_credentials", as(alice, "198.51.100.1"));
    auto second = client.Get("/api/v1/accounts/verify_credentials", as(alice, "198.51.100.1"));
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->status == 200);
    // 300 per token is closer to its end than 1500 per account: it is the one told.
    CHECK(limit(*first) == 300);
    CHECK(remaining(*first) == 299);
    CHECK(remaining(*second) == 298);
    auto reset = reset_seconds(*second);
    CHECK(reset > now_seconds() - 1);
    CHECK(reset <= now_seconds() + 300);
    CHECK(reset % 300 == 0); // windows of five minutes, aligned as Mastodon's
    // Browser apps may read them.
    CHECK_THAT(first->get_header_value("Access-Control-Expose-Headers"),
               Catch::Contains("X-RateLimit-Remaining") && Catch::Contains("Link"));

    // An answer with nothing to expose does not say so (the machine itself is not limited).
    auto local = client.Get("/api/v1/accounts/verify_credentials", alice.auth());
    REQUIRE(local);
    CHECK_FALSE(local->has_header("X-RateLimit-Limit"));
    CHECK_FALSE(local->has_header("Access-Control-Expose-Headers"));
    CHECK(local->get_header_value("Access-Control-Allow-Origin") == "*");

    // Without a token, the address is counted: 300 per five minutes, on its own count.
    auto anonymous = client.Get("/api/v1/instance", from("198.51.100.1"));
    REQUIRE(anonymous);
    CHECK(limit(*anonymous) == 300);
    CHECK(remaining(*anonymous) == 299);

    // Addresses outside the API are not limited (federation and pages have their own story).
    auto page = client.Get("/users/alice", from("198.51.100.1"));
    REQUIRE(page);
    CHECK_FALSE(page->has_header("X-RateLimit-Limit"));
}

TEST_CASE("rate limits: over the limit, 429 with the reset time", "[api][rate_limits]") {
    auto t = node_with(tenth);
    auto alice = testing::member(t, "alice");
    auto client = t.client();
    auto headers = as(alice, "198.51.100.2");
    CHECK(requests_until_refused(client, "/api/v1/timelines/home", headers, 40) == 30);

    auto refused = client.Get("/api/v1/timelines/home", headers);
    REQUIRE(refused);
    CHECK(refused->status == 429);
    CHECK(json::parse(refused->body) == json{{"error", "Too many requests"}});
    CHECK(limit(*refused) == 30);
    CHECK(remaining(*refused) == 0);
    auto reset = reset_seconds(*refused);
    auto retry_after = std::stoll(refused->get_header_value("Retry-After"));
    CHECK(retry_after >= 1);
    CHECK(retry_after <= 300);
    CHECK(std::llabs(now_seconds() + retry_after - reset) <= 1);
    CHECK(refused->get_header_value("Access-Control-Allow-Origin") == "*");
    // A refused call is not answered at all, whatever it asks.
    auto post = client.Post("/api/v1/statuses", headers, "status=hello",
                            "application/x-www-form-urlencoded");
    REQUIRE(post);
    CHECK(post->status == 429);
    auto conn = t.node().database().acquire();
    auto st = conn->query("SELECT COUNT(*) FROM statuses");
    REQUIRE(st.step());
    CHECK(st.int64(0) == 0);
}

TEST_CASE("rate limits: tokens, accounts and addresses are counted apart", "[api][rate_limits]") {
    auto t = node_with(tenth);
    auto alice = testing::member(t, "alice");
    auto bob = testing::member(t, "bob");
    auto client = t.client();
    const std::string address = "198.51.100.3";
    REQUIRE(requests_until_refused(client, "/api/v1/timelines/home", as(alice, address), 40) == 30);

    // Another member behind the same address is not held back by alice's token.
    auto other = client.Get("/api/v1/timelines/home", as(bob, address));
    REQUIRE(other);
    CHECK(other->status == 200);
    CHECK(remaining(*other) == 29);
    // Nor are the anonymous visitors of that address: authenticated calls do not count for it.
    auto anonymous = client.Get("/api/v1/timelines/public", from(address));
    REQUIRE(anonymous);
    CHECK(anonymous->status == 200);
    CHECK(remaining(*anonymous) == 29);
    // Alice's token is refused from anywhere.
    auto elsewhere = client.Get("/api/v1/timelines/home", as(alice, "203.0.113.99"));
    REQUIRE(elsewhere);
    CHECK(elsewhere->status == 429);

    // An address that ran out does not stop members signed in behind it.
    REQUIRE(requests_until_refused(client, "/api/v1/timelines/public", from("198.51.100.4"), 40) ==
            30);
    auto signed_in = client.Get("/api/v1/timelines/public", as(bob, "198.51.100.4"));
    REQUIRE(signed_in);
    CHECK(signed_in->status == 200);
    // A bad token counts as anonymous: it is refused by the address's limit first.
    auto bad = client.Get("/api/v1/timelines/home",
                          from("198.51.100.4", {{"Authorization", "Bearer nope"}}));
    REQUIRE(bad);
    CHECK(bad->status == 429);
    auto bad_elsewhere = client.Get("/api/v1/timelines/home",
                                    from("198.51.100.5", {{"Authorization", "Bearer nope"}}));
    REQUIRE(bad_elsewhere);
    CHECK(bad_elsewhere->status == 401);
    CHECK(remaining(*bad_elsewhere) == 29);
}

TEST_CASE("rate limits: an account's tokens share 1500 calls (here 150)", "[api][rate_limits]") {
    auto t = node_with(tenth);
    auto carol = t.create_account("carol");
    auto client = t.client();
    // Each session uses its 30 calls; the refused 31st still counts for the account, as in
    // Mastodon (the account's limit is counted before the token's).
    for (int i = 0; i < 4; ++i) {
        Member session{carol, t.token_for(carol.account)};
        REQUIRE(requests_until_refused(client, "/api/v1/accounts/verify_credentials",
                                       as(session, "198.51.100.6"), 40) == 30);
    }
    Member fifth{carol, t.token_for(carol.account)};
    CHECK(requests_until_refused(client, "/api/v1/accounts/verify_credentials",
                                 as(fifth, "198.51.100.6"), 40) == 150 - 4 * 31);
    auto res = client.Get("/api/v1/accounts/verify_credentials", as(fifth, "198.51.100.6"));
    REQUIRE(res);
    CHECK(res->status == 429);
    CHECK(limit(*res) == 150);
}

TEST_CASE("rate limits: paging requests have their own count per account", "[api][rate_limits]") {
    auto t = node_with(tenth);
    auto dana = t.create_account("dana");
    Member first{dana, t.token_for(dana.account)};
    Member second{dana, t.token_for(dana.account)};
    auto client = t.client();
    for (int i = 0; i < 10; ++i)
        REQUIRE(
            client
                .Get("/api/v1/timelines/home?max_id=999999999999999999", as(first, "198.51.100.7"))
                ->status == 200);
    // The second token has used 1 of its 30, but the account 11 of its 30 paging calls (in
    // windows of fifteen minutes).
    auto paged =
        client.Get("/api/v1/timelines/home?max_id=999999999999999999", as(second, "198.51.100.7"));
    REQUIRE(paged);
    CHECK(remaining(*paged) == 19);
    CHECK(reset_seconds(*paged) % 900 == 0);
    auto plain = client.Get("/api/v1/timelines/home", as(second, "198.51.100.7"));
    REQUIRE(plain);
    CHECK(remaining(*plain) == 28);
}

TEST_CASE("rate limits: X-Forwarded-For is believed from trusted proxies only",
          "[api][rate_limits]") {
    SECTION("the machine itself (the default trusted proxy) is not limited") {
        auto t = node_with(tenth);
        auto client = t.client();
        for (int i = 0; i < 35; ++i) {
            auto res = client.Get("/api/v1/timelines/public");
            REQUIRE(res);
            REQUIRE(res->status == 200);
            REQUIRE_FALSE(res->has_header("X-RateLimit-Limit"));
        }
    }
    SECTION("from a trusted proxy, each forwarded address has its own count") {
        auto t = node_with([](Config& c) {
            tenth(c);
            c.http.trusted_proxies = {"127.0.0.1/8", "::1", "10.0.0.0/8"};
        });
        auto client = t.client();
        auto remaining_for = [&](const std::string& forwarded) {
            auto res = client.Get("/api/v1/timelines/public", from(forwarded));
            REQUIRE(res);
            REQUIRE(res->has_header("X-RateLimit-Remaining"));
            return remaining(*res);
        };
        CHECK(remaining_for("203.0.113.5") == 29);
        CHECK(remaining_for("203.0.113.5") == 28);
        CHECK(remaining_for("203.0.113.6") == 29);
        // The right-most address that is not a trusted proxy is the client; what the client
        // wrote on the left of it is not believed.
        CHECK(remaining_for("203.0.113.5, 198.51.100.9") == 29);
        CHECK(remaining_for("198.51.100.9") == 28);
        CHECK(remaining_for("203.0.113.6, 10.1.2.3") == 28);
        CHECK(remaining_for("198.51.100.9:4711") == 27);
        // IPv6 clients are counted per /64.
        CHECK(remaining_for("2001:db8:1:2::1") == 29);
        CHECK(remaining_for("[2001:db8:1:2::ffff]:443") == 28);
        CHECK(remaining_for("2001:db8:1:3::1") == 29);
    }
    SECTION("from a peer that is not trusted, X-Forwarded-For is ignored") {
        auto t = node_with([](Config& c) {
            tenth(c);
            c.http.trusted_proxies = {"10.0.0.0/8"};
        });
        auto client = t.client();
        auto a = client.Get("/api/v1/timelines/public", from("203.0.113.5"));
        auto b = client.Get("/api/v1/timelines/public", from("203.0.113.6"));
        auto c = client.Get("/api/v1/timelines/public");
        REQUIRE(a);
        REQUIRE(b);
        REQUIRE(c);
        CHECK(remaining(*a) == 29);
        CHECK(remaining(*b) == 28); // one count: the peer's, 127.0.0.1
        CHECK(remaining(*c) == 27);
    }
}

TEST_CASE("rate limits: five sign-ups per address every thirty minutes", "[api][rate_limits]") {
    auto t = node_with([](Config&) {}); // Mastodon's numbers
    auto client = t.client();
    auto app = testing::answer(
        client.Post("/api/v1/apps",
                    "client_name=Phanpy&redirect_uris=urn:ietf:wg:oauth:2.0:oob&scopes=read+write",
                    "application/x-www-form-urlencoded"),
        200);
    auto token =
        testing::answer(client.Post("/oauth/token",
                                    "grant_type=client_credentials&scope=write&client_id=" +
                                        app["client_id"].get<std::string>() +
                                        "&client_secret=" + app["client_secret"].get<std::string>(),
                                    "application/x-www-form-urlencoded"),
                        200)["access_token"]
            .get<std::string>();
    httplib::Headers auth{{"Authorization", "Bearer " + token}};
    auto sign_up = [&](const std::string& name, const std::string& address) {
        json body{{"username", name}, {"password", "a long password"}, {"agreement", true}};
        auto res =
            client.Post("/api/v1/accounts", from(address, auth), body.dump(), "application/json");
        REQUIRE(res);
        return *res;
    };
    auto first = sign_up("first", "198.51.100.10");
    CHECK(first.status == 200);
    CHECK(limit(first) == 5);
    CHECK(remaining(first) == 4);
    CHECK(reset_seconds(first) % 1800 == 0);
    // Refused sign-ups count too (here: a name already taken).
    for (int i = 0; i < 4; ++i)
        CHECK(sign_up("first", "198.51.100.10").status == 422);
    auto sixth = sign_up("sixth", "198.51.100.10");
    CHECK(sixth.status == 429);
    CHECK(limit(sixth) == 5);
    // Nothing was created for the refused one; another address may still sign up.
    {
        auto conn = t.node().database().acquire();
        auto st = conn->query("SELECT COUNT(*) FROM accounts WHERE username = 'sixth'");
        REQUIRE(st.step());
        CHECK(st.int64(0) == 0);
    }
    CHECK(sign_up("sixth", "198.51.100.11").status == 200);
}

TEST_CASE("rate limits: sign-in attempts per address, by password grant or the sign-in form",
          "[api][rate_limits]") {
    auto t = node_with(tenth); // 3 attempts
    auto erin = t.create_account("erin");
    const std::string password = "a-long-password";
    t.node()
        .database()
        .acquire()
        ->query("UPDATE users SET password_hash = ?, must_change_password = 0 WHERE account_id = ?",
                crypto::hash_password(password), erin.account.id)
        .run();
    auto client = t.client();
    auto app = testing::answer(
        client.Post("/api/v1/apps", "client_name=toot&redirect_uris=urn:ietf:wg:oauth:2.0:oob",
                    "application/x-www-form-urlencoded"),
        200);
    std::string client_auth = "&client_id=" + app["client_id"].get<std::string>() +
                              "&client_secret=" + app["client_secret"].get<std::string>();
    auto password_grant = [&](const std::string& attempt, const std::string& address) {
        auto res =
            client.Post("/oauth/token", from(address),
                        "grant_type=password&username=erin&password=" + attempt + client_auth,
                        "application/x-www-form-urlencoded");
        REQUIRE(res);
        return *res;
    };
    auto wrong = password_grant("wrong", "198.51.100.12");
    CHECK(wrong.status != 200);
    CHECK(limit(wrong) == 3);
    CHECK(remaining(wrong) == 2);
    // The sign-in form counts in the same bucket.
    auto form = client.Post("/oauth/authorize", from("198.51.100.12"),
                            "client_id=" + app["client_id"].get<std::string>() +
                                "&redirect_uri=urn:ietf:wg:oauth:2.0:oob&response_type=code"
                                "&scope=read&username=erin&password=wrong",
                            "application/x-www-form-urlencoded");
    REQUIRE(form);
    CHECK(form->status != 429);
    CHECK(remaining(*form) == 1);
    CHECK(password_grant("wrong", "198.51.100.12").status != 429);
    // The fourth attempt is refused, even with the right password.
    auto refused = password_grant(password, "198.51.100.12");
    CHECK(refused.status == 429);
    CHECK(refused.has_header("Retry-After"));
    CHECK(password_grant(password, "198.51.100.13").status == 200);
    // Other grants are not sign-ins.
    auto app_token = client.Post("/oauth/token", from("198.51.100.12"),
                                 "grant_type=client_credentials" + client_auth,
                                 "application/x-www-form-urlencoded");
    REQUIRE(app_token);
    CHECK(app_token->status == 200);
    CHECK_FALSE(app_token->has_header("X-RateLimit-Limit"));
}

TEST_CASE("rate limits: uploads and deletions per account every thirty minutes",
          "[api][rate_limits]") {
    auto t = node_with(tenth); // 3 of each
    auto fay = testing::member(t, "fay");
    auto client = t.client();
    auto image = testing::make_image("png", 8, 8);
    auto upload = [&]() {
        httplib::MultipartFormDataItems form{{"file", image, "dot.png", "image/png"}};
        auto res = client.Post("/api/v2/media", as(fay, "198.51.100.14"), form);
        REQUIRE(res);
        return *res;
    };
    for (int i = 0; i < 3; ++i) {
        auto res = upload();
        CHECK(res.status == 200);
        CHECK(limit(res) == 3);
        CHECK(remaining(res) == 2 - i);
    }
    CHECK(upload().status == 429);
    {
        auto conn = t.node().database().acquire();
        auto st = conn->query("SELECT COUNT(*) FROM media_attachments");
        REQUIRE(st.step());
        CHECK(st.int64(0) == 3);
    }

    std::vector<std::string> ids;
    for (int i = 0; i < 4; ++i)
        ids.push_back(testing::call(client, "POST", "/api/v1/statuses", fay,
                                    "status=post" + std::to_string(i))["id"]
                          .get<std::string>());
    for (int i = 0; i < 3; ++i) {
        auto res = client.Delete(("/api/v1/statuses/" + ids[i]).c_str(), as(fay, "198.51.100.14"));
        REQUIRE(res);
        CHECK(res->status == 200);
    }
    auto refused = client.Delete(("/api/v1/statuses/" + ids[3]).c_str(), as(fay, "198.51.100.14"));
    REQUIRE(refused);
    CHECK(refused->status == 429);
    CHECK(limit(*refused) == 3);
    testing::call(client, "GET", "/api/v1/statuses/" + ids[3], fay); // still there
}

TEST_CASE("rate limits: none when turned off", "[api][rate_limits]") {
    auto t = node_with([](Config& c) {
        tenth(c);
        c.rate_limits.enabled = false;
    });
    auto alice = testing::member(t, "alice");
    auto client = t.client();
    for (int i = 0; i < 40; ++i) {
        auto res = client.Get("/api/v1/timelines/home", as(alice, "198.51.100.15"));
        REQUIRE(res);
        REQUIRE(res->status == 200);
        REQUIRE_FALSE(res->has_header("X-RateLimit-Limit"));
    }
    for (int i = 0; i < 40; ++i)
        REQUIRE(client.Get("/api/v1/instance", from("198.51.100.15"))->status == 200);
}

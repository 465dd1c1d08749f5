// OAuth over HTTP as clients use it: apps, every grant, PKCE, the sign-in page, revocation, scopes.
#include "crypto/tokens.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;

namespace {
struct App {
    std::string client_id, client_secret;
};

App register_app(httplib::Client& client, const std::string& redirect = "urn:ietf:wg:oauth:2.0:oob",
                 const std::string& scopes = "read write follow") {
    auto res = client.Post("/api/v1/apps", httplib::Params{{"client_name", "Tusky"},
                                                           {"redirect_uris", redirect},
                                                           {"scopes", scopes},
                                                           {"website", "https://tusky.app"}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    auto app = json::parse(res->body);
    return {app["client_id"], app["client_secret"]};
}

std::string query_value(const std::string& url, const std::string& key) {
    auto at = url.find(key + "=");
    if (at == std::string::npos) return "";
    auto end = url.find('&', at);
    return http::percent_decode(url.substr(at + key.size() + 1, end == std::string::npos
                                                                    ? std::string::npos
                                                                    : end - at - key.size() - 1))
        .value_or("");
}
} // namespace

TEST_CASE("oauth: app registration returns Mastodon's Application entity", "[api][oauth]") {
    testing::TestNode t;
    auto client = t.client();
    auto res = client.Post(
        "/api/v1/apps",
        R"({"client_name":"Elk","redirect_uris":["https://elk.zone/cb","urn:ietf:wg:oauth:2.0:oob"],"scopes":"read write push"})",
        "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "*");
    auto app = json::parse(res->body);
    CHECK(app["name"] == "Elk");
    CHECK(app["redirect_uris"] == json({"https://elk.zone/cb", "urn:ietf:wg:oauth:2.0:oob"}));
    CHECK(app["scopes"] == json({"read", "write", "push"}));
    CHECK(app["client_id"].get<std::string>().size() == 43);
    CHECK(app["client_secret"].get<std::string>().size() == 43);
    CHECK(app["id"].is_string());
    // The secret is stored only as a hash.
    auto conn = t.node().database().acquire();
    auto st = conn->query("SELECT client_secret_hash FROM oauth_apps");
    REQUIRE(st.step());
    CHECK(st.text(0) == crypto::sha256_hex(app["client_secret"].get<std::string>()));

    for (auto [body, fragment] : std::vector<std::pair<httplib::Params, std::string>>{
             {{{"redirect_uris", "urn:ietf:wg:oauth:2.0:oob"}}, "client_name"},
             {{{"client_name", "x"}}, "redirect_uris"},
             {{{"client_name", "x"}, {"redirect_uris", "javascript:alert(1)"}}, "redirect_uris"},
             {{{"client_name", "x"},
               {"redirect_uris", "urn:ietf:wg:oauth:2.0:oob"},
               {"scopes", "read admin:everything"}},
              "scopes"}}) {
        auto bad = client.Post("/api/v1/apps", body);
        REQUIRE(bad);
        CHECK(bad->status == 422);
        CHECK_THAT(json::parse(bad->body)["error"].get<std::string>(), Catch::Contains(fragment));
    }
    auto malformed = client.Post("/api/v1/apps", "{not json", "application/json");
    REQUIRE(malformed);
    CHECK(malformed->status == 400);
}

TEST_CASE("oauth: password grant, verify_credentials, refresh and revoke", "[api][oauth]") {
    testing::TestNode t;
    auto alice = t.create_account("alice");
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE users SET must_change_password = 0").run();
    }
    auto client = t.client();
    auto app = register_app(client);
    auto password = *alice.generated_password;
    auto res = client.Post("/oauth/token", httplib::Params{{"grant_type", "password"},
                                                           {"client_id", app.client_id},
                                                           {"client_secret", app.client_secret},
                                                           {"username", "alice"},
                                                           {"password", password},
                                                           {"scope", "read write"}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    auto token = json::parse(res->body);
    CHECK(token["token_type"] == "Bearer");
    CHECK(token["scope"] == "read write");
    CHECK(token["created_at"].is_number());
    std::string access = token["access_token"];
    std::string refresh = token["refresh_token"];

    auto me =
        client.Get("/api/v1/accounts/verify_credentials", {{"Authorization", "Bearer " + access}});
    REQUIRE(me);
    REQUIRE(me->status == 200);
    CHECK(json::parse(me->body)["username"] == "alice");
    auto app_check =
        client.Get("/api/v1/apps/verify_credentials", {{"Authorization", "Bearer " + access}});
    REQUIRE(app_check);
    CHECK(json::parse(app_check->body)["name"] == "Tusky");

    auto wrong = client.Post("/oauth/token", httplib::Params{{"grant_type", "password"},
                                                             {"client_id", app.client_id},
                                                             {"client_secret", app.client_secret},
                                                             {"username", "alice"},
                                                             {"password", "not it"}});
    REQUIRE(wrong);
    CHECK(wrong->status == 400);
    CHECK(json::parse(wrong->body)["error"] == "invalid_grant");
    auto bad_client = client.Post("/oauth/token", httplib::Params{{"grant_type", "password"},
                                                                  {"client_id", app.client_id},
                                                                  {"client_secret", "nope"},
                                                                  {"username", "alice"},
                                                                  {"password", password}});
    REQUIRE(bad_client);
    CHECK(bad_client->status == 401);
    CHECK(json::parse(bad_client->body)["error"] == "invalid_client");
    auto too_wide =
        client.Post("/oauth/token", httplib::Params{{"grant_type", "password"},
                                                    {"client_id", app.client_id},
                                                    {"client_secret", app.client_secret},
                                                    {"username", "alice"},
                                                    {"password", password},
                                                    {"scope", "read admin:read"}});
    REQUIRE(too_wide);
    CHECK(json::parse(too_wide->body)["error"] == "invalid_scope");

    // Refresh rotates: the new token works, the old one is revoked.
    auto refreshed =
        client.Post("/oauth/token", httplib::Params{{"grant_type", "refresh_token"},
                                                    {"client_id", app.client_id},
                                                    {"client_secret", app.client_secret},
                                                    {"refresh_token", refresh}});
    REQUIRE(refreshed);
    REQUIRE(refreshed->status == 200);
    std::string access2 = json::parse(refreshed->body)["access_token"];
    auto old =
        client.Get("/api/v1/accounts/verify_credentials", {{"Authorization", "Bearer " + access}});
    REQUIRE(old);
    CHECK(old->status == 401);
    CHECK(json::parse(old->body)["error"] == "The access token is invalid");

    // Revocation, with the client authenticated by HTTP Basic.
    client.set_basic_auth(app.client_id, app.client_secret);
    auto revoked = client.Post("/oauth/revoke", httplib::Params{{"token", access2}});
    REQUIRE(revoked);
    CHECK(revoked->status == 200);
    httplib::Client plain("127.0.0.1", t.port());
    auto after =
        plain.Get("/api/v1/accounts/verify_credentials", {{"Authorization", "Bearer " + access2}});
    REQUIRE(after);
    CHECK(after->status == 401);
}

TEST_CASE("oauth: authorization code with PKCE through the sign-in page", "[api][oauth][web]") {
    testing::TestNode t;
    auto alice = t.create_account("alice");
    auto client = t.client();
    auto app = register_app(client, "https://client.example/callback");
    std::string verifier = "a-verifier-of-enough-length-0123456789-abcdefghij";
    std::string challenge = crypto::sha256_base64url(verifier);
    std::string query = "response_type=code&client_id=" + app.client_id +
                        "&redirect_uri=" + http::percent_encode("https://client.example/callback") +
                        "&scope=read+write&state=xyz&code_challenge=" + challenge +
                        "&code_challenge_method=S256&lang=fr";
    auto page = client.Get("/oauth/authorize?" + query);
    REQUIRE(page);
    REQUIRE(page->status == 200);
    CHECK_THAT(page->body, Catch::Contains("<html lang=\"fr\">"));
    CHECK_THAT(page->body, Catch::Contains("Tusky"));
    CHECK_THAT(page->body, Catch::Contains("action=\"/oauth/authorize\""));
    // toot opens /oauth/authorize/ (trailing slash): the form must not resolve against it.
    auto slashed = client.Get("/oauth/authorize/?" + query);
    REQUIRE(slashed);
    CHECK(slashed->status == 200);
    CHECK_THAT(page->body, !Catch::Contains("<script"));
    CHECK(page->get_header_value("X-Frame-Options") == "DENY");

    httplib::Params form{{"response_type", "code"},
                         {"client_id", app.client_id},
                         {"redirect_uri", "https://client.example/callback"},
                         {"scope", "read write"},
                         {"state", "xyz"},
                         {"code_challenge", challenge},
                         {"code_challenge_method", "S256"},
                         {"username", "alice"},
                         {"password", *alice.generated_password},
                         {"decision", "approve"}};
    // The generated password is for one sign-in: the page asks for a new one first.
    auto must_change = client.Post("/oauth/authorize", form);
    REQUIRE(must_change);
    CHECK(must_change->status == 200);
    CHECK_THAT(must_change->body, Catch::Contains("new_password"));
    form.emplace("new_password", "my own new password");
    form.emplace("confirm_password", "my own new password");
    auto done = client.Post("/oauth/authorize", form);
    REQUIRE(done);
    REQUIRE(done->status == 302);
    auto location = done->get_header_value("Location");
    CHECK_THAT(location, Catch::StartsWith("https://client.example/callback?code="));
    CHECK(query_value(location, "state") == "xyz");
    auto code = query_value(location, "code");

    httplib::Params exchange{{"grant_type", "authorization_code"},
                             {"client_id", app.client_id},
                             {"client_secret", app.client_secret},
                             {"redirect_uri", "https://client.example/callback"},
                             {"code", code},
                             {"code_verifier", "the wrong verifier"}};
    auto wrong = client.Post("/oauth/token", exchange);
    REQUIRE(wrong);
    CHECK(wrong->status == 400);
    CHECK(json::parse(wrong->body)["error"] == "invalid_grant");

    // A code is single-use: a failed exchange spends it. Sign in again for a fresh one.
    form.erase("new_password");
    form.erase("confirm_password");
    form.find("password")->second = "my own new password";
    done = client.Post("/oauth/authorize", form);
    REQUIRE(done);
    REQUIRE(done->status == 302);
    code = query_value(done->get_header_value("Location"), "code");
    exchange.find("code")->second = code;
    exchange.find("code_verifier")->second = verifier;
    exchange.erase("client_secret"); // a public client: PKCE stands in for the secret
    auto token = client.Post("/oauth/token", exchange);
    REQUIRE(token);
    REQUIRE(token->status == 200);
    CHECK(json::parse(token->body)["scope"] == "read write");
    auto reused = client.Post("/oauth/token", exchange);
    REQUIRE(reused);
    CHECK(reused->status == 400);

    // Old password no longer works; wrong password shows the form again with an alert.
    form.find("password")->second = *alice.generated_password;
    auto refused = client.Post("/oauth/authorize", form);
    REQUIRE(refused);
    CHECK(refused->status == 401);
    CHECK_THAT(refused->body, Catch::Contains("role=\"alert\""));

    // Deny goes back to the app with access_denied.
    form.find("decision")->second = "deny";
    auto denied = client.Post("/oauth/authorize", form);
    REQUIRE(denied);
    CHECK(denied->status == 302);
    CHECK_THAT(denied->get_header_value("Location"), Catch::Contains("error=access_denied"));
}

TEST_CASE("oauth: out-of-band codes are shown, bad requests never redirect blindly",
          "[api][oauth][web]") {
    testing::TestNode t;
    auto alice = t.create_account("alice");
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE users SET must_change_password = 0").run();
    }
    auto client = t.client();
    auto app = register_app(client);
    auto page = client.Post("/oauth/authorize",
                            httplib::Params{{"response_type", "code"},
                                            {"client_id", app.client_id},
                                            {"redirect_uri", "urn:ietf:wg:oauth:2.0:oob"},
                                            {"username", "alice"},
                                            {"password", *alice.generated_password},
                                            {"decision", "approve"},
                                            {"lang", "en"}});
    REQUIRE(page);
    REQUIRE(page->status == 200);
    CHECK_THAT(page->body, Catch::Contains("Authorisation code"));
    auto start = page->body.find("<code>") + 6;
    auto code = page->body.substr(start, page->body.find("</code>") - start);
    auto token =
        client.Post("/oauth/token", httplib::Params{{"grant_type", "authorization_code"},
                                                    {"client_id", app.client_id},
                                                    {"client_secret", app.client_secret},
                                                    {"redirect_uri", "urn:ietf:wg:oauth:2.0:oob"},
                                                    {"code", code}});
    REQUIRE(token);
    CHECK(token->status == 200);

    auto unknown_client = client.Get(
        "/oauth/authorize?response_type=code&client_id=nope&redirect_uri=https://evil.example/");
    REQUIRE(unknown_client);
    CHECK(unknown_client->status == 400);
    auto foreign_redirect =
        client.Get("/oauth/authorize?response_type=code&client_id=" + app.client_id +
                   "&redirect_uri=https://evil.example/");
    REQUIRE(foreign_redirect);
    CHECK(foreign_redirect->status == 400);
    CHECK(foreign_redirect->get_header_value("Location").empty());
    auto bad_scope = client.Get("/oauth/authorize?response_type=code&client_id=" + app.client_id +
                                "&redirect_uri=urn:ietf:wg:oauth:2.0:oob&scope=push");
    REQUIRE(bad_scope);
    CHECK(bad_scope->status == 400); // push was not registered by the app
}

TEST_CASE("oauth: client_credentials tokens are app-only", "[api][oauth]") {
    testing::TestNode t;
    auto client = t.client();
    auto app = register_app(client);
    auto res = client.Post("/oauth/token", httplib::Params{{"grant_type", "client_credentials"},
                                                           {"client_id", app.client_id},
                                                           {"client_secret", app.client_secret},
                                                           {"scope", "read"}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    std::string token = json::parse(res->body)["access_token"];
    CHECK_FALSE(json::parse(res->body).contains("refresh_token"));
    auto app_check =
        client.Get("/api/v1/apps/verify_credentials", {{"Authorization", "Bearer " + token}});
    REQUIRE(app_check);
    CHECK(app_check->status == 200);
    auto me =
        client.Get("/api/v1/accounts/verify_credentials", {{"Authorization", "Bearer " + token}});
    REQUIRE(me);
    CHECK(me->status == 422);
    auto unsupported =
        client.Post("/oauth/token", httplib::Params{{"grant_type", "implicit"},
                                                    {"client_id", app.client_id},
                                                    {"client_secret", app.client_secret}});
    REQUIRE(unsupported);
    CHECK(json::parse(unsupported->body)["error"] == "unsupported_grant_type");
    auto meta = client.Get("/.well-known/oauth-authorization-server");
    REQUIRE(meta);
    auto doc = json::parse(meta->body);
    CHECK(doc["token_endpoint"] == "https://agora.test/oauth/token");
    CHECK(doc["code_challenge_methods_supported"] == json({"S256"}));
}

TEST_CASE("oauth: scopes are enforced per endpoint", "[api][oauth]") {
    testing::TestNode t;
    auto alice = t.create_account("alice");
    auto client = t.client();
    auto read_only = t.token_for(alice.account, "read");
    auto post = client.Post("/api/v1/statuses", {{"Authorization", "Bearer " + read_only}},
                            "status=hi", "application/x-www-form-urlencoded");
    REQUIRE(post);
    CHECK(post->status == 403);
    CHECK(json::parse(post->body)["error"] == "This action is outside the authorized scopes");
    auto granular = t.token_for(alice.account, "write:statuses");
    post = client.Post("/api/v1/statuses", {{"Authorization", "Bearer " + granular}}, "status=hi",
                       "application/x-www-form-urlencoded");
    REQUIRE(post);
    CHECK(post->status == 200);
    auto cannot_read =
        client.Get("/api/v1/timelines/home", {{"Authorization", "Bearer " + granular}});
    REQUIRE(cannot_read);
    CHECK(cannot_read->status == 403);
    auto no_token = client.Get("/api/v1/timelines/home");
    REQUIRE(no_token);
    CHECK(no_token->status == 401);
    CHECK(no_token->get_header_value("Access-Control-Allow-Origin") == "*");
    auto preflight = client.Options("/api/v1/timelines/home");
    REQUIRE(preflight);
    CHECK(preflight->status == 204);
    CHECK_THAT(preflight->get_header_value("Access-Control-Allow-Headers"),
               Catch::Contains("Authorization"));
}

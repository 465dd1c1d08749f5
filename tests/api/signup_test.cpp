// Sign-up without e-mail, in every registrations mode: open, approval, invite, closed.
#include "accounts/registration.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;

namespace {
// An app token as a client gets it before sign-up (client_credentials, write:accounts).
std::string app_token(httplib::Client& client) {
    auto app =
        client.Post("/api/v1/apps", httplib::Params{{"client_name", "Phanpy"},
                                                    {"redirect_uris", "urn:ietf:wg:oauth:2.0:oob"},
                                                    {"scopes", "read write"}});
    REQUIRE(app);
    auto a = json::parse(app->body);
    auto token = client.Post("/oauth/token", httplib::Params{{"grant_type", "client_credentials"},
                                                             {"client_id", a["client_id"]},
                                                             {"client_secret", a["client_secret"]},
                                                             {"scope", "read write"}});
    REQUIRE(token);
    return json::parse(token->body)["access_token"];
}

httplib::Result sign_up(httplib::Client& client, const std::string& token,
                        const std::string& body) {
    return client.Post("/api/v1/accounts", {{"Authorization", "Bearer " + token}}, body,
                       "application/json");
}

testing::TestNode node_in(RegistrationsMode mode) {
    return testing::TestNode([mode](Config& c) { c.registrations.mode = mode; });
}
} // namespace

TEST_CASE("sign-up: open mode, no e-mail, a working token", "[api][signup]") {
    auto t = node_in(RegistrationsMode::open);
    auto client = t.client();
    auto token = app_token(client);
    auto res = sign_up(
        client, token,
        R"({"username":"camille","password":"a long password","agreement":true,"locale":"fr"})");
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
    std::string user_token = json::parse(res->body)["access_token"];
    auto me = client.Get("/api/v1/accounts/verify_credentials",
                         {{"Authorization", "Bearer " + user_token}});
    REQUIRE(me);
    CHECK(me->status == 200);
    CHECK(json::parse(me->body)["username"] == "camille");
}

TEST_CASE("sign-up: validation errors carry Mastodon's details", "[api][signup]") {
    auto t = node_in(RegistrationsMode::open);
    t.create_account("taken");
    auto client = t.client();
    auto token = app_token(client);
    auto res = sign_up(client, token, R"({"username":"TAKEN","password":"short"})");
    REQUIRE(res);
    CHECK(res->status == 422);
    auto body = json::parse(res->body);
    CHECK_THAT(body["error"].get<std::string>(), Catch::StartsWith("Validation failed: "));
    CHECK(body["details"]["password"][0]["error"] == "ERR_TOO_SHORT");
    CHECK(body["details"]["agreement"][0]["error"] == "ERR_ACCEPTED");
    res = sign_up(client, token,
                  R"({"username":"TAKEN","password":"a long password","agreement":true})");
    REQUIRE(res);
    CHECK(json::parse(res->body)["details"]["username"][0]["error"] == "ERR_TAKEN");
    res = sign_up(client, token,
                  R"({"username":"no spaces","password":"a long password","agreement":true})");
    REQUIRE(res);
    CHECK(json::parse(res->body)["details"]["username"][0]["error"] == "ERR_INVALID");
    auto anonymous = client.Post(
        "/api/v1/accounts", R"({"username":"x","password":"a long password","agreement":true})",
        "application/json");
    REQUIRE(anonymous);
    CHECK(anonymous->status == 401);
    auto conn = t.node().database().acquire();
    auto st = conn->query("SELECT COUNT(*) FROM accounts");
    st.step();
    CHECK(st.int64(0) == 1); // nothing half-written
}

TEST_CASE("sign-up: approval mode leaves the account pending and tells moderators",
          "[api][signup]") {
    auto t = node_in(RegistrationsMode::approval);
    auto moderator = t.create_account("moderatrice", AccountKind::person, Role::moderator);
    auto client = t.client();
    auto token = app_token(client);
    auto res = sign_up(
        client, token,
        R"({"username":"dominique","password":"a long password","agreement":"1","reason":"I live here"})");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    std::string user_token = json::parse(res->body)["access_token"];
    auto me = client.Get("/api/v1/accounts/verify_credentials",
                         {{"Authorization", "Bearer " + user_token}});
    REQUIRE(me);
    CHECK(me->status == 403);
    CHECK(json::parse(me->body)["error"] == "Your login is currently pending approval");
    auto mod_token = t.token_for(moderator.account);
    auto notes = client.Get("/api/v1/notifications", {{"Authorization", "Bearer " + mod_token}});
    REQUIRE(notes);
    auto list = json::parse(notes->body);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["type"] == "admin.sign_up");
    CHECK(list[0]["account"]["username"] == "dominique");
}

TEST_CASE("sign-up: invite mode needs a valid code, closed mode refuses", "[api][signup]") {
    auto t = node_in(RegistrationsMode::invite);
    auto client = t.client();
    auto token = app_token(client);
    auto res = sign_up(client, token,
                       R"({"username":"eve","password":"a long password","agreement":true})");
    REQUIRE(res);
    CHECK(res->status == 422);
    CHECK(json::parse(res->body)["details"]["invite_code"][0]["error"] == "ERR_INVALID");
    auto code = create_invite(t.node().database(), std::nullopt, 1, 7);
    res = sign_up(
        client, token,
        R"({"username":"eve","password":"a long password","agreement":true,"invite_code":")" +
            code + "\"}");
    REQUIRE(res);
    CHECK(res->status == 200);
    res = sign_up(
        client, token,
        R"({"username":"frank","password":"a long password","agreement":true,"invite_code":")" +
            code + "\"}");
    REQUIRE(res);
    CHECK(res->status == 422); // one use only

    auto closed = node_in(RegistrationsMode::closed);
    auto closed_client = closed.client();
    auto closed_token = app_token(closed_client);
    res = sign_up(closed_client, closed_token,
                  R"({"username":"gil","password":"a long password","agreement":true})");
    REQUIRE(res);
    CHECK(res->status == 403);
}

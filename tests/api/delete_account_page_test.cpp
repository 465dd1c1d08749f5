// The account deletion page over HTTP (GET/POST /settings/delete): the form in French and
// English, the deletion with the right username and password (and nothing without them), the
// form token and cross-site refusals.
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace agora;
using testing::count;
using testing::member;

namespace {
const httplib::Headers same_origin{{"Sec-Fetch-Site", "same-origin"}};

std::string form(httplib::Client& client, const httplib::Headers& headers) {
    auto res = client.Get("/settings/delete", headers);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(res->body.find("<script") == std::string::npos);
    return res->body;
}

std::string token_in(const std::string& html) {
    std::smatch m;
    REQUIRE(std::regex_search(html, m, std::regex("name=\"token\" value=\"([^\"]+)\"")));
    return m[1];
}

httplib::Result send(httplib::Client& client, const std::string& token, const std::string& user,
                     const std::string& password, bool confirm = true,
                     const httplib::Headers& headers = same_origin) {
    std::string body = "token=" + httplib::detail::encode_query_param(token) +
                       "&lang=en&username=" + user +
                       "&password=" + httplib::detail::encode_query_param(password);
    if (confirm) body += "&confirm=1";
    return client.Post("/settings/delete", headers, body, "application/x-www-form-urlencoded");
}

std::int64_t gone(testing::TestNode& t) {
    return count(t, "SELECT COUNT(*) FROM accounts WHERE gone_at IS NOT NULL");
}
} // namespace

TEST_CASE("delete account page: the form in both languages", "[api][web][account_deletion]") {
    testing::TestNode t;
    auto client = t.client();
    auto en = form(client, {{"Accept-Language", "en"}});
    CHECK(en.find("Delete my account") != std::string::npos);
    CHECK(en.find("name=\"password\" type=\"password\"") != std::string::npos);
    CHECK(en.find("name=\"username\"") != std::string::npos);
    auto fr = form(client, {{"Accept-Language", "fr-FR,fr;q=0.9"}});
    CHECK(fr.find("Supprimer mon compte") != std::string::npos);
    CHECK(fr.find("lang=\"fr\"") != std::string::npos);
}

TEST_CASE("delete account page: the right name and password delete the account, nothing else "
          "does",
          "[api][web][account_deletion]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto password = alice.created.generated_password.value();
    auto client = t.client();
    auto token = token_in(form(client, {}));

    auto wrong = send(client, token, "alice", "not-hers");
    REQUIRE(wrong);
    CHECK(wrong->status == 403);
    CHECK(wrong->body.find("nothing was deleted") != std::string::npos);
    CHECK(wrong->body.find("value=\"alice\"") != std::string::npos); // kept
    CHECK(wrong->body.find(password) == std::string::npos);          // never echoed
    CHECK(send(client, token, "nobody", password)->status == 403);
    CHECK(send(client, token, "alice", "")->status == 403);
    CHECK(send(client, token, "alice", password, false)->status == 422); // not confirmed
    CHECK(send(client, "123.abc", "alice", password)->status == 422);    // a forged token
    for (const auto& headers : {httplib::Headers{{"Sec-Fetch-Site", "cross-site"}},
                                httplib::Headers{{"Origin", "https://evil.example"}},
                                httplib::Headers{{"Origin", "null"}}})
        CHECK(send(client, token, "alice", password, true, headers)->status == 403);
    auto garbled = client.Post("/settings/delete", same_origin, "{not json", "application/json");
    REQUIRE(garbled);
    CHECK(garbled->status == 400);
    CHECK(gone(t) == 0);

    auto done = send(client, token, "ALICE", password);
    REQUIRE(done);
    CHECK(done->status == 303);
    CHECK(done->get_header_value("Location") == "/settings/delete/done?lang=en");
    CHECK(gone(t) == 1);
    auto confirmation = client.Get("/settings/delete/done?lang=fr");
    REQUIRE(confirmation);
    CHECK(confirmation->status == 200);
    CHECK(confirmation->body.find("Compte supprimé") != std::string::npos);
    // Once: the account is no longer there to delete.
    CHECK(send(client, token, "alice", password)->status == 403);
    CHECK(gone(t) == 1);
}

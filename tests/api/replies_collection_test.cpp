// The replies collection of local statuses over HTTP, as Mastodon serves it: on the Note, a first
// page of the author's own replies; at <id>/replies, pages of the author's replies then everyone
// else's, public and unlisted ones only.
#include "rig/fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;

namespace {
const httplib::Headers activity_accept{{"Accept", "application/activity+json"}};

json get_document(httplib::Client& client, const std::string& path, int expected = 200) {
    auto res = client.Get(path, activity_accept);
    REQUIRE(res);
    INFO(path << ": " << res->body);
    REQUIRE(res->status == expected);
    return expected == 200 ? json::parse(res->body) : json();
}

std::string uri_of(const json& status) {
    return "https://agora.test/users/" + status["account"]["username"].get<std::string>() +
           "/statuses/" + status["id"].get<std::string>();
}

std::string path_of(const json& status) {
    return uri_of(status).substr(std::string("https://agora.test").size());
}

std::string local_path(const std::string& url) {
    return url.substr(std::string("https://agora.test").size());
}
} // namespace

TEST_CASE("replies collection: self-replies first, then the others', public ones only",
          "[api][federation][replies]") {
    testing::TestNode t;
    auto [alice, carol] = testing::members(t, "alice", "carol");
    auto client = t.client();
    auto root = testing::post_status(client, alice, "a thread");
    auto reply_to = "&in_reply_to_id=" + root["id"].get<std::string>();
    std::vector<std::string> self;
    for (int i = 0; i < 6; ++i)
        self.push_back(uri_of(testing::post_status(client, alice, "part " + std::to_string(i),
                                                   i % 2 ? "unlisted" : "public", reply_to)));
    testing::post_status(client, alice, "followers only part", "private", reply_to);
    auto carols = uri_of(testing::post_status(client, carol, "@alice nice", "public", reply_to));
    testing::post_status(client, carol, "@alice secret", "direct", reply_to);

    auto note = get_document(client, path_of(root));
    auto replies = note["replies"];
    CHECK(replies["id"] == uri_of(root) + "/replies");
    CHECK(replies["type"] == "Collection");
    CHECK(replies["first"]["type"] == "CollectionPage");
    CHECK(replies["first"]["partOf"] == uri_of(root) + "/replies");
    CHECK(replies["first"]["items"] == json(std::vector(self.begin(), self.begin() + 5)));
    auto fifth = self[4].substr(self[4].rfind('/') + 1);
    CHECK(replies["first"]["next"] == uri_of(root) + "/replies?min_id=" + fifth + "&page=true");

    auto second = get_document(client, local_path(replies["first"]["next"]));
    CHECK(second["type"] == "CollectionPage");
    CHECK(second["id"] == replies["first"]["next"]);
    CHECK(second["items"] == json({self[5]}));
    CHECK(second["next"] == uri_of(root) + "/replies?only_other_accounts=true&page=true");
    auto others = get_document(client, local_path(second["next"]));
    CHECK(others["items"] == json({carols}));
    CHECK_FALSE(others.contains("next"));

    auto collection = get_document(client, path_of(root) + "/replies");
    CHECK(collection["type"] == "Collection");
    CHECK(collection["first"] == replies["first"]);
    // The first self-reply has no replies: its first page leads to the others' (none).
    auto leaf = get_document(client, local_path(self[0]));
    CHECK(leaf["replies"]["first"]["items"] == json::array());
    CHECK(leaf["replies"]["first"]["next"] ==
          self[0] + "/replies?only_other_accounts=true&page=true");
    CHECK(get_document(client, local_path(self[0]) +
                                   "/replies?page=true&only_other_accounts=true")["items"] ==
          json::array());
}

TEST_CASE("replies collection: what is not served", "[api][federation][replies]") {
    testing::TestNode t;
    auto alice = testing::member(t, "alice");
    auto client = t.client();
    auto root = testing::post_status(client, alice, "root");
    auto secret = testing::post_status(client, alice, "secret", "private");
    // A followers-only status's replies are as hidden as it is; unknown ids are not found.
    get_document(client, path_of(secret) + "/replies", 404);
    get_document(client, "/users/alice/statuses/123/replies", 404);
    get_document(client, "/users/nobody/statuses/" + root["id"].get<std::string>() + "/replies",
                 404);
    get_document(client, "/users/alice/statuses/x1/replies", 404);
    // A boost has no replies collection.
    auto boost = testing::call(
        client, "POST", "/api/v1/statuses/" + root["id"].get<std::string>() + "/reblog", alice);
    get_document(client, "/users/alice/statuses/" + boost["id"].get<std::string>() + "/replies",
                 404);
    // Malformed paging values are read as absent.
    auto page = get_document(client, path_of(root) + "/replies?page=true&min_id=abc");
    CHECK(page["items"] == json::array());
    CHECK(page["id"] == uri_of(root) + "/replies?page=true");
    page = get_document(client, path_of(root) + "/replies?page=true&min_id=-4");
    CHECK(page["items"] == json::array());
}

// Account entities of remote accounts: their own server's addresses and images, never ours.
#include "rig/member.hpp"
#include "rig/stored_remote.hpp"
#include "rig/test_node.hpp"
#include "store/actor_lifecycle_repo.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using agora::testing::call;
using agora::testing::member;

namespace {
std::int64_t store_remote(testing::TestNode& t, const std::string& username, bool with_page,
                          bool with_images) {
    return testing::store_remote_account(t, {username, "social.example", with_page, with_images});
}
} // namespace

TEST_CASE("remote accounts: entities carry their server's page, actor id and images",
          "[api][accounts][federation]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    auto bob = store_remote(t, "bob", true, true);
    auto carol = store_remote(t, "carol", false, false);

    auto b = call(client, "GET", "/api/v1/accounts/" + std::to_string(bob), alice);
    CHECK(b["acct"] == "bob@social.example");
    CHECK(b["username"] == "bob");
    CHECK(b["url"] == "https://social.example/@bob");
    CHECK(b["uri"] == "https://social.example/users/bob");
    CHECK(b["avatar"] == "https://media.social.example/avatars/bob.png");
    CHECK(b["avatar_static"] == "https://media.social.example/avatars/bob.png");
    CHECK(b["header"] == "https://media.social.example/headers/bob.jpg");

    // No profile page: the actor id, as Mastodon; no images: the placeholders.
    auto c = call(client, "GET", "/api/v1/accounts/" + std::to_string(carol), alice);
    CHECK(c["url"] == "https://social.example/users/carol");
    CHECK(c["uri"] == "https://social.example/users/carol");
    CHECK(c["avatar"] == "https://agora.test/avatars/original/missing.png");

    // Local accounts keep the addresses derived from their names.
    auto a = call(client, "GET", "/api/v1/accounts/" + alice.id(), alice);
    CHECK(a["url"] == "https://agora.test/@alice");
    CHECK(a["uri"] == "https://agora.test/users/alice");

    // Mentions of a remote account point at its page too.
    auto status =
        call(client, "POST", "/api/v1/statuses", alice, "status=hello+%40bob%40social.example");
    REQUIRE(status["mentions"].size() == 1);
    CHECK(status["mentions"][0]["url"] == "https://social.example/@bob");
    CHECK(status["mentions"][0]["acct"] == "bob@social.example");
}

TEST_CASE("remote accounts: a moved account names its new account in `moved`, not nested",
          "[api][accounts][federation]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    auto old_id = store_remote(t, "olduser", true, false);
    auto new_id = store_remote(t, "newuser", true, false);
    auto lost_id = store_remote(t, "lost", true, false);
    {
        auto conn = t.node().database().acquire();
        store::set_moved_to(*conn, old_id, "https://social.example/users/newuser");
        // The new account moved back: a cycle must not be followed.
        store::set_moved_to(*conn, new_id, "https://social.example/users/olduser");
        // A move to an actor never stored here names nobody.
        store::set_moved_to(*conn, lost_id, "https://elsewhere.example/users/lost");
    }

    auto old_account = call(client, "GET", "/api/v1/accounts/" + std::to_string(old_id), alice);
    REQUIRE(old_account.contains("moved"));
    CHECK(old_account["moved"]["id"] == std::to_string(new_id));
    CHECK(old_account["moved"]["acct"] == "newuser@social.example");
    CHECK_FALSE(old_account["moved"].contains("moved")); // as Mastodon: never nested

    auto lost = call(client, "GET", "/api/v1/accounts/" + std::to_string(lost_id), alice);
    CHECK_FALSE(lost.contains("moved"));
    auto me = call(client, "GET", "/api/v1/accounts/" + alice.id(), alice);
    CHECK_FALSE(me.contains("moved"));

    // The cycle is shown one step at a time.
    auto new_account = call(client, "GET", "/api/v1/accounts/" + std::to_string(new_id), alice);
    CHECK(new_account["moved"]["id"] == std::to_string(old_id));
    CHECK_FALSE(new_account["moved"].contains("moved"));
}

// Where activities go: the remote inboxes of a status's reach (followers through their shared
// inboxes, the mentioned, those replied to or who interacted), each once, never a local one;
// direct statuses reach the mentioned only; one account's own inbox for one-to-one activities.
#include "federation/ap_recipients.hpp"
#include "rig/fixtures.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/interactions_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using Urls = std::vector<std::string>;

namespace {
// A remote account row as fetching stores one; empty strings stand for "not published".
std::int64_t insert_remote(testing::TestNode& t, const std::string& username,
                           const std::string& domain, const std::string& inbox,
                           const std::string& shared_inbox) {
    auto conn = t.node().database().acquire();
    auto id = next_id();
    conn->query("INSERT INTO accounts (id, username, domain, public_key_pem, uri, inbox_url, "
                "shared_inbox_url, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?, ?, 0, 0)",
                id, username, domain, "https://" + domain + "/users/" + username,
                inbox.empty() ? std::optional<std::string>() : inbox,
                shared_inbox.empty() ? std::optional<std::string>() : shared_inbox)
        .run();
    return id;
}

void insert_follow(testing::TestNode& t, std::int64_t follower, std::int64_t target) {
    auto conn = t.node().database().acquire();
    auto id = next_id();
    store::insert_follow(*conn, id, follower, target, id_time_ms(id));
}

Status status_of(testing::TestNode& t, const json& entity) {
    auto conn = t.node().database().acquire();
    auto status = store::find_status(*conn, std::stoll(entity["id"].get<std::string>()));
    REQUIRE(status);
    return *status;
}

Urls inboxes(testing::TestNode& t, const json& entity) {
    auto conn = t.node().database().acquire();
    return federation::inbox_urls(*conn, federation::status_reach(*conn, status_of(t, entity)));
}

void mention(testing::TestNode& t, const json& entity, std::int64_t account_id) {
    auto conn = t.node().database().acquire();
    store::insert_mention(*conn, std::stoll(entity["id"].get<std::string>()), account_id);
}
} // namespace

TEST_CASE("recipients: followers once per shared inbox, the mentioned, never local inboxes",
          "[api][federation][outbox]") {
    testing::TestNode t;
    auto [alice, carol] = testing::members(t, "alice", "carol");
    const auto alice_id = alice.created.account.id;
    // Two followers on one server share an inbox; a server without shared inboxes; a shared
    // inbox published as an empty string; an account with no inbox at all.
    auto r1 = insert_remote(t, "r1", "one.example", "https://one.example/users/r1/inbox",
                            "https://one.example/inbox");
    auto r2 = insert_remote(t, "r2", "one.example", "https://one.example/users/r2/inbox",
                            "https://one.example/inbox");
    auto r3 = insert_remote(t, "r3", "two.example", "https://two.example/users/r3/inbox", "");
    auto r4 = insert_remote(t, "r4", "three.example", "https://three.example/r4/inbox", "");
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE accounts SET shared_inbox_url = '' WHERE id = ?", r4).run();
    }
    auto ghost = insert_remote(t, "ghost", "four.example", "", "");
    for (auto id : {r1, r2, r3, r4, ghost, carol.created.account.id})
        insert_follow(t, id, alice_id);
    // Mentioned, not following: one on a server a follower shares, one elsewhere.
    auto m1 = insert_remote(t, "m1", "one.example", "https://one.example/users/m1/inbox",
                            "https://one.example/inbox");
    auto m2 = insert_remote(t, "m2", "five.example", "https://five.example/users/m2/inbox",
                            "https://five.example/inbox");
    auto client = t.client();
    const Urls followers{"https://one.example/inbox", "https://three.example/r4/inbox",
                         "https://two.example/users/r3/inbox"};

    for (std::string visibility : {"public", "unlisted", "private"}) {
        INFO(visibility);
        auto status = testing::post_status(client, alice, "hello @carol", visibility);
        mention(t, status, m1);
        mention(t, status, m2);
        Urls expected = followers;
        expected.push_back("https://five.example/inbox");
        std::sort(expected.begin(), expected.end());
        CHECK(inboxes(t, status) == expected);
    }
    auto plain = testing::post_status(client, alice, "to my followers");
    CHECK(inboxes(t, plain) == followers);

    // Direct: the mentioned only, through their shared inbox; a local one gets nothing.
    auto direct = testing::post_status(client, alice, "psst @carol", "direct");
    CHECK(inboxes(t, direct).empty());
    mention(t, direct, m2);
    CHECK(inboxes(t, direct) == Urls{"https://five.example/inbox"});

    // Someone with no followers anywhere, mentioning nobody remote.
    auto lonely = testing::post_status(client, carol, "hello @alice");
    CHECK(inboxes(t, lonely).empty());
}

TEST_CASE("recipients: replies, interactions and boosts widen the reach",
          "[api][federation][outbox]") {
    testing::TestNode t;
    auto [alice, carol] = testing::members(t, "alice", "carol");
    auto author = insert_remote(t, "author", "six.example", "https://six.example/u/author/inbox",
                                "https://six.example/inbox");
    auto fan = insert_remote(t, "fan", "seven.example", "https://seven.example/u/fan/inbox", "");
    auto carol_follower =
        insert_remote(t, "cf", "eight.example", "https://eight.example/u/cf/inbox", "");
    insert_follow(t, carol_follower, carol.created.account.id);
    auto client = t.client();

    // A public reply to a remote status reaches its author.
    Status remote;
    remote.id = next_id();
    remote.account_id = author;
    remote.uri = "https://six.example/statuses/1";
    remote.local = false;
    remote.created_at = now_unix_ms();
    {
        auto conn = t.node().database().acquire();
        store::insert_status(*conn, remote);
    }
    auto reply = testing::post_status(client, alice, "indeed", "public",
                                      "&in_reply_to_id=" + std::to_string(remote.id));
    CHECK(inboxes(t, reply) == Urls{"https://six.example/inbox"});
    // Followers-only replies do not reach the author unless mentioned (as Mastodon).
    auto private_reply = testing::post_status(client, alice, "indeed", "private",
                                              "&in_reply_to_id=" + std::to_string(remote.id));
    CHECK(inboxes(t, private_reply).empty());

    // A public reply to a local member's status reaches that member's followers too.
    auto carols = testing::post_status(client, carol, "thoughts?");
    auto answer = testing::post_status(client, alice, "yes", "public",
                                       "&in_reply_to_id=" + carols["id"].get<std::string>());
    CHECK(inboxes(t, answer) == Urls{"https://eight.example/u/cf/inbox"});

    // Those who favourited a status hear of its edits and deletion.
    auto liked = testing::post_status(client, alice, "like me");
    {
        auto conn = t.node().database().acquire();
        store::add_favourite(*conn, fan, std::stoll(liked["id"].get<std::string>()));
    }
    CHECK(inboxes(t, liked) == Urls{"https://seven.example/u/fan/inbox"});

    // A boost reaches the booster's followers and the original's author.
    insert_follow(t, fan, alice.created.account.id);
    auto boost = testing::call(client, "POST",
                               "/api/v1/statuses/" + std::to_string(remote.id) + "/reblog", alice);
    CHECK(inboxes(t, boost) ==
          Urls{"https://seven.example/u/fan/inbox", "https://six.example/inbox"});
}

TEST_CASE("recipients: one account's inbox, profile updates and account deletion",
          "[api][federation][outbox]") {
    testing::TestNode t;
    auto [alice, carol] = testing::members(t, "alice", "carol");
    const auto alice_id = alice.created.account.id;
    auto shared = insert_remote(t, "shared", "one.example", "https://one.example/u/shared/inbox",
                                "https://one.example/inbox");
    auto only_shared = insert_remote(t, "os", "two.example", "", "https://two.example/inbox");
    auto followed =
        insert_remote(t, "followed", "three.example", "https://three.example/u/followed/inbox", "");
    auto conn = t.node().database().acquire();
    // Follow, Like, Block and votes go to the account's own inbox, as Mastodon sends them.
    CHECK(federation::inbox_of(*conn, shared) == "https://one.example/u/shared/inbox");
    CHECK(federation::inbox_of(*conn, only_shared) == "https://two.example/inbox");
    CHECK_FALSE(federation::inbox_of(*conn, carol.created.account.id));
    CHECK_FALSE(federation::inbox_of(*conn, 424242));

    store::insert_follow(*conn, next_id(), shared, alice_id, 1);
    store::insert_follow(*conn, next_id(), carol.created.account.id, alice_id, 1);
    store::insert_follow(*conn, next_id(), alice_id, followed, 1);
    CHECK(federation::inbox_urls(*conn, federation::profile_reach(alice_id)) ==
          Urls{"https://one.example/inbox"});
    CHECK(federation::inbox_urls(*conn, federation::account_deletion_reach(*conn, alice_id)) ==
          Urls{"https://one.example/inbox", "https://three.example/u/followed/inbox"});
}

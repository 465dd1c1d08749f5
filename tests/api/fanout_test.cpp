// Home-feed fan-out over HTTP: who gets a status or a boost in their home feed, and why.
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "rig/websocket_client.hpp"
#include "statuses/follower_fanout.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::member;

namespace {
// The reason `status_id` is in `who`'s home feed ("" when it is not there).
std::string reason_in_home(httplib::Client& client, const testing::Member& who,
                           const std::string& status_id) {
    for (const auto& s : call(client, "GET", "/api/v1/timelines/home?limit=40", who))
        if (s["id"] == status_id) return s["agora"]["reason"]["type"];
    return "";
}
} // namespace

TEST_CASE("fan-out: every local follower gets a status, each for its own reason", "[api][fanout]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto dave = member(t, "dave");
    auto client = t.client();
    for (auto* who : {&bob, &carol})
        call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", *who);
    std::string open = call(client, "POST", "/api/v1/statuses", alice, "status=to+all")["id"];
    std::string mention =
        call(client, "POST", "/api/v1/statuses", alice, "status=hello+%40bob")["id"];
    std::string priv = call(client, "POST", "/api/v1/statuses", alice,
                            "status=followers+only&visibility=private")["id"];
    std::string direct = call(client, "POST", "/api/v1/statuses", alice,
                              "status=%40bob+between+us&visibility=direct")["id"];
    t.drain_events();
    for (const auto& id : {open, priv}) {
        CHECK(reason_in_home(client, bob, id) == "followed");
        CHECK(reason_in_home(client, carol, id) == "followed");
        CHECK(reason_in_home(client, dave, id).empty()); // not a follower
        CHECK(reason_in_home(client, alice, id) == "own");
    }
    CHECK(reason_in_home(client, bob, mention) == "mention"); // the first reason stays
    CHECK(reason_in_home(client, carol, mention) == "followed");
    CHECK(reason_in_home(client, bob, direct) == "mention");
    CHECK(reason_in_home(client, carol, direct).empty()); // direct: the mentioned only
    t.drain_events();                                     // once is once
    CHECK(call(client, "GET", "/api/v1/timelines/home?limit=40", carol).size() == 3);
}

TEST_CASE("fan-out: a boost reaches the booster's followers who may see the original",
          "[api][fanout]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto dave = member(t, "dave");
    auto erin = member(t, "erin");
    auto client = t.client();
    for (auto* who : {&alice, &carol, &dave, &erin})
        call(client, "POST", "/api/v1/accounts/" + bob.id() + "/follow", *who);
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/block", dave);
    call(client, "POST", "/api/v1/accounts/" + erin.id() + "/block", alice);
    std::string original = call(client, "POST", "/api/v1/statuses", alice, "status=share+me")["id"];
    std::string boost = call(client, "POST", "/api/v1/statuses/" + original + "/reblog", bob)["id"];
    t.drain_events();
    CHECK(reason_in_home(client, carol, boost) == "boosted_by");
    CHECK(reason_in_home(client, bob, boost) == "own");
    CHECK(reason_in_home(client, alice, boost).empty()); // her own post
    CHECK(reason_in_home(client, dave, boost).empty());  // blocks its author
    CHECK(reason_in_home(client, erin, boost).empty());  // blocked by its author

    // Followers-only posts are boosted by their author only: to the followers, who may see it.
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", carol);
    std::string priv =
        call(client, "POST", "/api/v1/statuses", alice, "status=ours&visibility=private")["id"];
    std::string self_boost =
        call(client, "POST", "/api/v1/statuses/" + priv + "/reblog", alice)["id"];
    t.drain_events();
    CHECK(reason_in_home(client, carol, priv) == "followed");
    CHECK(reason_in_home(client, carol, self_boost) == "boosted_by");
    CHECK(reason_in_home(client, bob, self_boost).empty()); // does not follow alice
}

TEST_CASE("fan-out: thousands of followers are served in slices, each once, streams after the last",
          "[api][fanout]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    constexpr int seeded = 2 * fan_out_slice_size + 500;
    auto conn = t.node().database().acquire();
    // Local followers whose follows come before bob's (ids in creation order), one remote (f7).
    conn->query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                "INSERT INTO accounts (id, username, domain, public_key_pem, created_at, "
                "updated_at) SELECT 1000 + i, 'f' || i, CASE WHEN i = 7 THEN 'remote.test' END, "
                "'key', 0, 0 FROM n",
                seeded)
        .run();
    conn->query("INSERT INTO follows (id, account_id, target_account_id, created_at) "
                "SELECT id, id, ?, 0 FROM accounts WHERE id > 1000 AND id <= ?",
                alice.created.account.id, 1000 + seeded)
        .run();
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", bob);
    testing::WebSocketClient ws(t.port(),
                                "/api/v1/streaming?stream=user&access_token=" + bob.token);
    REQUIRE(ws.upgraded());
    // f1500 (account and follow 2500, in the second slice) is mentioned: that reason stays.
    std::string id =
        call(client, "POST", "/api/v1/statuses", alice, "status=to+all+%40f1500")["id"];
    t.drain_events();
    auto feed_rows = [&](const std::string& condition) {
        auto st = conn->query("SELECT COUNT(*) FROM feed WHERE status_id = ? AND " + condition,
                              std::int64_t(std::stoll(id)));
        REQUIRE(st.step());
        return st.int64(0);
    };
    auto author = std::to_string(alice.created.account.id);
    CHECK(feed_rows("owner_id <> " + author) == seeded); // every local follower but f7, and bob
    CHECK(feed_rows("reason = 'followed'") == seeded - 1);
    CHECK(feed_rows("reason = 'mention' AND owner_id = 2500") == 1);
    CHECK(feed_rows("owner_id = 1007") == 0);
    CHECK(reason_in_home(client, bob, id) == "followed");
    bool updated = false;
    for (int i = 0; i < 5 && !updated; ++i) {
        auto frame = ws.receive(5000);
        REQUIRE(frame.has_value());
        auto event = json::parse(*frame);
        if (event["event"] == "update") {
            CHECK(json::parse(event["payload"].get<std::string>())["id"] == id);
            updated = true;
        }
    }
    CHECK(updated);
    t.drain_events();                        // nothing twice
    CHECK(feed_rows("1 = 1") == seeded + 1); // with alice's own
    // Done again, as after a stop between the slices and the handler: nothing changes.
    fill_follower_feeds(*conn, std::stoll(id));
    CHECK(feed_rows("1 = 1") == seeded + 1);
    CHECK(feed_rows("reason = 'mention' AND owner_id = 2500") == 1);
}

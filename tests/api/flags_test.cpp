// Reports across instances: an incoming Flag becomes a report (what it names checked against
// what is stored here), and a report about a remote account with forward=true leaves as a Flag
// from the instance actor.
#include "events/event_worker.hpp"
#include "federation/federation.hpp"
#include "rig/inbox_peer.hpp"
#include "rig/member.hpp"
#include "rig/remote_peer_fixtures.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"
#include "util/ids.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::Member;
using testing::member;

namespace {
Member moderator(testing::TestNode& t) {
    auto created = t.create_account("mod", AccountKind::person, Role::moderator);
    return {created, t.token_for(created.account, "read write admin:read admin:write")};
}

// A stored remote status of `account_id` with this object id.
std::int64_t store_remote_status(testing::TestNode& t, std::int64_t account_id,
                                 const std::string& uri) {
    auto conn = t.node().database().acquire();
    auto id = next_id();
    conn->query("INSERT INTO statuses (id, account_id, uri, local, visibility, content, "
                "created_at) VALUES (?, ?, ?, 0, 'public', '<p>remote</p>', ?)",
                id, account_id, uri, id_time_ms(id))
        .run();
    return id;
}

json flag(testing::FederatedWorld& w, const json& objects, const std::string& content) {
    auto activity = w.remote.activity("Flag", "bob", objects);
    activity["content"] = content;
    return activity;
}
} // namespace

TEST_CASE("Flag: a remote instance reports a member and her statuses", "[api][flags]") {
    testing::FederatedWorld w;
    auto mod = moderator(w.t);
    std::string post = call(w.client, "POST", "/api/v1/statuses", w.alice, "status=hi")["id"];
    auto post_uri = w.alice_uri + "/statuses/" + post;
    auto activity = flag(w, json::array({w.alice_uri, post_uri}), "harassment");
    CHECK(w.deliver(activity) == "applied");
    w.t.drain_events();

    auto reports = call(w.client, "GET", "/api/v1/admin/reports", mod);
    REQUIRE(reports.size() == 1);
    auto r = reports[0];
    CHECK(r["target_account"]["id"] == w.alice.id());
    CHECK(r["comment"] == "harassment");
    CHECK(r["category"] == "other");
    CHECK(r["agora"]["origin"] == "remote");
    CHECK(r["agora"]["origin_domain"] == w.remote.peer.authority());
    CHECK(r["agora"]["uri"] == activity["id"]);
    CHECK(r["account"]["account"]["acct"].get<std::string>().starts_with("bob@"));
    REQUIRE(r["statuses"].size() == 1);
    CHECK(r["statuses"][0]["id"] == post);
    auto notes = call(w.client, "GET", "/api/v1/notifications", mod);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["type"] == "admin.report");

    // The same Flag delivered again is one report.
    CHECK(w.deliver(activity) == "ignored");
    CHECK(w.count("SELECT COUNT(*) FROM reports") == 1);

    // A single object (not an array) is read as well.
    CHECK(w.deliver(flag(w, w.alice_uri, "again")) == "applied");
    CHECK(w.count("SELECT COUNT(*) FROM reports") == 2);
}

TEST_CASE("Flag: what is not ours, not stored or not the reported account's is left out",
          "[api][flags]") {
    testing::FederatedWorld w;
    std::string carols = call(w.client, "POST", "/api/v1/statuses", w.carol, "status=c")["id"];
    auto carol_post = "https://agora.test/users/carol/statuses/" + carols;
    // Carol's status named in a report about alice; a status on a third server never stored;
    // a made-up local status id.
    auto spoofed = flag(w,
                        json::array({w.alice_uri, carol_post, "https://elsewhere.example/notes/1",
                                     "https://agora.test/users/alice/statuses/123456789"}),
                        "spoof");
    CHECK(w.deliver(spoofed) == "applied");
    CHECK(w.count("SELECT COUNT(*) FROM reports") == 1);
    CHECK(w.count("SELECT COUNT(*) FROM report_statuses") == 0);
    CHECK(w.count("SELECT COUNT(*) FROM reports WHERE target_account_id = " + w.alice.id()) == 1);

    // Nothing known named at all: no report.
    CHECK(w.deliver(flag(w,
                         json::array({"https://elsewhere.example/users/x",
                                      "https://elsewhere.example/notes/2"}),
                         "nobody")) == "ignored");
    CHECK(w.deliver(flag(w, json::array(), "empty")) == "ignored");
    CHECK(w.deliver(flag(w, json::object(), "odd")) == "ignored");
    CHECK(w.count("SELECT COUNT(*) FROM reports") == 1);
}

TEST_CASE("Flag: a domain whose reports are rejected is ignored", "[api][flags]") {
    testing::FederatedWorld w;
    auto admin_created = w.t.create_account("boss", AccountKind::person, Role::admin);
    Member admin{admin_created, w.t.token_for(admin_created.account, "admin:write")};
    call(w.client, "POST", "/api/v1/admin/domain_blocks", admin,
         "domain=127.0.0.1&severity=noop&reject_reports=true");
    CHECK(w.deliver(flag(w, json::array({w.alice_uri}), "x")) == "ignored");
    CHECK(w.count("SELECT COUNT(*) FROM reports") == 0);
}

TEST_CASE("forwarded reports leave as a Flag from the instance actor", "[api][flags]") {
    testing::TestNode t([](Config& c) {
        c.federation.allow_http = true;
        c.federation.allow_private_addresses = true;
        c.federation.connect_timeout_seconds = 2;
        c.federation.request_timeout_seconds = 5;
    });
    t.node().events().stop();
    testing::InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    auto bea = peer.add_account("bea");
    auto post_uri = peer.actor("bea") + "/statuses/1";
    auto post = store_remote_status(t, bea, post_uri);
    auto report = call(client, "POST", "/api/v1/reports", alice,
                       "account_id=" + std::to_string(bea) +
                           "&status_ids[]=" + std::to_string(post) + "&comment=nasty&forward=true");
    CHECK(report["forwarded"] == true);
    // Not forwarded: asked not to, or about a local account.
    CHECK(call(client, "POST", "/api/v1/reports", alice,
               "account_id=" + std::to_string(bea) + "&comment=quiet")["forwarded"] == false);
    CHECK(call(client, "POST", "/api/v1/reports", alice,
               "account_id=" + bob.id() + "&forward=true")["forwarded"] == false);
    federation::Federation::of(t.node()).drain_deliveries();

    auto flags = peer.received("Flag");
    REQUIRE(flags.size() == 1);
    CHECK(peer.received().size() == 1);
    const auto& sent = flags[0];
    CHECK(sent.path == "/inbox"); // the shared inbox
    CHECK(sent.signature_ok);
    CHECK(sent.key_id == "https://agora.test/actor#main-key");
    CHECK(sent.activity["actor"] == "https://agora.test/actor");
    CHECK(sent.activity["object"] == json::array({peer.actor("bea"), post_uri}));
    CHECK(sent.activity["content"] == "nasty");
    CHECK(sent.activity["id"] ==
          "https://agora.test/actor#flags/" + report["id"].get<std::string>());
    // The reporter stays anonymous.
    CHECK(sent.activity.dump().find("alice") == std::string::npos);
}

// Domain policies: the admin API (domain_blocks, domain_allows), the public list, and their
// effect on federation: the inbox drops a suspended (or, in allow-list mode, not allowed)
// domain's deliveries before fetching any key, nothing is delivered to it, nothing fetched.
#include "crypto/tokens.hpp"
#include "events/event_worker.hpp"
#include "federation/federation.hpp"
#include "federation/federation_client.hpp"
#include "moderation/domain_policy.hpp"
#include "rig/delivery_rig.hpp"
#include "rig/inbox_peer.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::Member;
using testing::member;

namespace {
std::function<void(Config&)> loopback(bool allowlist = false) {
    return testing::loopback_federation(
        [allowlist](Config& c) { c.moderation.allowlist_federation = allowlist; });
}

// An unsigned Create from an actor of `peer`: refused (401) unless dropped first.
int post_to_inbox(httplib::Client& client, const testing::FakePeer& peer) {
    json activity{{"id", peer.url("/activities/1")},
                  {"type", "Create"},
                  {"actor", peer.url("/users/x")},
                  {"object", {{"id", peer.url("/notes/1")}, {"type", "Note"}}}};
    auto res = client.Post("/inbox", activity.dump(), "application/activity+json");
    return res ? res->status : -1;
}
} // namespace

TEST_CASE("domain blocks: create, read, update, delete as Mastodon", "[api][domain_policies]") {
    testing::TestNode t;
    auto admin = testing::staff(t, "boss", Role::admin);
    auto client = t.client();
    auto block = call(client, "POST", "/api/v1/admin/domain_blocks", admin,
                      "domain=Spam.Example.&severity=suspend&reject_media=true"
                      "&public_comment=spam+farm&private_comment=seen+in+report+12"
                      "&obfuscate=true");
    CHECK(block["domain"] == "spam.example");
    CHECK(block["severity"] == "suspend");
    CHECK(block["reject_media"] == true);
    CHECK(block["reject_reports"] == false);
    CHECK(block["public_comment"] == "spam farm");
    CHECK(block["private_comment"] == "seen in report 12");
    CHECK(block["obfuscate"] == true);
    CHECK(block["digest"] == crypto::sha256_hex("spam.example"));
    std::string id = block["id"];

    auto again =
        call(client, "POST", "/api/v1/admin/domain_blocks", admin, "domain=spam.example", 422);
    CHECK(again["existing_domain_block"]["id"] == id);
    call(client, "POST", "/api/v1/admin/domain_blocks", admin, "domain=http://x.example/", 422);
    call(client, "POST", "/api/v1/admin/domain_blocks", admin, "domain=", 422);
    call(client, "POST", "/api/v1/admin/domain_blocks", admin, "domain=a.example&severity=ban",
         422);
    CHECK(count(t, "SELECT COUNT(*) FROM domain_policies") == 1);

    CHECK(call(client, "GET", "/api/v1/admin/domain_blocks", admin).size() == 1);
    CHECK(call(client, "GET", "/api/v1/admin/domain_blocks/" + id, admin)["domain"] ==
          "spam.example");
    auto updated = call(client, "PUT", "/api/v1/admin/domain_blocks/" + id, admin,
                        "severity=silence&public_comment=");
    CHECK(updated["severity"] == "silence");
    CHECK(updated["public_comment"].is_null());
    CHECK(updated["private_comment"] == "seen in report 12");
    call(client, "PUT", "/api/v1/admin/domain_blocks/" + id, admin, "severity=nuke", 422);
    CHECK(call(client, "DELETE", "/api/v1/admin/domain_blocks/" + id, admin) == json::object());
    call(client, "GET", "/api/v1/admin/domain_blocks/" + id, admin, "", 404);
    call(client, "DELETE", "/api/v1/admin/domain_blocks/" + id, admin, "", 404);
}

TEST_CASE("domain blocks and allows: admins only", "[api][domain_policies]") {
    testing::TestNode t;
    auto admin = testing::staff(t, "boss", Role::admin);
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto pleb = testing::staff(t, "pleb", Role::member);
    auto client = t.client();
    for (const auto* who : {&mod, &pleb}) {
        call(client, "GET", "/api/v1/admin/domain_blocks", *who, "", 403);
        call(client, "POST", "/api/v1/admin/domain_blocks", *who, "domain=a.example", 403);
        call(client, "GET", "/api/v1/admin/domain_allows", *who, "", 403);
        call(client, "POST", "/api/v1/admin/domain_allows", *who, "domain=a.example", 403);
    }
    Member narrow{admin.created, t.token_for(admin.created.account, "read write")};
    call(client, "POST", "/api/v1/admin/domain_blocks", narrow, "domain=a.example", 403);
    CHECK(client.Get("/api/v1/admin/domain_blocks")->status == 401);
    CHECK(count(t, "SELECT COUNT(*) FROM domain_policies") == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM domain_allows") == 0);
}

TEST_CASE("domain allows: create (once), read, delete", "[api][domain_policies]") {
    testing::TestNode t;
    auto admin = testing::staff(t, "boss", Role::admin);
    auto client = t.client();
    auto allow =
        call(client, "POST", "/api/v1/admin/domain_allows", admin, "domain=mairie.example");
    CHECK(allow["domain"] == "mairie.example");
    CHECK(allow["created_at"].is_string());
    auto again =
        call(client, "POST", "/api/v1/admin/domain_allows", admin, "domain=MAIRIE.example");
    CHECK(again["id"] == allow["id"]);
    call(client, "POST", "/api/v1/admin/domain_allows", admin, "domain=a b", 422);
    CHECK(call(client, "GET", "/api/v1/admin/domain_allows", admin).size() == 1);
    std::string id = allow["id"];
    CHECK(call(client, "GET", "/api/v1/admin/domain_allows/" + id, admin)["domain"] ==
          "mairie.example");
    call(client, "DELETE", "/api/v1/admin/domain_allows/" + id, admin);
    call(client, "GET", "/api/v1/admin/domain_allows/" + id, admin, "", 404);
}

TEST_CASE("the public list of domain blocks: reasons, private ones left out, obfuscation",
          "[api][domain_policies]") {
    testing::TestNode t;
    auto admin = testing::staff(t, "boss", Role::admin);
    auto client = t.client();
    call(client, "POST", "/api/v1/admin/domain_blocks", admin,
         "domain=spam.example&public_comment=spam");
    call(client, "POST", "/api/v1/admin/domain_blocks", admin,
         "domain=secret.example&private=true");
    call(client, "POST", "/api/v1/admin/domain_blocks", admin,
         "domain=nasty.example.org&obfuscate=true&severity=suspend");
    auto list = testing::answer(client.Get("/api/v1/instance/domain_blocks"), 200);
    REQUIRE(list.size() == 2);
    CHECK(list[0]["domain"] == "spam.example");
    CHECK(list[0]["severity"] == "silence");
    CHECK(list[0]["comment"] == "spam");
    CHECK(list[1]["domain"] != "nasty.example.org");
    CHECK(list[1]["domain"].get<std::string>().find('*') != std::string::npos);
    CHECK(list[1]["digest"] == crypto::sha256_hex("nasty.example.org"));
    CHECK(list.dump().find("secret") == std::string::npos);
}

TEST_CASE("a suspended domain's deliveries are dropped before any key is fetched",
          "[api][domain_policies]") {
    testing::TestNode t(loopback());
    auto admin = testing::staff(t, "boss", Role::admin);
    auto client = t.client();
    testing::FakePeer peer;
    CHECK(post_to_inbox(client, peer) == 401); // unsigned: refused when the domain is open
    auto fetched = peer.requests().size();
    call(client, "POST", "/api/v1/admin/domain_blocks", admin, "domain=127.0.0.1&severity=suspend");
    CHECK(post_to_inbox(client, peer) == 202);
    CHECK(peer.requests().size() == fetched); // no key fetched
    CHECK(count(t, "SELECT COUNT(*) FROM inbox_queue") == 0);
    CHECK(count(t, "SELECT count FROM inbox_ignored WHERE reason = 'domain_blocked' AND "
                   "activity_type = 'Create'") == 1);
    // Silenced is not suspended: the delivery is checked as usual.
    auto id = call(client, "GET", "/api/v1/admin/domain_blocks", admin)[0]["id"];
    call(client, "PUT", "/api/v1/admin/domain_blocks/" + id.get<std::string>(), admin,
         "severity=silence");
    CHECK(post_to_inbox(client, peer) == 401);
}

TEST_CASE("allow-list mode: only allowed domains are heard", "[api][domain_policies]") {
    testing::TestNode t(loopback(true));
    auto admin = testing::staff(t, "boss", Role::admin);
    auto client = t.client();
    testing::FakePeer peer;
    CHECK(post_to_inbox(client, peer) == 202);
    CHECK(peer.requests().empty());
    call(client, "POST", "/api/v1/admin/domain_allows", admin, "domain=127.0.0.1");
    CHECK(post_to_inbox(client, peer) == 401);
}

TEST_CASE("nothing is delivered to or fetched from a suspended domain", "[api][domain_policies]") {
    testing::TestNode t(loopback());
    t.node().events().stop();
    testing::InboxPeer peer(t);
    auto alice = member(t, "alice");
    auto admin = testing::staff(t, "boss", Role::admin);
    auto client = t.client();
    testing::add_remote_follower(t, peer.add_account("ann"), alice.created.account.id);
    call(client, "POST", "/api/v1/admin/domain_blocks", admin, "domain=127.0.0.1&severity=suspend");
    call(client, "POST", "/api/v1/statuses", alice, "status=hello");
    federation::Federation::of(t.node()).drain_deliveries();
    CHECK(peer.received().empty());
    CHECK(count(t, "SELECT COUNT(*) FROM deliveries") == 0);

    auto& actors = federation::Federation::of(t.node()).client().actors();
    auto resolved = actors.resolve_actor(peer.peer().url("/users/someone"));
    REQUIRE_FALSE(resolved);
    CHECK(resolved.error().failure == federation::ResolveFailure::refused);
    CHECK(peer.peer().requests().empty());

    // Lifted: delivered again.
    auto id = call(client, "GET", "/api/v1/admin/domain_blocks", admin)[0]["id"];
    call(client, "DELETE", "/api/v1/admin/domain_blocks/" + id.get<std::string>(), admin);
    call(client, "POST", "/api/v1/statuses", alice, "status=again");
    federation::Federation::of(t.node()).drain_deliveries();
    CHECK(peer.received().size() == 1);
}

TEST_CASE("policy_for: subdomains, the nearest policy, ports and case, allow-list",
          "[api][domain_policies]") {
    testing::TestNode t;
    auto admin = testing::staff(t, "boss", Role::admin);
    auto client = t.client();
    call(client, "POST", "/api/v1/admin/domain_blocks", admin,
         "domain=example.org&severity=suspend");
    call(client, "POST", "/api/v1/admin/domain_blocks", admin,
         "domain=ok.example.org&severity=noop&reject_media=true");
    auto conn = t.node().database().acquire();
    const auto& config = t.node().config();
    CHECK(moderation::policy_for(*conn, config, "example.org").suspended);
    CHECK(moderation::policy_for(*conn, config, "Social.EXAMPLE.org:443").suspended);
    CHECK_FALSE(moderation::policy_for(*conn, config, "notexample.org").suspended);
    CHECK_FALSE(moderation::policy_for(*conn, config, "org").suspended);
    auto nearest = moderation::policy_for(*conn, config, "a.ok.example.org");
    CHECK_FALSE(nearest.suspended);
    CHECK(nearest.reject_media);
    CHECK(nearest.federates());
    CHECK_FALSE(
        moderation::policy_for_url(*conn, config, "https://x.example.org/users/a").federates());
    CHECK(moderation::policy_for_url(*conn, config, "https://agora.test/users/a").federates());

    Config allowlist = config;
    allowlist.moderation.allowlist_federation = true;
    CHECK_FALSE(moderation::policy_for(*conn, allowlist, "partner.example").federates());
    call(client, "POST", "/api/v1/admin/domain_allows", admin, "domain=partner.example");
    CHECK(moderation::policy_for(*conn, allowlist, "partner.example").federates());
    CHECK(moderation::policy_for(*conn, allowlist, "www.partner.example").federates());
    CHECK_FALSE(moderation::policy_for(*conn, allowlist, "other.example").federates());
    CHECK(moderation::policy_for(*conn, allowlist, "agora.test").federates()); // ourselves
}

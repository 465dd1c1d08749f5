// Domain policies carried over to the accounts already stored from a domain, as Mastodon does: a
// silenced domain's accounts are limited (out of the public timelines), a suspended one's hidden,
// rejected media kept as links; lifting a policy lifts what it did and nothing a moderator decided
// for one account; a nearer policy wins; accounts first seen later are treated the same.
#include "federation/federation.hpp"
#include "federation/federation_client.hpp"
#include "rig/delivery_rig.hpp"
#include "rig/fake_peer.hpp"
#include "rig/member.hpp"
#include "rig/remote_actor.hpp"
#include "rig/stored_remote.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::Member;

namespace {
struct World {
    explicit World(std::function<void(Config&)> adjust = {}) : t(std::move(adjust)) {}

    testing::TestNode t;
    Member alice = testing::member(t, "alice");
    Member admin = testing::staff(t, "boss", Role::admin);
    httplib::Client client = t.client();

    std::int64_t remote(const std::string& name, const std::string& domain,
                        bool with_images = false) {
        return testing::store_remote_account(t, {name, domain, true, with_images});
    }
    // The public timeline alice reads, as "name@domain" of each post's author.
    std::vector<std::string> public_authors() {
        std::vector<std::string> out;
        for (const auto& s : call(client, "GET", "/api/v1/timelines/public?remote=true", alice))
            out.push_back(s["account"]["acct"]);
        std::sort(out.begin(), out.end());
        return out;
    }
    json account(std::int64_t id, int status = 200) {
        return call(client, "GET", "/api/v1/accounts/" + std::to_string(id), alice, "", status);
    }
    json admin_account(std::int64_t id) {
        return call(client, "GET", "/api/v1/admin/accounts/" + std::to_string(id), admin);
    }
    std::string block(const std::string& form) {
        return call(client, "POST", "/api/v1/admin/domain_blocks", admin, form)["id"];
    }
};
} // namespace

TEST_CASE("domain accounts: a silenced domain's accounts are limited until the policy is lifted",
          "[api][domain_policies]") {
    World w;
    auto bob = w.remote("bob", "spam.example");
    auto carl = w.remote("carl", "sub.spam.example");
    auto dora = w.remote("dora", "other.example");
    for (auto [id, domain] :
         {std::pair{bob, "spam.example"}, {carl, "sub.spam.example"}, {dora, "other.example"}})
        testing::store_remote_status(w.t, id, domain, "hello");
    const std::vector<std::string> everyone{"bob@spam.example", "carl@sub.spam.example",
                                            "dora@other.example"};
    REQUIRE(w.public_authors() == everyone);
    // A moderator silenced carl himself before the domain was.
    call(w.client, "POST", "/api/v1/admin/accounts/" + std::to_string(carl) + "/action", w.admin,
         "type=silence&text=spam");
    // Stamps are milliseconds: the policy comes at least one later, as it would from a person.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));

    auto id = w.block("domain=spam.example&severity=silence");
    CHECK(w.public_authors() == std::vector<std::string>{"dora@other.example"});
    CHECK(w.account(bob)["limited"] == true);
    CHECK(w.admin_account(bob)["silenced"] == true);
    CHECK_FALSE(w.account(dora).contains("limited"));

    call(w.client, "DELETE", "/api/v1/admin/domain_blocks/" + id, w.admin);
    // bob is heard again; carl stays as the moderator left him.
    CHECK(w.public_authors() == std::vector<std::string>{"bob@spam.example", "dora@other.example"});
    CHECK_FALSE(w.account(bob).contains("limited"));
    CHECK(w.account(carl)["limited"] == true);
}

TEST_CASE("domain accounts: suspension hides, a nearer policy wins, a softened one lets back in",
          "[api][domain_policies]") {
    World w;
    auto bob = w.remote("bob", "spam.example");
    auto carl = w.remote("carl", "sub.spam.example");
    auto post = testing::store_remote_status(w.t, bob, "spam.example", "buy");
    testing::store_remote_status(w.t, carl, "sub.spam.example", "hi");

    auto id = w.block("domain=spam.example&severity=suspend");
    CHECK(w.public_authors().empty());
    call(w.client, "GET", "/api/v1/statuses/" + std::to_string(post), w.alice, "", 404);
    CHECK(w.admin_account(carl)["suspended"] == true);

    // An exception for the subdomain: its accounts come back.
    w.block("domain=sub.spam.example&severity=noop");
    CHECK(w.public_authors() == std::vector<std::string>{"carl@sub.spam.example"});
    CHECK(w.admin_account(carl)["suspended"] == false);

    // Suspension softened to silence: bob's post can be read again, out of the public timeline.
    call(w.client, "PUT", "/api/v1/admin/domain_blocks/" + id, w.admin, "severity=silence");
    call(w.client, "GET", "/api/v1/statuses/" + std::to_string(post), w.alice);
    CHECK(w.admin_account(bob)["suspended"] == false);
    CHECK(w.admin_account(bob)["silenced"] == true);
    CHECK(w.public_authors() == std::vector<std::string>{"carl@sub.spam.example"});
}

TEST_CASE("domain accounts: rejected media are kept as links, avatars and headers dropped",
          "[api][domain_policies]") {
    World w;
    auto bob = w.remote("bob", "pics.example", true);
    auto dora = w.remote("dora", "other.example", true);
    auto post = testing::store_remote_status(w.t, bob, "pics.example", "look", true);
    auto other = testing::store_remote_status(w.t, dora, "other.example", "look", true);
    REQUIRE(call(w.client, "GET", "/api/v1/statuses/" + std::to_string(post),
                 w.alice)["media_attachments"][0]["type"] == "image");

    w.block("domain=pics.example&severity=noop&reject_media=true");
    auto status = call(w.client, "GET", "/api/v1/statuses/" + std::to_string(post), w.alice);
    REQUIRE(status["media_attachments"].size() == 1);
    const auto& media = status["media_attachments"][0];
    CHECK(media["type"] == "unknown");
    CHECK(media["remote_url"].get<std::string>().starts_with("https://media.pics.example/"));
    CHECK(w.account(bob)["avatar"] == "https://agora.test/avatars/original/missing.png");
    CHECK(w.account(bob)["header"] != "https://media.pics.example/headers/bob.jpg");
    // Nothing changes elsewhere, and the posts are not limited.
    CHECK(call(w.client, "GET", "/api/v1/statuses/" + std::to_string(other),
               w.alice)["media_attachments"][0]["type"] == "image");
    CHECK(w.account(dora)["avatar"] == "https://media.other.example/avatars/dora.png");
    CHECK(w.public_authors() == std::vector<std::string>{"bob@pics.example", "dora@other.example"});
}

TEST_CASE("domain accounts: an account first seen after its domain was silenced is limited",
          "[api][domain_policies][federation]") {
    World w(testing::loopback_federation());
    testing::FakePeer peer;
    testing::RemoteActor eve(peer, "eve");
    w.block("domain=127.0.0.1&severity=silence");

    auto& resolver = federation::Federation::of(w.t.node()).client().actors();
    auto stored = resolver.resolve_actor(eve.id());
    REQUIRE(stored);
    CHECK(w.account(stored->account.id)["limited"] == true);
    // A refresh of a known account does not undo what a moderator decided since.
    call(w.client, "POST",
         "/api/v1/admin/accounts/" + std::to_string(stored->account.id) + "/unsilence", w.admin);
    REQUIRE(resolver.resolve_actor(eve.id(), true));
    CHECK_FALSE(w.account(stored->account.id).contains("limited"));
}

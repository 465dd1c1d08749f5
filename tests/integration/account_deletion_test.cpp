// Account deletion end to end: a member deletes their account with their password (or an admin
// does, through the API for a suspended account or the command line); everything it owned goes
// in one transaction, its name stays taken, its actor and WebFinger answer 410, and one signed
// Delete of the actor reaches every inbox the instance knows, even across a restart.
#include "accounts/account_service.hpp"
#include "events/event_worker.hpp"
#include "model/remote_account.hpp"
#include "rig/agora_cli.hpp"
#include "rig/delivery_rig.hpp"
#include "rig/eventually.hpp"
#include "rig/inbox_peer.hpp"
#include "rig/member.hpp"
#include "rig/test_images.hpp"
#include "rig/test_node.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/remote_accounts_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::count;
using testing::InboxPeer;
using testing::Member;
using testing::member;

namespace {
const std::string public_collection = "https://www.w3.org/ns/activitystreams#Public";
const std::string alice_actor = "https://agora.test/users/alice";

int status_of(const httplib::Result& res) {
    REQUIRE(res);
    return res->status;
}

int get_status(httplib::Client& client, const std::string& path,
               const httplib::Headers& headers = {}) {
    return status_of(client.Get(path.c_str(), headers));
}

httplib::Result delete_own(httplib::Client& client, const Member& who, const std::string& body) {
    return client.Post("/api/v1/agora/accounts/delete", who.auth(), body,
                       "application/x-www-form-urlencoded");
}

// The Delete of alice's actor, as Mastodon sends it, signed with her key.
void check_delete_of_alice(const testing::ReceivedActivity& r) {
    INFO(r.activity.dump());
    CHECK(r.signature_ok);
    CHECK(r.problem.empty());
    CHECK(r.key_id == alice_actor + "#main-key");
    CHECK(r.activity["type"] == "Delete");
    CHECK(r.activity["id"] == alice_actor + "#delete");
    CHECK(r.activity["actor"] == alice_actor);
    CHECK(r.activity["object"] == alice_actor);
    CHECK(r.activity["to"] == json::array({public_collection}));
    CHECK(r.activity.contains("@context"));
}
} // namespace

TEST_CASE("account deletion: the password is required, and a wrong one deletes nothing",
          "[integration][account_deletion]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    CHECK(status_of(delete_own(client, alice, "")) == 422);
    CHECK(status_of(delete_own(client, alice, "password=")) == 422);
    CHECK(status_of(delete_own(client, alice, "password=not-hers")) == 403);
    // Without a token, or with one lacking write:accounts.
    CHECK(status_of(client.Post("/api/v1/agora/accounts/delete",
                                "password=" + alice.created.generated_password.value(),
                                "application/x-www-form-urlencoded")) == 401);
    auto reader = t.token_for(alice.created.account, "read");
    CHECK(status_of(client.Post("/api/v1/agora/accounts/delete",
                                {{"Authorization", "Bearer " + reader}},
                                "password=" + alice.created.generated_password.value(),
                                "application/x-www-form-urlencoded")) == 403);
    CHECK(count(t, "SELECT COUNT(*) FROM accounts WHERE gone_at IS NOT NULL") == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM users") == 1);
    CHECK(count(t, "SELECT COUNT(*) FROM events WHERE kind = 'account.deleted'") == 0);
    call(client, "GET", "/api/v1/accounts/verify_credentials", alice);
}

TEST_CASE("account deletion: everything the member had goes, the name stays taken, and what "
          "was served answers 410 or 404",
          "[integration][account_deletion]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    // What alice owns and is part of.
    auto media = testing::answer(
        client.Post("/api/v2/media", alice.auth(),
                    httplib::MultipartFormDataItems{
                        {"file", testing::make_image("jpg", 40, 30), "p.jpg", "image/jpeg"}}),
        200);
    std::string media_id = media["id"];
    auto own =
        call(client, "POST", "/api/v1/statuses", alice, "status=mine&media_ids[]=" + media_id)["id"]
            .get<std::string>();
    auto bobs =
        call(client, "POST", "/api/v1/statuses", bob, "status=bob+writes")["id"].get<std::string>();
    call(client, "POST", "/api/v1/statuses/" + bobs + "/favourite", alice);
    call(client, "POST", "/api/v1/statuses/" + bobs + "/reblog", alice);
    call(client, "POST", "/api/v1/accounts/" + bob.id() + "/follow", alice);
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", bob);
    call(client, "POST", "/api/v1/lists", alice, "title=friends");
    t.drain_events();
    std::vector<std::filesystem::path> files;
    {
        auto conn = t.node().database().acquire();
        auto st = conn->query("SELECT file_path, preview_path FROM media_attachments");
        while (st.step())
            for (int c : {0, 1})
                if (!st.is_null(c) && !st.text(c).empty())
                    files.push_back(std::filesystem::path(t.node().config().storage.media_dir) /
                                    st.text(c));
    }
    REQUIRE(!files.empty());
    for (const auto& f : files)
        REQUIRE(std::filesystem::exists(f));

    auto done = delete_own(client, alice, "password=" + alice.created.generated_password.value());
    REQUIRE(status_of(done) == 200);
    CHECK(json::parse(done->body) == json::object());
    t.drain_events();

    // Removed here, in the one transaction.
    auto id = alice.id();
    CHECK(count(t, "SELECT COUNT(*) FROM statuses WHERE account_id = " + id) == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM media_attachments WHERE account_id = " + id) == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM favourites WHERE account_id = " + id) == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM follows WHERE account_id = " + id +
                       " OR target_account_id = " + id) == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM notifications WHERE account_id = " + id +
                       " OR from_account_id = " + id) == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM oauth_tokens WHERE account_id = " + id) == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM lists WHERE account_id = " + id) == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM users WHERE account_id = " + id) == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'account.delete'") == 1);
    // The row stays, gone, its key kept for the Delete.
    CHECK(count(t, "SELECT COUNT(*) FROM accounts WHERE gone_at IS NOT NULL AND id = " + id +
                       " AND private_key_pem IS NOT NULL AND display_name = ''") == 1);
    for (const auto& f : files)
        CHECK_FALSE(std::filesystem::exists(f));
    // The other side's counters.
    auto bob_now = call(client, "GET", "/api/v1/accounts/" + bob.id(), bob);
    CHECK(bob_now["followers_count"] == 0);
    CHECK(bob_now["following_count"] == 0);
    auto bob_status = call(client, "GET", "/api/v1/statuses/" + bobs, bob);
    CHECK(bob_status["favourites_count"] == 0);
    CHECK(bob_status["reblogs_count"] == 0);

    // What is served afterwards.
    CHECK(get_status(client, "/api/v1/accounts/verify_credentials", alice.auth()) == 401);
    CHECK(get_status(client, "/api/v1/accounts/" + id, bob.auth()) == 404);
    CHECK(get_status(client, "/api/v1/accounts/" + id + "/statuses", bob.auth()) == 404);
    CHECK(get_status(client, "/api/v1/accounts/lookup?acct=alice", bob.auth()) == 404);
    CHECK(get_status(client, "/api/v1/statuses/" + own, bob.auth()) == 404);
    CHECK(get_status(client, "/users/alice", {{"Accept", "application/activity+json"}}) == 410);
    CHECK(get_status(client, "/users/ALICE", {{"Accept", "application/activity+json"}}) == 410);
    CHECK(get_status(client, "/.well-known/webfinger?resource=acct:alice@agora.test") == 410);
    CHECK(get_status(client, "/users/alice/statuses/" + own,
                     {{"Accept", "application/activity+json"}}) == 404);
    CHECK(get_status(client, "/users/nobody", {{"Accept", "application/activity+json"}}) == 404);
    CHECK(get_status(client, "/.well-known/webfinger?resource=acct:nobody@agora.test") == 404);
    // Bob's account is untouched.
    CHECK(get_status(client, "/users/bob", {{"Accept", "application/activity+json"}}) == 200);

    // The name stays taken, whatever its case.
    auto again = create_local_account(t.node().database(), NewAccount{.username = "Alice"});
    REQUIRE_FALSE(again);
    CHECK(again.error().code == AccountError::Code::username_taken);
    // And it cannot be deleted twice: its token is gone with it.
    CHECK(status_of(delete_own(client, alice,
                               "password=" + alice.created.generated_password.value())) == 401);
}

TEST_CASE("account deletion: one Delete of the actor per known inbox, signed with its key, and "
          "no Delete per status",
          "[integration][account_deletion][delivery]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer one(t), two(t);
    auto alice = member(t, "alice");
    auto client = t.client();
    // one.example: followers behind its shared inbox, one with only its own inbox; two.example: an
    // account that has nothing to do with alice (Mastodon tells every known inbox).
    for (auto name : {"ann", "ben"})
        testing::add_remote_follower(t, one.add_account(name), alice.created.account.id);
    testing::add_remote_follower(t, one.add_account("dan", false), alice.created.account.id);
    two.add_account("eve");
    call(client, "POST", "/api/v1/statuses", alice, "status=before");
    testing::drain_deliveries(t);
    REQUIRE(one.received("Create").size() == 2);
    REQUIRE(two.received().empty());

    REQUIRE(status_of(delete_own(client, alice,
                                 "password=" + alice.created.generated_password.value())) == 200);
    testing::drain_deliveries(t);
    auto first = one.received("Delete");
    auto second = two.received("Delete");
    CHECK(testing::inbox_paths(first) == std::vector<std::string>{"/inbox", "/users/dan/inbox"});
    CHECK(testing::inbox_paths(second) == std::vector<std::string>{"/inbox"});
    for (const auto& r : first)
        check_delete_of_alice(r);
    for (const auto& r : second)
        check_delete_of_alice(r);
    // Nothing else: no Delete of the status, sent once.
    CHECK(one.received().size() == 4);
    CHECK(two.received().size() == 1);
    testing::drain_deliveries(t);
    CHECK(one.received().size() == 4);
    CHECK(count(t, "SELECT COUNT(*) FROM deliveries") == 0);
}

TEST_CASE("account deletion: the admin API deletes suspended accounts only, as Mastodon",
          "[integration][account_deletion][moderation]") {
    testing::TestNode t(testing::loopback_federation());
    t.node().events().stop();
    InboxPeer peer(t);
    auto root = testing::staff(t, "root", Role::admin);
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto alice = member(t, "alice");
    testing::add_remote_follower(t, peer.add_account("ann"), alice.created.account.id);
    auto client = t.client();
    auto path = "/api/v1/admin/accounts/" + alice.id();

    // Not suspended: refused, nothing deleted.
    call(client, "DELETE", path, root, "", 403);
    call(client, "POST", path + "/action", root, "type=suspend&text=spam");
    // Moderators may suspend, not delete; members may do neither.
    call(client, "DELETE", path, mod, "", 403);
    call(client, "DELETE", path, alice, "", 403);
    call(client, "DELETE", "/api/v1/admin/accounts/12345", root, "", 404);
    call(client, "DELETE", "/api/v1/admin/accounts/abc", root, "", 404);
    CHECK(count(t, "SELECT COUNT(*) FROM accounts WHERE gone_at IS NOT NULL") == 0);

    auto before = call(client, "DELETE", path, root);
    CHECK(before["id"] == alice.id());
    CHECK(before["username"] == "alice");
    CHECK(count(t, "SELECT COUNT(*) FROM accounts WHERE gone_at IS NOT NULL AND id = " +
                       alice.id()) == 1);
    CHECK(count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'account.delete' AND "
                   "account_id = " +
                       std::to_string(root.created.account.id)) == 1);
    call(client, "DELETE", path, root, "", 404); // once
    testing::drain_deliveries(t);
    auto deletes = peer.received("Delete");
    REQUIRE(deletes.size() == 1);
    check_delete_of_alice(deletes[0]);

    // A remote account: its content here goes, as if its server had deleted it.
    auto eve = peer.add_account("eve");
    auto eve_path = "/api/v1/admin/accounts/" + std::to_string(eve);
    call(client, "DELETE", eve_path, root, "", 403);
    call(client, "POST", eve_path + "/action", root, "type=suspend");
    call(client, "DELETE", eve_path, root);
    CHECK(count(t, "SELECT COUNT(*) FROM accounts WHERE gone_at IS NOT NULL AND id = " +
                       std::to_string(eve)) == 1);

    // The last admin cannot delete their own account.
    CHECK(status_of(delete_own(client, root,
                               "password=" + root.created.generated_password.value())) == 422);
}

TEST_CASE("account deletion: from the command line, delivered after the server starts again",
          "[integration][account_deletion][cli][delivery]") {
    testing::TestNode first(testing::loopback_federation());
    first.node().events().stop();
    InboxPeer peer(first);
    auto alice = member(first, "alice");
    testing::add_remote_follower(first, peer.add_account("ann"), alice.created.account.id);
    first.stop();
    std::ofstream(first.dir() / "agora.toml") << testing::test_config_toml(first.dir());

    auto deleted = testing::run_agora(first.dir(), "admin account delete alice");
    INFO(deleted.err);
    CHECK(deleted.exit_code == 0);
    CHECK_THAT(deleted.out, Catch::Contains("deleted alice"));
    auto unknown = testing::run_agora(first.dir(), "admin account delete alice");
    CHECK(unknown.exit_code == 1);
    CHECK_THAT(unknown.err, Catch::Contains("no local account"));
    CHECK(testing::run_agora(first.dir(), "admin account delete").exit_code == 2);

    // Committed with its event: the next start delivers it.
    testing::TestNode second(first.dir(), testing::loopback_federation());
    testing::drain_deliveries(second);
    auto deletes = peer.received("Delete");
    REQUIRE(deletes.size() == 1);
    check_delete_of_alice(deletes[0]);
    CHECK(peer.received().size() == 1);
}

namespace {
// A port free on loopback now, for a node whose public URL must name it before it starts.
std::uint16_t free_loopback_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    ::close(fd);
    return ntohs(address.sin_port);
}

// Stores on `node` the actor `uri` of another instance, as federation stores what it fetched.
std::int64_t store_remote_actor(testing::TestNode& node, const std::string& username,
                                const std::string& domain, const std::string& uri,
                                const std::string& public_key_pem,
                                std::optional<std::string> shared_inbox) {
    RemoteAccount remote;
    remote.account.id = next_id();
    remote.account.username = username;
    remote.account.domain = domain;
    remote.account.public_key_pem = public_key_pem;
    remote.account.created_at = remote.account.updated_at = now_unix_ms();
    remote.uri = uri;
    remote.inbox_url = uri + "/inbox";
    remote.shared_inbox_url = std::move(shared_inbox);
    remote.followers_url = uri + "/followers";
    remote.key_id = uri + "#main-key";
    remote.actor_type = "Person";
    remote.fetched_at = now_unix_ms();
    auto conn = node.node().database().acquire();
    store::Transaction tx(*conn);
    auto id = store::upsert_remote_account(*conn, remote, {}, now_unix_ms());
    REQUIRE(id);
    tx.commit();
    return *id;
}
} // namespace

TEST_CASE("account deletion: another Agora node receiving the Delete removes the account",
          "[integration][account_deletion][delivery]") {
    testing::TestNode a(testing::loopback_federation());
    a.node().events().stop();
    auto port = free_loopback_port();
    const std::string b_url = "http://127.0.0.1:" + std::to_string(port);
    testing::TestNode b(testing::loopback_federation([&](Config& c) {
        c.instance.domain = "127.0.0.1";
        c.http.listen_port = port;
        c.http.public_url = b_url;
    }));
    auto alice = member(a, "alice");
    auto bob = member(b, "bob");
    // b knows alice (with her key) and bob follows her; a knows bob as her follower.
    auto alice_on_b = store_remote_actor(b, "alice", "agora.test", alice_actor,
                                         alice.created.account.public_key_pem, std::nullopt);
    auto bob_on_a = store_remote_actor(a, "bob", "127.0.0.1:" + std::to_string(port),
                                       b_url + "/users/bob", "unused", b_url + "/inbox");
    testing::add_remote_follower(a, bob_on_a, alice.created.account.id);
    {
        auto conn = b.node().database().acquire();
        auto id = next_id();
        store::insert_follow(*conn, id, bob.created.account.id, alice_on_b, id_time_ms(id),
                             std::nullopt);
    }
    auto client = a.client();
    REQUIRE(status_of(delete_own(client, alice,
                                 "password=" + alice.created.generated_password.value())) == 200);
    testing::drain_deliveries(a);
    CHECK(count(a, "SELECT COUNT(*) FROM deliveries") == 0);
    // b verified the signature with the key it had, and applied the Delete.
    CHECK(testing::eventually([&] {
        return count(b, "SELECT COUNT(*) FROM accounts WHERE gone_at IS NOT NULL AND id = " +
                            std::to_string(alice_on_b)) == 1;
    }));
    CHECK(count(b, "SELECT COUNT(*) FROM follows WHERE target_account_id = " +
                       std::to_string(alice_on_b)) == 0);
}

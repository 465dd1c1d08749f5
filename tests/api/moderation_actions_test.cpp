// Moderation actions over HTTP: Mastodon's admin accounts API (action, list, get, approve,
// reject, lifting a state) and what each action does to the account concerned (suspend,
// disable, silence, sensitive), as Mastodon enforces them.
#include "rig/member.hpp"
#include "rig/test_images.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;
using testing::count;
using testing::Member;
using testing::member;

namespace {
std::string action_path(const Member& who) {
    return "/api/v1/admin/accounts/" + who.id() + "/action";
}

std::vector<std::string> ids_of(const json& list) {
    std::vector<std::string> ids;
    for (const auto& item : list)
        ids.push_back(item["id"]);
    return ids;
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}
} // namespace

TEST_CASE("moderation: only moderators and admins act on accounts", "[api][moderation]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto admin = testing::staff(t, "boss", Role::admin);
    // A member whose app holds the admin scopes is still refused.
    auto carol = member(t, "carol");
    carol.token = t.token_for(carol.created.account, "read write admin:read admin:write");
    auto client = t.client();
    call(client, "POST", action_path(bob), carol, "type=suspend", 403);
    call(client, "GET", "/api/v1/admin/accounts", carol, "", 403);
    call(client, "GET", "/api/v1/admin/accounts/" + bob.id(), carol, "", 403);
    // A moderator's token without the admin scopes is refused too.
    Member plain_mod{mod.created, t.token_for(mod.created.account, "read write")};
    call(client, "POST", action_path(bob), plain_mod, "type=suspend", 403);
    CHECK(count(t, "SELECT COUNT(*) FROM account_moderation") == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM statements") == 0);

    CHECK(call(client, "POST", action_path(bob), mod, "type=silence") == json::object());
    CHECK(call(client, "GET", "/api/v1/admin/accounts/" + bob.id(), admin)["silenced"] == true);
    // Nobody acts on an admin, nor on themselves.
    call(client, "POST", action_path(admin), mod, "type=suspend", 403);
    call(client, "POST", action_path(mod), mod, "type=suspend", 403);
}

TEST_CASE("moderation: bad actions are refused and nothing is written", "[api][moderation]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto alice = member(t, "alice");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto client = t.client();
    call(client, "POST", action_path(bob), mod, "type=obliterate", 422);
    call(client, "POST", "/api/v1/admin/accounts/999999/action", mod, "type=suspend", 404);
    call(client, "POST", "/api/v1/admin/accounts/abc/action", mod, "type=suspend", 404);
    call(client, "POST", action_path(bob), mod, "type=suspend&report_id=424242", 404);
    call(client, "POST", action_path(bob), mod, "type=suspend&ground=vibes", 422);
    call(client, "POST", action_path(bob), mod, "type=suspend&text=" + std::string(5001, 'x'), 422);
    // A report about someone else.
    std::string report = call(client, "POST", "/api/v1/reports", bob,
                              "account_id=" + alice.id() + "&comment=x")["id"];
    call(client, "POST", action_path(bob), mod, "type=suspend&report_id=" + report, 422);
    CHECK(count(t, "SELECT COUNT(*) FROM account_moderation") == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM statements") == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM audit_log") == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM reports WHERE action_taken_at IS NOT NULL") == 0);
    // Mastodon's ignored parameters are ignored.
    call(client, "POST", action_path(bob), mod,
         "type=none&warning_preset_id=3&send_email_notification=true");
}

TEST_CASE("moderation: suspend", "[api][moderation]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto alice = member(t, "alice");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto client = t.client();
    call(client, "POST", "/api/v1/accounts/" + bob.id() + "/follow", alice);
    std::string post = call(client, "POST", "/api/v1/statuses", bob, "status=hello+world")["id"];
    t.drain_events();
    call(client, "PATCH", "/api/v1/accounts/update_credentials", bob, "display_name=Bobby&note=hi");
    std::string report = call(client, "POST", "/api/v1/reports", alice,
                              "account_id=" + bob.id() + "&status_ids[]=" + post)["id"];
    std::string other_report =
        call(client, "POST", "/api/v1/reports", alice, "account_id=" + bob.id())["id"];

    call(client, "POST", action_path(bob), mod,
         "type=suspend&report_id=" + report + "&text=Spam+campaign");

    // His tokens are refused as Mastodon refuses them.
    auto refused = client.Get("/api/v1/accounts/verify_credentials", bob.auth());
    REQUIRE(refused);
    CHECK(refused->status == 403);
    CHECK(json::parse(refused->body)["error"] == "Your login is currently disabled");
    call(client, "POST", "/api/v1/statuses", bob, "status=still+here", 403);
    // Others see a blank account marked suspended, and none of his posts.
    auto seen = call(client, "GET", "/api/v1/accounts/" + bob.id(), alice);
    CHECK(seen["suspended"] == true);
    CHECK(seen["display_name"] == "");
    CHECK(seen["note"] == "");
    CHECK(seen["fields"] == json::array());
    CHECK_FALSE(seen.contains("limited"));
    call(client, "GET", "/api/v1/statuses/" + post, alice, "", 404);
    CHECK(call(client, "GET", "/api/v1/accounts/" + bob.id() + "/statuses", alice).empty());
    CHECK_FALSE(contains(ids_of(call(client, "GET", "/api/v1/timelines/public", alice)), post));
    CHECK_FALSE(contains(ids_of(call(client, "GET", "/api/v1/timelines/home", alice)), post));
    CHECK(client.Get("/@bob")->status == 404);
    CHECK(client.Get(("/@bob/" + post).c_str())->status == 404);
    // Both reports about him are resolved (as Mastodon resolves every open one on an action).
    auto resolved = call(client, "GET", "/api/v1/admin/reports/" + report, mod);
    CHECK(resolved["action_taken"] == true);
    CHECK(resolved["action_taken_by_account"]["id"] == mod.id());
    CHECK(call(client, "GET", "/api/v1/admin/reports/" + other_report, mod)["action_taken"] ==
          true);
    auto admin_view = call(client, "GET", "/api/v1/admin/accounts/" + bob.id(), mod);
    CHECK(admin_view["suspended"] == true);
    CHECK(admin_view["silenced"] == false);

    // Unsuspended: everything is back.
    auto lifted = call(client, "POST", "/api/v1/admin/accounts/" + bob.id() + "/unsuspend", mod);
    CHECK(lifted["suspended"] == false);
    call(client, "GET", "/api/v1/accounts/verify_credentials", bob);
    CHECK(call(client, "GET", "/api/v1/accounts/" + bob.id(), alice)["display_name"] == "Bobby");
    call(client, "GET", "/api/v1/statuses/" + post, alice);
    CHECK(contains(ids_of(call(client, "GET", "/api/v1/timelines/home", alice)), post));
    // Only a suspended account is unsuspended.
    call(client, "POST", "/api/v1/admin/accounts/" + bob.id() + "/unsuspend", mod, "", 403);
}

TEST_CASE("moderation: a suspended or disabled member cannot sign in", "[api][moderation]") {
    testing::TestNode t;
    auto bob = t.create_account("bob");
    auto mod = testing::staff(t, "mod", Role::moderator);
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE users SET must_change_password = 0").run();
    }
    auto client = t.client();
    auto app = json::parse(
        client
            .Post("/api/v1/apps", httplib::Params{{"client_name", "App"},
                                                  {"redirect_uris", "urn:ietf:wg:oauth:2.0:oob"},
                                                  {"scopes", "read"}})
            ->body);
    auto sign_in = [&] {
        return client.Post("/oauth/token", httplib::Params{{"grant_type", "password"},
                                                           {"client_id", app["client_id"]},
                                                           {"client_secret", app["client_secret"]},
                                                           {"username", "bob"},
                                                           {"password", *bob.generated_password},
                                                           {"scope", "read"}});
    };
    REQUIRE(sign_in()->status == 200);
    call(client, "POST", "/api/v1/admin/accounts/" + std::to_string(bob.account.id) + "/action",
         mod, "type=disable");
    auto refused = sign_in();
    CHECK(refused->status == 403);
    CHECK_THAT(refused->body, Catch::Contains("disabled"));
    call(client, "POST", "/api/v1/admin/accounts/" + std::to_string(bob.account.id) + "/enable",
         mod);
    CHECK(sign_in()->status == 200);
}

TEST_CASE("moderation: disable refuses the login and keeps the content", "[api][moderation]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto alice = member(t, "alice");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto client = t.client();
    std::string post = call(client, "POST", "/api/v1/statuses", bob, "status=hello")["id"];
    call(client, "POST", action_path(bob), mod, "type=disable");
    call(client, "GET", "/api/v1/accounts/verify_credentials", bob, "", 403);
    call(client, "GET", "/api/v1/statuses/" + post, alice);
    auto seen = call(client, "GET", "/api/v1/accounts/" + bob.id(), alice);
    CHECK_FALSE(seen.contains("suspended"));
    CHECK(seen["display_name"].is_string());
    CHECK(call(client, "GET", "/api/v1/admin/accounts/" + bob.id(), mod)["disabled"] == true);
    auto enabled = call(client, "POST", "/api/v1/admin/accounts/" + bob.id() + "/enable", mod);
    CHECK(enabled["disabled"] == false);
    call(client, "GET", "/api/v1/accounts/verify_credentials", bob);
}

TEST_CASE("moderation: silence limits who sees the account", "[api][moderation]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto alice = member(t, "alice"); // follows bob
    auto carol = member(t, "carol"); // does not
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto client = t.client();
    call(client, "POST", "/api/v1/accounts/" + bob.id() + "/follow", alice);
    call(client, "POST", action_path(bob), mod, "type=silence");
    std::string post =
        call(client, "POST", "/api/v1/statuses", bob, "status=%23news+hello+@alice+@carol")["id"];
    t.drain_events();
    CHECK(call(client, "GET", "/api/v1/accounts/" + bob.id(), carol)["limited"] == true);
    // Out of the public and hashtag timelines (but for himself); in his followers' homes.
    CHECK_FALSE(contains(ids_of(call(client, "GET", "/api/v1/timelines/public", carol)), post));
    CHECK_FALSE(contains(ids_of(call(client, "GET", "/api/v1/timelines/public", alice)), post));
    CHECK_FALSE(contains(ids_of(call(client, "GET", "/api/v1/timelines/tag/news", carol)), post));
    CHECK(contains(ids_of(call(client, "GET", "/api/v1/timelines/public", bob)), post));
    CHECK(contains(ids_of(call(client, "GET", "/api/v1/timelines/home", alice)), post));
    // His mention reaches his follower, not the others.
    auto mentions = [&](const Member& who) {
        return count(t, "SELECT COUNT(*) FROM notifications WHERE type = 'mention' AND "
                        "account_id = " +
                            who.id());
    };
    CHECK(mentions(alice) == 1);
    CHECK(mentions(carol) == 0);
    // The post itself stays reachable by its link.
    call(client, "GET", "/api/v1/statuses/" + post, carol);

    auto lifted = call(client, "POST", "/api/v1/admin/accounts/" + bob.id() + "/unsilence", mod);
    CHECK(lifted["silenced"] == false);
    CHECK_FALSE(call(client, "GET", "/api/v1/accounts/" + bob.id(), carol).contains("limited"));
    CHECK(contains(ids_of(call(client, "GET", "/api/v1/timelines/public", carol)), post));
}

TEST_CASE("moderation: sensitive marks the account's media sensitive", "[api][moderation]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto client = t.client();
    auto upload =
        client.Post("/api/v2/media", bob.auth(),
                    httplib::MultipartFormDataItems{
                        {"file", testing::make_image("png", 16, 16), "picture.png", "image/png"}});
    REQUIRE(upload);
    REQUIRE(upload->status == 200);
    std::string media = json::parse(upload->body)["id"];
    std::string with_media =
        call(client, "POST", "/api/v1/statuses", bob, "status=look&media_ids[]=" + media)["id"];
    std::string text_only = call(client, "POST", "/api/v1/statuses", bob, "status=words")["id"];
    CHECK(call(client, "GET", "/api/v1/statuses/" + with_media, carol)["sensitive"] == false);
    call(client, "POST", action_path(bob), mod, "type=sensitive");
    CHECK(call(client, "GET", "/api/v1/statuses/" + with_media, carol)["sensitive"] == true);
    CHECK(call(client, "GET", "/api/v1/statuses/" + text_only, carol)["sensitive"] == false);
    // As Mastodon: the author sees his own flag.
    CHECK(call(client, "GET", "/api/v1/statuses/" + with_media, bob)["sensitive"] == false);
    CHECK(call(client, "GET", "/api/v1/admin/accounts/" + bob.id(), mod)["sensitized"] == true);
    call(client, "POST", "/api/v1/admin/accounts/" + bob.id() + "/unsensitive", mod);
    CHECK(call(client, "GET", "/api/v1/statuses/" + with_media, carol)["sensitive"] == false);
}

TEST_CASE("moderation: none resolves the report it names, and only that one", "[api][moderation]") {
    testing::TestNode t;
    auto bob = member(t, "bob");
    auto alice = member(t, "alice");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto client = t.client();
    std::string first =
        call(client, "POST", "/api/v1/reports", alice, "account_id=" + bob.id())["id"];
    std::string second =
        call(client, "POST", "/api/v1/reports", alice, "account_id=" + bob.id())["id"];
    call(client, "POST", action_path(bob), mod, "type=none&report_id=" + first);
    CHECK(call(client, "GET", "/api/v1/admin/reports/" + first, mod)["action_taken"] == true);
    CHECK(call(client, "GET", "/api/v1/admin/reports/" + second, mod)["action_taken"] == false);
    // Nothing to explain: no statement, no notification.
    CHECK(count(t, "SELECT COUNT(*) FROM statements") == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM account_moderation WHERE silenced_at IS NOT NULL OR "
                   "suspended_at IS NOT NULL") == 0);
}

TEST_CASE("moderation: the admin accounts list and its filters", "[api][moderation]") {
    testing::TestNode t([](Config& c) { c.registrations.mode = RegistrationsMode::approval; });
    auto bob = member(t, "bob");
    auto alice = member(t, "alice");
    auto mod = testing::staff(t, "mod", Role::moderator);
    auto pending = t.create_account("newbie");
    auto rejected = t.create_account("spammer");
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE users SET approved = 0 WHERE account_id IN (?, ?)", pending.account.id,
                    rejected.account.id)
            .run();
    }
    auto client = t.client();
    call(client, "POST", action_path(bob), mod, "type=silence");
    auto all = call(client, "GET", "/api/v1/admin/accounts", mod);
    CHECK(all.size() == 5);
    CHECK(all[0]["id"] == std::to_string(rejected.account.id)); // newest first
    CHECK(all[0]["approved"] == false);
    CHECK(ids_of(call(client, "GET", "/api/v1/admin/accounts?silenced=true", mod)) ==
          std::vector<std::string>{bob.id()});
    CHECK(ids_of(call(client, "GET", "/api/v2/admin/accounts?status=silenced", mod)) ==
          std::vector<std::string>{bob.id()});
    CHECK(call(client, "GET", "/api/v1/admin/accounts?pending=true", mod).size() == 2);
    CHECK(ids_of(call(client, "GET", "/api/v1/admin/accounts?username=ali", mod)) ==
          std::vector<std::string>{alice.id()});
    CHECK(call(client, "GET", "/api/v1/admin/accounts?remote=true", mod).empty());
    CHECK(call(client, "GET", "/api/v2/admin/accounts?origin=local", mod).size() == 5);
    CHECK(ids_of(call(client, "GET", "/api/v1/admin/accounts?staff=true", mod)) ==
          std::vector<std::string>{mod.id()});
    CHECK(call(client, "GET", "/api/v1/admin/accounts?username=%25", mod).empty());
    auto page = call(client, "GET", "/api/v1/admin/accounts?limit=2", mod);
    CHECK(page.size() == 2);
    call(client, "GET", "/api/v1/admin/accounts/999999", mod, "", 404);

    // Approval-mode sign-ups.
    auto pending_path = "/api/v1/admin/accounts/" + std::to_string(pending.account.id);
    auto approved = call(client, "POST", pending_path + "/approve", mod);
    CHECK(approved["approved"] == true);
    call(client, "POST", pending_path + "/approve", mod, "", 403); // not pending any more
    call(client, "POST", pending_path + "/reject", mod, "", 403);
    auto rejected_path = "/api/v1/admin/accounts/" + std::to_string(rejected.account.id);
    CHECK(call(client, "POST", rejected_path + "/reject", mod)["username"] == "spammer");
    call(client, "GET", rejected_path, mod, "", 404);
    call(client, "POST", "/api/v1/admin/accounts/" + bob.id() + "/approve", mod, "", 403);
}

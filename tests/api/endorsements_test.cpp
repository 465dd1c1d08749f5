// Endorsements and familiar followers over HTTP: endorse only followed accounts, Relationship's
// `endorsed`, the lists (paged, public for an account), the end of an endorsement with the follow,
// and the accounts one follows that follow someone.
#include "rig/fixtures.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace agora;
using nlohmann::json;
using testing::answer;
using testing::call;
using testing::follow;
using testing::Member;
using testing::member;
using testing::members;
using testing::values_of;

TEST_CASE("endorsements: endorse followed accounts, list them, end with the follow",
          "[api][endorsements]") {
    testing::TestNode t;
    auto [alice, bob, carol] = members(t, "alice", "bob", "carol");
    auto client = t.client();

    // Only an account one follows can be endorsed.
    auto refused = call(client, "POST", "/api/v1/accounts/" + bob.id() + "/pin", alice, "", 422);
    CHECK(refused["error"] ==
          "Validation failed: You must be already following the person you want to endorse");
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/pin", alice, "", 422); // oneself
    call(client, "POST", "/api/v1/accounts/999999/pin", alice, "", 404);
    call(client, "POST", "/api/v1/accounts/nobody/pin", alice, "", 404);
    CHECK(call(client, "GET", "/api/v1/endorsements", alice).empty());

    follow(client, alice, bob);
    follow(client, alice, carol);
    auto endorsed = call(client, "POST", "/api/v1/accounts/" + bob.id() + "/pin", alice);
    CHECK(endorsed["id"] == bob.id());
    CHECK(endorsed["endorsed"] == true);
    CHECK(endorsed["following"] == true);
    CHECK(call(client, "POST", "/api/v1/accounts/" + bob.id() + "/pin", alice)["endorsed"] ==
          true); // twice is once
    // Mastodon 4.4's names do the same.
    CHECK(call(client, "POST", "/api/v1/accounts/" + carol.id() + "/endorse", alice)["endorsed"] ==
          true);
    auto relationships =
        call(client, "GET",
             "/api/v1/accounts/relationships?id[]=" + bob.id() + "&id[]=" + carol.id(), alice);
    CHECK(relationships[0]["endorsed"] == true);
    CHECK(relationships[1]["endorsed"] == true);
    CHECK(call(client, "GET", "/api/v1/accounts/relationships?id[]=" + alice.id(),
               bob)[0]["endorsed"] == false);

    CHECK(values_of(call(client, "GET", "/api/v1/endorsements", alice)) ==
          std::vector<std::string>{carol.id(), bob.id()});
    // Anyone may see whom an account endorses.
    auto anonymous = client.Get(("/api/v1/accounts/" + alice.id() + "/endorsements").c_str());
    REQUIRE(anonymous);
    REQUIRE(anonymous->status == 200);
    CHECK(values_of(json::parse(anonymous->body)) ==
          std::vector<std::string>{carol.id(), bob.id()});
    CHECK(call(client, "GET", "/api/v1/accounts/" + bob.id() + "/endorsements", carol).empty());
    call(client, "GET", "/api/v1/accounts/999999/endorsements", carol, "", 404);

    // Unendorse; then an unfollow ends the other endorsement too (a new follow does not bring it
    // back).
    CHECK(call(client, "POST", "/api/v1/accounts/" + bob.id() + "/unpin", alice)["endorsed"] ==
          false);
    CHECK(call(client, "POST", "/api/v1/accounts/" + bob.id() + "/unpin", alice)["endorsed"] ==
          false);
    CHECK(values_of(call(client, "GET", "/api/v1/endorsements", alice)) ==
          std::vector<std::string>{carol.id()});
    call(client, "POST", "/api/v1/accounts/" + carol.id() + "/unfollow", alice);
    CHECK(call(client, "GET", "/api/v1/endorsements", alice).empty());
    follow(client, alice, carol);
    CHECK(call(client, "GET", "/api/v1/accounts/relationships?id[]=" + carol.id(),
               alice)[0]["endorsed"] == false);
    // A block ends the follow, and so the endorsement.
    call(client, "POST", "/api/v1/accounts/" + carol.id() + "/unendorse", alice);
    call(client, "POST", "/api/v1/accounts/" + carol.id() + "/endorse", alice);
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/block", carol);
    CHECK(call(client, "GET", "/api/v1/endorsements", alice).empty());

    // Scopes: reading needs read:accounts, endorsing write:accounts.
    Member follows_only{alice.created, t.token_for(alice.created.account, "read:follows")};
    call(client, "GET", "/api/v1/endorsements", follows_only, "", 403);
    call(client, "POST", "/api/v1/accounts/" + bob.id() + "/pin", follows_only, "", 403);
    answer(client.Get("/api/v1/endorsements"), 401);
}

TEST_CASE("endorsements: pages with a Link header", "[api][endorsements]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    std::vector<std::string> endorsed;
    for (std::string name : {"bob", "carol", "dave"}) {
        auto m = member(t, name);
        follow(client, alice, m);
        call(client, "POST", "/api/v1/accounts/" + m.id() + "/pin", alice);
        endorsed.insert(endorsed.begin(), m.id()); // newest first
    }
    auto res = client.Get("/api/v1/endorsements?limit=2", alice.auth());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(values_of(json::parse(res->body)) == std::vector<std::string>{endorsed[0], endorsed[1]});
    std::string link = res->get_header_value("Link");
    INFO(link);
    auto start = link.find('<'), end = link.find('>');
    REQUIRE(start != std::string::npos);
    std::string next = link.substr(start + 1, end - start - 1);
    CHECK(link.find("rel=\"next\"") != std::string::npos);
    CHECK(link.find("rel=\"prev\"") != std::string::npos);
    REQUIRE(next.starts_with("https://agora.test/api/v1/endorsements?max_id="));
    CHECK(next.find("limit=2") != std::string::npos);
    auto rest = call(client, "GET", next.substr(18), alice);
    CHECK(values_of(rest) == std::vector<std::string>{endorsed[2]});
}

TEST_CASE("familiar followers: whom I follow among someone's followers", "[api][endorsements]") {
    testing::TestNode t;
    auto [alice, bob, carol, dave, erin] = members(t, "alice", "bob", "carol", "dave", "erin");
    auto client = t.client();
    follow(client, alice, bob);
    follow(client, alice, carol);
    follow(client, bob, dave);
    follow(client, carol, dave);
    follow(client, erin, dave); // alice does not follow erin
    follow(client, bob, erin);

    auto answer_for = call(client, "GET",
                           "/api/v1/accounts/familiar_followers?id[]=" + dave.id() +
                               "&id[]=999999&id[]=" + erin.id() + "&id[]=" + alice.id(),
                           alice);
    REQUIRE(answer_for.size() == 3); // the unknown id is left out
    CHECK(answer_for[0]["id"] == dave.id());
    auto dave_familiar = values_of(answer_for[0]["accounts"]);
    std::sort(dave_familiar.begin(), dave_familiar.end());
    auto expected = std::vector<std::string>{bob.id(), carol.id()};
    std::sort(expected.begin(), expected.end());
    CHECK(dave_familiar == expected);
    CHECK(answer_for[0]["accounts"][0].contains("username")); // whole Account entities
    CHECK(answer_for[1]["id"] == erin.id());
    CHECK(values_of(answer_for[1]["accounts"]) == std::vector<std::string>{bob.id()});
    CHECK(answer_for[2]["id"] == alice.id());
    CHECK(answer_for[2]["accounts"].empty());

    // Accounts that hide their collections are not shown following anyone, and an account that
    // hides its followers has none shown.
    answer(client.Patch("/api/v1/accounts/update_credentials", carol.auth(),
                        "hide_collections=true", "application/x-www-form-urlencoded"),
           200);
    auto hidden = call(client, "GET", "/api/v1/accounts/familiar_followers?id=" + dave.id(), alice);
    CHECK(values_of(hidden[0]["accounts"]) == std::vector<std::string>{bob.id()});
    answer(client.Patch("/api/v1/accounts/update_credentials", dave.auth(), "hide_collections=true",
                        "application/x-www-form-urlencoded"),
           200);
    hidden = call(client, "GET", "/api/v1/accounts/familiar_followers?id[]=" + dave.id(), alice);
    CHECK(hidden[0]["accounts"].empty());

    // Nothing asked, nothing answered; a user token with read:follows is needed.
    CHECK(call(client, "GET", "/api/v1/accounts/familiar_followers", alice).empty());
    answer(client.Get("/api/v1/accounts/familiar_followers?id[]=1"), 401);
    Member statuses_only{alice.created, t.token_for(alice.created.account, "read:statuses")};
    call(client, "GET", "/api/v1/accounts/familiar_followers?id[]=" + dave.id(), statuses_only, "",
         403);
}

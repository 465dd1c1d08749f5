// Account entities are kept as text between requests: every change a client can make shows in the
// very next answer (the same server thread answers both).
#include "rig/fixtures.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;

TEST_CASE("account entities: every change shows in the next answer", "[api][accounts]") {
    testing::TestNode t([](Config& c) { c.http.threads = 1; });
    auto alice = testing::member(t, "alice");
    auto bob = testing::member(t, "bob");
    auto admin = testing::staff(t, "boss", Role::admin);
    auto client = t.client();
    auto seen_by_bob = [&] { return call(client, "GET", "/api/v1/accounts/" + alice.id(), bob); };
    // Each page written through a timeline too, where the text is reused most.
    auto in_timeline = [&] {
        auto page = call(client, "GET", "/api/v1/accounts/" + alice.id() + "/statuses", bob);
        REQUIRE_FALSE(page.empty());
        return page[0]["account"];
    };

    testing::post_status(client, alice, "first");
    auto before = seen_by_bob();
    CHECK(before["statuses_count"] == 1);
    CHECK(in_timeline() == before);

    call(client, "PATCH", "/api/v1/accounts/update_credentials", alice,
         "display_name=Alice+B&note=new+bio&fields_attributes%5B0%5D%5Bname%5D=Web"
         "&fields_attributes%5B0%5D%5Bvalue%5D=example");
    auto renamed = seen_by_bob();
    CHECK(renamed["display_name"] == "Alice B");
    CHECK(renamed["note"] == "<p>new bio</p>");
    CHECK(renamed["fields"][0]["name"] == "Web");
    CHECK(in_timeline() == renamed);

    testing::follow(client, bob, alice);
    CHECK(seen_by_bob()["followers_count"] == 1);
    CHECK(in_timeline()["followers_count"] == 1);

    testing::post_status(client, alice, "second");
    CHECK(seen_by_bob()["statuses_count"] == 2);
    CHECK(in_timeline()["statuses_count"] == 2);

    call(client, "PATCH", "/api/v1/accounts/update_credentials", alice, "locked=true&bot=true");
    auto locked = seen_by_bob();
    CHECK(locked["locked"] == true);
    CHECK(locked["bot"] == true);

    call(client, "POST", "/api/v1/admin/accounts/" + alice.id() + "/action", admin,
         "type=silence&text=loud");
    CHECK(seen_by_bob()["limited"] == true);
    CHECK(in_timeline()["limited"] == true);
    call(client, "POST", "/api/v1/admin/accounts/" + alice.id() + "/unsilence", admin);
    CHECK_FALSE(seen_by_bob().contains("limited"));
}

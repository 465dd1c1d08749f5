// GET /api/v1/agora/data_policy: generated from the configuration, so that changing the
// configuration changes what it says.
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;

namespace {
json policy_of(testing::TestNode& t) {
    auto client = t.client();
    auto res = client.Get("/api/v1/agora/data_policy");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body);
}

const json* item(const json& policy, const std::string& id) {
    for (const auto& i : policy["data"])
        if (i["id"] == id) return &i;
    return nullptr;
}
} // namespace

TEST_CASE("data policy: what the default test instance keeps", "[api][data_policy]") {
    testing::TestNode t;
    auto policy = policy_of(t);
    CHECK(policy["instance"]["domain"] == "agora.test");
    CHECK(policy["registrations"]["mode"] == "open");
    CHECK(policy["registrations"]["email_required"] == false);
    CHECK(policy["not_collected"].size() == 4);
    CHECK(policy["federation"]["mode"] == "open");

    auto* ip = item(policy, "ip_addresses");
    REQUIRE(ip);
    CHECK((*ip)["retention"]["kind"] == "in_memory");
    CHECK((*ip)["visible_to"] == json::array());
    auto* email = item(policy, "email");
    REQUIRE(email);
    CHECK((*email)["kept"] == false);
    auto* media = item(policy, "media");
    REQUIRE(media);
    CHECK((*media)["max_image_bytes"] == 16 * 1024 * 1024);
    CHECK((*media)["metadata_stripped"] == true);
    CHECK((*item(policy, "posts"))["retention"]["kind"] == "until_deleted");
    CHECK((*item(policy, "visitor_reports"))["kept"] == true);
    CHECK((*item(policy, "visitor_reports"))["retention"]["kind"] == "with_report");
    CHECK(item(policy, "sign_up_reason") == nullptr);
    CHECK(item(policy, "invite") == nullptr);
    for (const auto& i : policy["data"]) {
        CHECK(i["what"]["en"].is_string());
        CHECK(i["what"]["fr"].is_string());
        CHECK(i["why"]["fr"].is_string());
        CHECK(i["retention"]["text"]["en"].is_string());
        CHECK(i["visible_to"].is_array());
    }
}

TEST_CASE("data policy: follows the configuration", "[api][data_policy]") {
    testing::TestNode t([](Config& c) {
        c.registrations.mode = RegistrationsMode::approval;
        c.moderation.visitor_reports = false;
        c.moderation.allowlist_federation = true;
        c.media.max_image_bytes = 2 * 1024 * 1024;
        c.http.access_log = true;
    });
    auto policy = policy_of(t);
    CHECK(policy["registrations"]["mode"] == "approval");
    CHECK(policy["registrations"]["approval_required"] == true);
    auto* reason = item(policy, "sign_up_reason");
    REQUIRE(reason);
    CHECK((*reason)["visible_to"] == json::array({"moderators", "admins"}));
    CHECK((*item(policy, "visitor_reports"))["kept"] == false);
    CHECK((*item(policy, "visitor_reports"))["visible_to"] == json::array());
    CHECK((*item(policy, "media"))["max_image_bytes"] == 2 * 1024 * 1024);
    CHECK(policy["federation"]["mode"] == "allowlist");
    CHECK((*item(policy, "server_logs"))["retention"]["kind"] == "admin_managed");

    testing::TestNode invite([](Config& c) {
        c.registrations.mode = RegistrationsMode::invite;
        c.http.access_log = false;
    });
    auto other = policy_of(invite);
    CHECK(item(other, "invite") != nullptr);
    CHECK(item(other, "sign_up_reason") == nullptr);
    CHECK((*item(other, "server_logs"))["kept"] == false);
}

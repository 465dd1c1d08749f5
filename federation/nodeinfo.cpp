// NodeInfo 2.0 and 2.1: what software this is, its protocols, usage counts and registrations.
#include "federation/nodeinfo.hpp"

#include "federation/activitypub.hpp"
#include "node.hpp"
#include "store/accounts_repo.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

namespace agora::federation {

namespace {
constexpr std::int64_t day_ms = 24LL * 3600 * 1000;
constexpr const char* schema_prefix = "http://nodeinfo.diaspora.software/ns/schema/";

nlohmann::json nodeinfo_document(Node& node, const std::string& version) {
    const auto& config = node.config();
    auto conn = node.database().acquire();
    auto now = now_unix_ms();
    nlohmann::json software = {{"name", "agora"}, {"version", AGORA_VERSION}};
    auto mode = config.registrations.mode;
    return {
        {"version", version},
        {"software", software},
        {"protocols", {"activitypub"}},
        {"services", {{"inbound", nlohmann::json::array()}, {"outbound", nlohmann::json::array()}}},
        {"usage",
         {{"users",
           {{"total", store::count_local_users(*conn)},
            {"activeMonth", store::count_users_active_since(*conn, now - 30 * day_ms)},
            {"activeHalfyear", store::count_users_active_since(*conn, now - 180 * day_ms)}}},
          {"localPosts", store::count_local_statuses(*conn)}}},
        // As Mastodon: an instance that takes sign-ups for approval still counts as open.
        {"openRegistrations",
         mode == RegistrationsMode::open || mode == RegistrationsMode::approval},
        {"metadata",
         {{"nodeName", config.instance.title},
          {"nodeDescription", config.instance.description},
          {"languages", config.instance.languages},
          {"registrationsMode", to_string(mode)}}},
    };
}
} // namespace

void install_nodeinfo_routes(Node& node) {
    node.router().add(
        "GET", "/.well-known/nodeinfo",
        [&node](http::Request&) {
            const auto& base = node.config().base_url();
            nlohmann::json links = nlohmann::json::array();
            for (const char* v : {"2.0", "2.1"})
                links.push_back(
                    {{"rel", std::string(schema_prefix) + v}, {"href", base + "/nodeinfo/" + v}});
            return json_document({{"links", links}}, "application/json; charset=utf-8");
        },
        {.cors = true});
    for (std::string version : {"2.0", "2.1"}) {
        std::string content_type =
            "application/json; profile=\"" + std::string(schema_prefix) + version + "#\"";
        node.router().add("GET", "/nodeinfo/" + version,
                          [&node, version, content_type](http::Request&) {
                              auto doc = nodeinfo_document(node, version);
                              return json_document(doc, content_type.c_str());
                          },
                          {.cors = true});
    }
}

} // namespace agora::federation

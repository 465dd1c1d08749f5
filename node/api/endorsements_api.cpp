// Endorsements (featuring accounts one follows on one's profile) and familiar followers (the
// accounts one follows that also follow a given account).
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/pages.hpp"
#include "api/pagination.hpp"
#include "api/routes.hpp"
#include "node.hpp"
#include "relationships/endorsements.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/pins_repo.hpp"
#include "store/profiles_repo.hpp"
#include "store/relationships_repo.hpp"

namespace agora::api {

namespace {
using nlohmann::json;

constexpr std::size_t max_familiar_ids = 40; // accounts asked about in one request
constexpr int familiar_followers_shown = 40; // per account

using EndorseAction = RelationshipResult (*)(store::Database&, const Account&, std::int64_t);

void add_endorse_route(Node& node, const std::string& path, EndorseAction action) {
    add(node, "POST", path, {.access = Access::user, .scope = "write:accounts"},
        [action](Call& call) {
            auto id = parse_id(call.request.param("id"));
            if (!id) return http::error_response(404, "Record not found");
            auto result = action(call.node.database(), call.me(), *id);
            if (!result) return http::error_response(result.error().status, result.error().message);
            auto conn = call.node.database().acquire();
            return json_response(
                EntityWriter(*conn, call.node.config(), call.viewer_id()).relationship(*result));
        });
}

http::Response endorsed_by(Call& call, std::int64_t account_id) {
    store::AccountPage page;
    {
        auto conn = call.node.database().acquire();
        page = store::list_endorsed_ids(*conn, account_id, page_query(call.params, 40, 80));
    }
    return account_page(call, page);
}

http::Response familiar_followers(Call& call) {
    auto conn = call.node.database().acquire();
    EntityWriter writer(*conn, call.node.config(), call.viewer_id());
    json out = json::array();
    std::vector<std::int64_t> seen;
    for (const auto& text : call.params.list("id")) {
        if (seen.size() >= max_familiar_ids) break;
        auto id = parse_id(text);
        if (!id || std::find(seen.begin(), seen.end(), *id) != seen.end()) continue;
        if (!store::find_account(*conn, *id)) continue; // unknown ids are left out, as Mastodon
        seen.push_back(*id);
        json accounts = json::array();
        // An account that hides its followers does not have them shown this way either.
        if (!store::find_profile(*conn, *id).hide_collections) {
            for (auto follower : store::list_familiar_follower_ids(*conn, call.me().id, *id,
                                                                   familiar_followers_shown))
                if (auto a = writer.account_by_id(follower)) accounts.push_back(writer.account(*a));
        }
        out.push_back({{"id", std::to_string(*id)}, {"accounts", accounts}});
    }
    return json_response(out);
}
} // namespace

void install_endorsement_routes(Node& node) {
    // Mastodon 4.4 calls them endorse/unendorse; pin/unpin are the older names apps still use.
    add_endorse_route(node, "/api/v1/accounts/{id}/pin", endorse);
    add_endorse_route(node, "/api/v1/accounts/{id}/unpin", unendorse);
    add_endorse_route(node, "/api/v1/accounts/{id}/endorse", endorse);
    add_endorse_route(node, "/api/v1/accounts/{id}/unendorse", unendorse);
    add(node, "GET", "/api/v1/endorsements", {.access = Access::user, .scope = "read:accounts"},
        [](Call& call) { return endorsed_by(call, call.me().id); });
    add(node, "GET", "/api/v1/accounts/{id}/endorsements", {.scope = "read:accounts"},
        [](Call& call) {
            auto id = parse_id(call.request.param("id"));
            if (!id) return http::error_response(404, "Record not found");
            {
                auto conn = call.node.database().acquire();
                if (!store::find_account(*conn, *id))
                    return http::error_response(404, "Record not found");
            }
            return endorsed_by(call, *id);
        });
    add(node, "GET", "/api/v1/accounts/familiar_followers",
        {.access = Access::user, .scope = "read:follows"}, familiar_followers);
}

} // namespace agora::api

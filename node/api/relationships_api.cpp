// Following, blocking and muting endpoints: follow/unfollow, block/unblock, mute/unmute,
// relationships, followers/following lists, follow requests, blocks and mutes lists.
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/follow_options_params.hpp"
#include "api/pages.hpp"
#include "api/pagination.hpp"
#include "api/routes.hpp"
#include "node.hpp"
#include "relationships/relationship_service.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/profiles_repo.hpp"
#include "store/relationships_repo.hpp"

namespace agora::api {

namespace {
using nlohmann::json;

http::Response relationship_response(Call& call, const RelationshipResult& result) {
    if (!result) return http::error_response(result.error().status, result.error().message);
    auto conn = call.node.database().acquire();
    return json_response(
        EntityWriter(*conn, call.node.config(), call.viewer_id()).relationship(*result));
}

using Action = RelationshipResult (*)(store::Database&, const Account&, std::int64_t);

void add_action(Node& node, const std::string& path, const std::string& scope, Action action) {
    add(node, "POST", path, {.access = Access::user, .scope = scope}, [action](Call& call) {
        auto id = parse_id(call.request.param("id"));
        if (!id) return http::error_response(404, "Record not found");
        return relationship_response(call, action(call.node.database(), call.me(), *id));
    });
}

using Lister = store::AccountPage (*)(store::Connection&, std::int64_t, const store::PageQuery&);

http::Response list_for(Call& call, std::int64_t account_id, Lister lister) {
    store::AccountPage page;
    {
        auto conn = call.node.database().acquire();
        page = lister(*conn, account_id, page_query(call.params, 40, 80));
    }
    return account_page(call, page);
}

// An account that hides its collections shows its followers and follows to itself only.
http::Response collection_of(Call& call, std::int64_t account_id, Lister lister) {
    {
        auto conn = call.node.database().acquire();
        if (call.viewer_id() != account_id &&
            store::find_profile(*conn, account_id).hide_collections)
            return json_response(json::array());
    }
    return list_for(call, account_id, lister);
}
} // namespace

void install_relationship_routes(Node& node) {
    add(node, "POST", "/api/v1/accounts/{id}/follow",
        {.access = Access::user, .scope = "write:follows"}, [](Call& call) {
            auto id = parse_id(call.request.param("id"));
            if (!id) return http::error_response(404, "Record not found");
            auto options = read_follow_options(call.params);
            if (!options) {
                // As Mastodon: an unknown account is not found before its options are checked.
                auto conn = call.node.database().acquire();
                if (!store::find_account(*conn, *id))
                    return http::error_response(404, "Record not found");
                return validation_error(options.error());
            }
            return relationship_response(
                call, follow(call.node.database(), call.node.config(), call.me(), *id, *options));
        });
    add_action(node, "/api/v1/accounts/{id}/unfollow", "write:follows", unfollow);
    add_action(node, "/api/v1/accounts/{id}/block", "write:blocks", block);
    add_action(node, "/api/v1/accounts/{id}/unblock", "write:blocks", unblock);
    add_action(node, "/api/v1/accounts/{id}/unmute", "write:mutes", unmute);
    add(node, "POST", "/api/v1/accounts/{id}/mute",
        {.access = Access::user, .scope = "write:mutes"}, [](Call& call) {
            auto id = parse_id(call.request.param("id"));
            if (!id) return http::error_response(404, "Record not found");
            bool hide = call.params.flag("notifications").value_or(true);
            return relationship_response(call, mute(call.node.database(), call.me(), *id, hide));
        });
    add_action(node, "/api/v1/follow_requests/{id}/authorize", "write:follows",
               authorize_follow_request);
    add_action(node, "/api/v1/follow_requests/{id}/reject", "write:follows", reject_follow_request);
    add_action(node, "/api/v1/accounts/{id}/remove_from_followers", "write:follows",
               remove_from_followers);

    add(node, "GET", "/api/v1/accounts/relationships",
        {.access = Access::user, .scope = "read:follows"}, [](Call& call) {
            auto conn = call.node.database().acquire();
            EntityWriter writer(*conn, call.node.config(), call.viewer_id());
            json out = json::array();
            auto ids = call.params.list("id");
            for (const auto& text : ids) {
                auto id = parse_id(text);
                if (!id || !store::find_account(*conn, *id)) continue;
                out.push_back(writer.relationship(store::relationship(*conn, call.me().id, *id)));
            }
            return json_response(out);
        });
    add(node, "GET", "/api/v1/accounts/{id}/followers", {.scope = "read:accounts"}, [](Call& call) {
        auto id = parse_id(call.request.param("id"));
        if (!id) return http::error_response(404, "Record not found");
        return collection_of(call, *id, store::list_follower_ids);
    });
    add(node, "GET", "/api/v1/accounts/{id}/following", {.scope = "read:accounts"}, [](Call& call) {
        auto id = parse_id(call.request.param("id"));
        if (!id) return http::error_response(404, "Record not found");
        return collection_of(call, *id, store::list_following_ids);
    });
    add(node, "GET", "/api/v1/follow_requests", {.access = Access::user, .scope = "read:follows"},
        [](Call& call) { return list_for(call, call.me().id, store::list_follow_request_ids); });
    add(node, "GET", "/api/v1/blocks", {.access = Access::user, .scope = "read:blocks"},
        [](Call& call) { return list_for(call, call.me().id, store::list_blocked_ids); });
    add(node, "GET", "/api/v1/mutes", {.access = Access::user, .scope = "read:mutes"},
        [](Call& call) { return list_for(call, call.me().id, store::list_muted_ids); });
}

} // namespace agora::api

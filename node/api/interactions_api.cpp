// Status interactions: favourite, reblog, bookmark and their undoing; who favourited or boosted;
// the member's favourites and bookmarks.
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/pages.hpp"
#include "api/pagination.hpp"
#include "api/routes.hpp"
#include "events/event_worker.hpp"
#include "node.hpp"
#include "statuses/interactions.hpp"
#include "statuses/status_service.hpp"
#include "store/database.hpp"
#include "store/interactions_repo.hpp"
#include "store/statuses_repo.hpp"

namespace agora::api {

namespace {
using nlohmann::json;
using Action = std::expected<Status, InteractionError> (*)(store::Database&, const Account&,
                                                           std::int64_t);

http::Response status_response(Call& call, const std::expected<Status, InteractionError>& result) {
    if (!result) return http::error_response(result.error().status, result.error().message);
    auto conn = call.node.database().acquire();
    return json_response(EntityWriter(*conn, call.node.config(), call.viewer_id()).status(*result));
}

void add_action(Node& node, const std::string& verb, const std::string& scope, Action action) {
    add(node, "POST", "/api/v1/statuses/{id}/" + verb, {.access = Access::user, .scope = scope},
        [action](Call& call) {
            auto id = parse_id(call.request.param("id"));
            if (!id) return http::error_response(404, "Record not found");
            auto result = action(call.node.database(), call.me(), *id);
            call.node.events().notify();
            return status_response(call, result);
        });
}

using StatusLister = store::StatusPage (*)(store::Connection&, std::int64_t,
                                           const store::PageQuery&);
using AccountLister = store::AccountPage (*)(store::Connection&, std::int64_t,
                                             const store::PageQuery&);

http::Response my_statuses(Call& call, StatusLister lister) {
    auto conn = call.node.database().acquire();
    auto page = lister(*conn, call.me().id, page_query(call.params, 20, 40));
    EntityWriter writer(*conn, call.node.config(), call.viewer_id());
    json out = json::array();
    for (auto id : page.status_ids) {
        auto s = store::find_status(*conn, id);
        if (s && can_see(*conn, *s, call.viewer_id())) out.push_back(writer.status(*s));
    }
    auto r = json_response(out);
    if (!page.cursors.empty())
        add_link_header(r, call.node.config().base_url(), call.request, page.cursors.front(),
                        page.cursors.back(), page.cursors.size());
    return r;
}

http::Response who(Call& call, AccountLister lister) {
    auto id = parse_id(call.request.param("id"));
    store::AccountPage page;
    {
        auto conn = call.node.database().acquire();
        auto status = id ? store::find_status(*conn, *id) : std::nullopt;
        if (!status || !can_see(*conn, *status, call.viewer_id()))
            return http::error_response(404, "Record not found");
        page = lister(*conn, status->id, page_query(call.params, 40, 80));
    }
    return account_page(call, page);
}
} // namespace

void install_interaction_routes(Node& node) {
    add_action(node, "favourite", "write:favourites", favourite);
    add_action(node, "unfavourite", "write:favourites", unfavourite);
    add_action(node, "bookmark", "write:bookmarks", bookmark);
    add_action(node, "unbookmark", "write:bookmarks", unbookmark);
    add_action(node, "unreblog", "write:statuses", unreblog);
    add(node, "POST", "/api/v1/statuses/{id}/reblog",
        {.access = Access::user, .scope = "write:statuses"}, [](Call& call) {
            auto id = parse_id(call.request.param("id"));
            if (!id) return http::error_response(404, "Record not found");
            std::optional<Visibility> visibility;
            if (auto v = call.params.get("visibility"); v && !v->empty()) {
                visibility = parse_visibility(*v);
                if (!visibility) return validation_error("Visibility is not included in the list");
            }
            auto result = reblog(call.node.database(), call.me(), *id, visibility);
            call.node.events().notify();
            return status_response(call, result);
        });
    add(node, "GET", "/api/v1/statuses/{id}/favourited_by", {.scope = "read:accounts"},
        [](Call& call) { return who(call, store::list_favourited_by); });
    add(node, "GET", "/api/v1/statuses/{id}/reblogged_by", {.scope = "read:accounts"},
        [](Call& call) { return who(call, store::list_reblogged_by); });
    add(node, "GET", "/api/v1/favourites", {.access = Access::user, .scope = "read:favourites"},
        [](Call& call) { return my_statuses(call, store::list_favourited); });
    add(node, "GET", "/api/v1/bookmarks", {.access = Access::user, .scope = "read:bookmarks"},
        [](Call& call) { return my_statuses(call, store::list_bookmarked); });
}

} // namespace agora::api

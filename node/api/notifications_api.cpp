// Notifications: list (types[], exclude_types[], account_id), get, dismiss, clear.
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/pagination.hpp"
#include "api/routes.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "store/legal_documents_repo.hpp"
#include "store/notifications_repo.hpp"

namespace agora::api {

namespace {
using nlohmann::json;
const Endpoint read_endpoint{.access = Access::user, .scope = "read:notifications"};
const Endpoint write_endpoint{.access = Access::user, .scope = "write:notifications"};
} // namespace

void install_notification_routes(Node& node) {
    add(node, "GET", "/api/v1/notifications", read_endpoint, [](Call& call) {
        store::NotificationFilter filter{call.params.list("types"),
                                         call.params.list("exclude_types"), std::nullopt};
        // Agora's own types reach only the clients that ask for them, never Mastodon clients.
        if (filter.types.empty())
            for (const char* own : {store::terms_notification_type, "agora.appeal_decided"})
                filter.exclude_types.push_back(own);
        // As Mastodon: a blank account_id filters nothing, and one that is no id matches nobody.
        if (auto from = call.params.get("account_id"); from && !from->empty()) {
            filter.from_account_id = parse_id(*from);
            if (!filter.from_account_id) return json_response(json::array());
        }
        auto conn = call.node.database().acquire();
        auto list =
            store::list_notifications(*conn, call.me().id, page_query(call.params, 40, 80), filter);
        EntityWriter writer(*conn, call.node.config(), call.viewer_id());
        std::vector<std::string> out;
        for (const auto& n : list)
            if (auto entity = writer.notification_text(
                    n.id, n.type, n.created_at, n.from_account_id, n.status_id, "notifications"))
                out.push_back(std::move(*entity));
        auto r = json_text_response(json_array_text(out));
        if (!list.empty())
            add_link_header(r, call.node.config().base_url(), call.request, list.front().id,
                            list.back().id, list.size());
        return r;
    });
    add(node, "GET", "/api/v1/notifications/{id}", read_endpoint, [](Call& call) {
        auto id = parse_id(call.request.param("id"));
        auto conn = call.node.database().acquire();
        auto n = id ? store::find_notification(*conn, call.me().id, *id) : std::nullopt;
        if (!n) return http::error_response(404, "Record not found");
        auto entity =
            EntityWriter(*conn, call.node.config(), call.viewer_id())
                .notification(n->id, n->type, n->created_at, n->from_account_id, n->status_id);
        if (entity.is_null()) return http::error_response(404, "Record not found");
        return json_response(entity);
    });
    add(node, "POST", "/api/v1/notifications/{id}/dismiss", write_endpoint, [](Call& call) {
        auto id = parse_id(call.request.param("id"));
        auto conn = call.node.database().acquire();
        if (!id || !store::dismiss_notification(*conn, call.me().id, *id))
            return http::error_response(404, "Record not found");
        return json_response(json::object());
    });
    add(node, "POST", "/api/v1/notifications/clear", write_endpoint, [](Call& call) {
        auto conn = call.node.database().acquire();
        store::clear_notifications(*conn, call.me().id);
        return json_response(json::object());
    });
}

} // namespace agora::api

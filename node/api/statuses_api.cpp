// Statuses endpoints: create, get, delete (with the source for redraft), context, source.
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/routes.hpp"
#include "events/event_worker.hpp"
#include "node.hpp"
#include "statuses/status_service.hpp"
#include "store/database.hpp"
#include "store/statuses_repo.hpp"

namespace agora::api {

namespace {
using nlohmann::json;

http::Response status_error(const StatusError& e) {
    return http::error_response(e.status, e.message);
}

// The status named by {id}, if it exists and the caller may see it.
std::optional<Status> visible_status(Call& call, store::Connection& conn) {
    auto id = parse_id(call.request.param("id"));
    if (!id) return std::nullopt;
    auto status = store::find_status(conn, *id);
    if (!status || !can_see(conn, *status, call.viewer_id())) return std::nullopt;
    return status;
}

http::Response create(Call& call) {
    NewStatus request;
    request.text = call.params.get("status").value_or("");
    request.spoiler_text = call.params.get("spoiler_text").value_or("");
    request.sensitive = call.params.flag("sensitive");
    if (auto v = call.params.get("visibility"); v && !v->empty()) {
        request.visibility = parse_visibility(*v);
        if (!request.visibility) return validation_error("Visibility is not included in the list");
    }
    request.language = call.params.get("language");
    if (auto v = call.params.get("in_reply_to_id"); v && !v->empty()) {
        request.in_reply_to_id = parse_id(*v);
        if (!request.in_reply_to_id) return http::error_response(404, "Record not found");
    }
    if (auto key = call.request.header("Idempotency-Key"); !key.empty())
        request.idempotency_key = std::string(key);
    if (!call.params.list("media_ids").empty())
        return validation_error("Media attachments are not supported yet");
    if (call.params.has("poll[options]")) return validation_error("Polls are not supported yet");
    request.application_id = call.caller->token.app_id;
    auto status = create_status(call.node.database(), call.node.config(), call.me(), request);
    if (!status) return status_error(status.error());
    call.node.events().notify();
    auto conn = call.node.database().acquire();
    return json_response(EntityWriter(*conn, call.node.config(), call.viewer_id()).status(*status));
}
} // namespace

void install_status_routes(Node& node) {
    add(node, "POST", "/api/v1/statuses", {.access = Access::user, .scope = "write:statuses"},
        create);
    add(node, "GET", "/api/v1/statuses/{id}", {.scope = "read:statuses"}, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto status = visible_status(call, *conn);
        if (!status) return http::error_response(404, "Record not found");
        return json_response(
            EntityWriter(*conn, call.node.config(), call.viewer_id()).status(*status));
    });
    add(node, "DELETE", "/api/v1/statuses/{id}",
        {.access = Access::user, .scope = "write:statuses"}, [](Call& call) {
            auto id = parse_id(call.request.param("id"));
            if (!id) return http::error_response(404, "Record not found");
            json out;
            {
                // Rendered before it goes, as Mastodon answers: the client may redraft from `text`.
                auto conn = call.node.database().acquire();
                auto status = store::find_status(*conn, *id);
                if (!status || status->account_id != call.me().id)
                    return http::error_response(404, "Record not found");
                out = EntityWriter(*conn, call.node.config(), call.viewer_id()).status(*status);
                out["text"] = status->text;
            }
            auto deleted = delete_status(call.node.database(), call.me(), *id);
            if (!deleted) return status_error(deleted.error());
            call.node.events().notify();
            return json_response(out);
        });
    add(node, "GET", "/api/v1/statuses/{id}/source",
        {.access = Access::user, .scope = "read:statuses"}, [](Call& call) {
            auto conn = call.node.database().acquire();
            auto status = visible_status(call, *conn);
            if (!status || status->account_id != call.me().id)
                return http::error_response(404, "Record not found");
            return json_response({{"id", std::to_string(status->id)},
                                  {"text", status->text},
                                  {"spoiler_text", status->spoiler_text}});
        });
    add(node, "GET", "/api/v1/statuses/{id}/context", {.scope = "read:statuses"}, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto status = visible_status(call, *conn);
        if (!status) return http::error_response(404, "Record not found");
        EntityWriter writer(*conn, call.node.config(), call.viewer_id());
        json ancestors = json::array(), descendants = json::array();
        // Walk up the reply chain (bounded), then down breadth-first, keeping only what the caller
        // may see.
        auto parent_id = status->in_reply_to_id;
        std::vector<json> up;
        for (int depth = 0; parent_id && depth < 100; ++depth) {
            auto parent = store::find_status(*conn, *parent_id);
            if (!parent) break;
            if (can_see(*conn, *parent, call.viewer_id())) up.push_back(writer.status(*parent));
            parent_id = parent->in_reply_to_id;
        }
        for (auto it = up.rbegin(); it != up.rend(); ++it)
            ancestors.push_back(*it);
        std::vector<std::int64_t> frontier{status->id};
        for (std::size_t i = 0; i < frontier.size() && descendants.size() < 4096; ++i) {
            std::vector<std::int64_t> children;
            {
                auto st = conn->query(
                    "SELECT id FROM statuses WHERE in_reply_to_id = ? ORDER BY id", frontier[i]);
                while (st.step())
                    children.push_back(st.int64(0));
            }
            for (auto child_id : children) {
                auto child = store::find_status(*conn, child_id);
                if (!child || !can_see(*conn, *child, call.viewer_id())) continue;
                descendants.push_back(writer.status(*child));
                frontier.push_back(child_id);
            }
        }
        return json_response({{"ancestors", ancestors}, {"descendants", descendants}});
    });
}

} // namespace agora::api

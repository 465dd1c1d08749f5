// Direct conversations: the member's conversations by their last status (Link header), marking
// one read, removing one from their list.
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/pagination.hpp"
#include "api/routes.hpp"
#include "events/event_worker.hpp"
#include "node.hpp"
#include "statuses/conversations.hpp"
#include "store/conversations_repo.hpp"
#include "store/database.hpp"

namespace agora::api {

namespace {
using nlohmann::json;
const Endpoint reading{.access = Access::user, .scope = "read:statuses"};
const Endpoint writing{.access = Access::user, .scope = "write:conversations"};

// The caller's conversation named by {id}.
std::optional<Conversation> my_conversation(Call& call, store::Connection& conn) {
    auto id = parse_id(call.request.param("id"));
    if (!id) return std::nullopt;
    return store::find_conversation(conn, call.me().id, *id);
}
} // namespace

void install_conversation_routes(Node& node) {
    add(node, "GET", "/api/v1/conversations", reading, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto page = store::list_conversations(*conn, call.me().id, page_query(call.params));
        EntityWriter writer(*conn, call.node.config(), call.viewer_id());
        json out = json::array();
        for (const auto& c : page)
            out.push_back(writer.conversation(c));
        auto r = json_response(out);
        // The cursors are last status ids, as Mastodon pages conversations.
        if (!page.empty())
            add_link_header(r, call.node.config().base_url(), call.request,
                            *page.front().last_status_id, *page.back().last_status_id, page.size());
        return r;
    });
    add(node, "POST", "/api/v1/conversations/{id}/read", writing, [](Call& call) {
        json out;
        {
            auto conn = call.node.database().acquire();
            auto c = my_conversation(call, *conn);
            if (!c) return http::error_response(404, "Record not found");
            store::Transaction tx(*conn);
            mark_conversation_read(*conn, c->id, c->account_id);
            tx.commit();
            c->unread = false;
            out = EntityWriter(*conn, call.node.config(), call.viewer_id()).conversation(*c);
        }
        call.node.events().notify();
        return json_response(out);
    });
    add(node, "DELETE", "/api/v1/conversations/{id}", writing, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto c = my_conversation(call, *conn);
        if (!c) return http::error_response(404, "Record not found");
        store::delete_conversation(*conn, c->id);
        return json_response(json::object());
    });
}

} // namespace agora::api

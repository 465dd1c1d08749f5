// Polls endpoints: view a poll, vote in it.
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/routes.hpp"
#include "events/event_worker.hpp"
#include "node.hpp"
#include "statuses/polls.hpp"
#include "statuses/status_service.hpp"
#include "store/database.hpp"
#include "store/polls_repo.hpp"
#include "store/statuses_repo.hpp"

namespace agora::api {

namespace {
http::Response poll_response(Call& call, store::Connection& conn, const Poll& poll) {
    auto status = store::find_status(conn, poll.status_id);
    if (!status || !can_see(conn, *status, call.viewer_id()))
        return http::error_response(404, "Record not found");
    return json_response(
        EntityWriter(conn, call.node.config(), call.viewer_id()).poll(poll, status->account_id));
}
} // namespace

void install_poll_routes(Node& node) {
    add(node, "GET", "/api/v1/polls/{id}", {.scope = "read:statuses"}, [](Call& call) {
        auto id = parse_id(call.request.param("id"));
        auto conn = call.node.database().acquire();
        auto poll = id ? store::find_poll(*conn, *id) : std::nullopt;
        if (!poll) return http::error_response(404, "Record not found");
        return poll_response(call, *conn, *poll);
    });
    add(node, "POST", "/api/v1/polls/{id}/votes",
        {.access = Access::user, .scope = "write:statuses"}, [](Call& call) {
            auto id = parse_id(call.request.param("id"));
            if (!id) return http::error_response(404, "Record not found");
            auto poll =
                vote_in_poll(call.node.database(), call.me(), *id, call.params.list("choices"));
            if (!poll) return http::error_response(poll.error().status, poll.error().message);
            call.node.events().notify();
            auto conn = call.node.database().acquire();
            return poll_response(call, *conn, *poll);
        });
}

} // namespace agora::api

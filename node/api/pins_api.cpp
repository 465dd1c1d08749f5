// Status pins: pin and unpin one's own posts (they show first on one's profile).
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/routes.hpp"
#include "events/event_worker.hpp"
#include "node.hpp"
#include "statuses/status_pins.hpp"
#include "store/database.hpp"

namespace agora::api {

namespace {
using PinAction = std::expected<Status, StatusError> (*)(store::Database&, const Account&,
                                                         std::int64_t);

void add_pin_route(Node& node, const std::string& path, PinAction action) {
    add(node, "POST", path, {.access = Access::user, .scope = "write:accounts"},
        [action](Call& call) {
            auto id = parse_id(call.request.param("id"));
            if (!id) return http::error_response(404, "Record not found");
            auto status = action(call.node.database(), call.me(), *id);
            if (!status) return http::error_response(status.error().status, status.error().message);
            call.node.events().notify();
            auto conn = call.node.database().acquire();
            return json_response(
                EntityWriter(*conn, call.node.config(), call.viewer_id()).status(*status));
        });
}
} // namespace

void install_pin_routes(Node& node) {
    add_pin_route(node, "/api/v1/statuses/{id}/pin", pin_status);
    add_pin_route(node, "/api/v1/statuses/{id}/unpin", unpin_status);
}

} // namespace agora::api

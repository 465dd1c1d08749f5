// GET /api/v1/agora/transparency: the public transparency report for a period (JSON).
#include "moderation/routes.hpp"

#include "api/api.hpp"
#include "moderation/transparency.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "util/time.hpp"

namespace agora::moderation {

void install_transparency_routes(Node& node) {
    api::add(node, "GET", "/api/v1/agora/transparency", api::Endpoint{}, [](api::Call& call) {
        auto period = period_of(call.params.get("from"), call.params.get("to"), now_unix_ms());
        if (!period) return api::validation_error(period.error());
        auto conn = call.node.database().acquire();
        return api::json_response(transparency_report(*conn, *period));
    });
}

} // namespace agora::moderation

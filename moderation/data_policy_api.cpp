// GET /api/v1/agora/data_policy: the data policy generated from the configuration (public).
#include "moderation/routes.hpp"

#include "api/api.hpp"
#include "moderation/data_policy.hpp"
#include "node.hpp"

namespace agora::moderation {

void install_data_policy_routes(Node& node) {
    // Built once: the configuration does not change while the node runs.
    api::add(
        node, "GET", "/api/v1/agora/data_policy", {},
        [policy = data_policy(node.config())](api::Call&) { return api::json_response(policy); });
}

} // namespace agora::moderation

// The domain policy check federation makes before receiving, fetching or sending.
#include "federation/domain_gate.hpp"

#include "moderation/domain_policy.hpp"
#include "node.hpp"
#include "store/database.hpp"

namespace agora::federation {

bool federates_with_url(Node& node, std::string_view url) {
    auto conn = node.database().acquire();
    return moderation::policy_for_url(*conn, node.config(), url).federates();
}

} // namespace agora::federation

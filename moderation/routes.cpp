// Moderation's routes, installed on a node.
#include "moderation/routes.hpp"

namespace agora::moderation {

void install_routes(Node& node) {
    install_report_routes(node);
    install_admin_report_routes(node);
    install_domain_policy_routes(node);
    install_rule_routes(node);
    install_data_policy_routes(node);
    install_terms_routes(node);
    install_admin_account_routes(node);
    install_statement_routes(node);
    install_transparency_routes(node);
}

} // namespace agora::moderation

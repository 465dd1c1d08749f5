// Moderation's HTTP surface: reports (Mastodon's and the admin API), report categories, domain
// policies (admin API and the public list), instance rules (admin API), the data policy and
// members' acceptance of the terms.
#pragma once

namespace agora {
class Node;
}

namespace agora::moderation {

void install_routes(Node& node);

// One family each (reports_api.cpp, admin_reports_api.cpp, domain_policies_api.cpp,
// rules_api.cpp, data_policy_api.cpp, terms_api.cpp).
void install_report_routes(Node& node);
void install_admin_report_routes(Node& node);
void install_domain_policy_routes(Node& node);
void install_rule_routes(Node& node);
void install_data_policy_routes(Node& node);
void install_terms_routes(Node& node);
void install_admin_account_routes(Node& node);
void install_statement_routes(Node& node);
void install_transparency_routes(Node& node);

} // namespace agora::moderation

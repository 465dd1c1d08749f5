// Moderation's HTTP surface: reports (Mastodon's and the admin API), report categories, domain
// policies (admin API and the public list).
#pragma once

namespace agora {
class Node;
}

namespace agora::moderation {

void install_routes(Node& node);

// One family each (reports_api.cpp, admin_reports_api.cpp, domain_policies_api.cpp).
void install_report_routes(Node& node);
void install_admin_report_routes(Node& node);
void install_domain_policy_routes(Node& node);
void install_admin_account_routes(Node& node);
void install_statement_routes(Node& node);

} // namespace agora::moderation

// Server-rendered pages: every page of web/, installed on a node.
#include "web/routes.hpp"

#include "web/delete_account_page.hpp"
#include "web/legal_pages.hpp"
#include "web/oauth_page.hpp"
#include "web/profile_page.hpp"
#include "web/report_page.hpp"
#include "web/statement_page.hpp"
#include "web/status_page.hpp"
#include "web/tag_page.hpp"
#include "web/transparency_page.hpp"

namespace agora::web {

void install_routes(Node& node) {
    install_oauth_page(node);
    install_profile_pages(node);
    install_tag_page(node);
    install_status_page(node);
    install_report_page(node);
    install_legal_pages(node);
    install_statement_page(node);
    install_transparency_page(node);
    install_delete_account_page(node);
}

} // namespace agora::web

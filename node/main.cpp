// The `agora` executable: composes the rooms (node, moderation, federation, web) and hands over to
// the CLI.
#include "cli/cli.hpp"
#include "federation/routes.hpp"
#include "moderation/account_command.hpp"
#include "moderation/domain_accounts.hpp"
#include "moderation/routes.hpp"
#include "moderation/transparency_command.hpp"
#include "node.hpp"
#include "web/routes.hpp"

int main(int argc, char** argv) {
    return agora::run_cli(
        argc, argv,
        [](agora::Node& node) {
            agora::moderation::install_routes(node);
            agora::federation::install_routes(node);
            agora::web::install_routes(node);
        },
        agora::moderation::run_account_command, agora::moderation::run_transparency_command,
        agora::moderation::apply_domain_policy);
}

// `agora admin account suspend|silence|unsuspend|unsilence ACCOUNT --reason TEXT`: the same
// actions as the admin API, with the same statements of reasons, from the command line.
#pragma once

#include "cli/cli.hpp"

namespace agora::moderation {

// The exit code: 0 done, 1 unknown account or refused action.
int run_account_command(Node& node, const AccountModerationCommand& command);

} // namespace agora::moderation

// `agora admin transparency-report --from DATE --to DATE [--format html|json]`: the same report
// as GET /api/v1/agora/transparency, printed on standard output.
#pragma once

#include "cli/cli.hpp"

namespace agora::moderation {

// The exit code: 0 printed, 2 bad dates or format.
int run_transparency_command(Node& node, const TransparencyReportCommand& command);

} // namespace agora::moderation

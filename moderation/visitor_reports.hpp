// Reports from visitors (people without an account), the one path that POST /api/v1/reports sent
// without a token and the web form (POST /report) share: the moderation.visitor_reports switch,
// the visitor limiter, then file_report with nothing of the visitor kept but their words.
#pragma once

#include "moderation/report_filing.hpp"

namespace agora {
class Node;
class IpAddress;
} // namespace agora

namespace agora::moderation {

// Whether this instance takes reports from visitors (moderation.visitor_reports).
bool visitor_reports_open(const Node& node);

// Makes the node's visitor limiter (once, when moderation's routes are installed).
void install_visitor_reports(Node& node);

// Files `request` as a visitor's report from `client` (counted in memory, never stored): no
// reporter, no forwarding, an empty contact dropped. Errors: 403 when visitors may not report,
// 429 when `client` or all visitors together reported too often this hour, else file_report's.
// Tells the node's event worker on success.
std::expected<store::Report, ReportError> file_visitor_report(Node& node, const IpAddress& client,
                                                              ReportRequest request);

} // namespace agora::moderation

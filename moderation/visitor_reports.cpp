// Visitors' reports: the switch, the limiter (one per node, a node service) and the filing.
#include "moderation/visitor_reports.hpp"

#include "events/event_worker.hpp"
#include "moderation/visitor_limiter.hpp"
#include "node.hpp"
#include "util/time.hpp"

#include <stdexcept>

namespace agora::moderation {

namespace {
// The node keeps the limiter for its whole life, so that the API and the web form count together.
struct VisitorReports : BackgroundService {
    VisitorReportLimiter limiter;
};
} // namespace

bool visitor_reports_open(const Node& node) {
    return node.config().moderation.visitor_reports;
}

void install_visitor_reports(Node& node) {
    if (!node.service<VisitorReports>()) node.add_service(std::make_shared<VisitorReports>());
}

std::expected<store::Report, ReportError> file_visitor_report(Node& node, const IpAddress& client,
                                                              ReportRequest request) {
    if (!visitor_reports_open(node))
        return std::unexpected(ReportError{403, "Reports need an account on this server"});
    auto* visitors = node.service<VisitorReports>();
    if (!visitors) throw std::logic_error("moderation routes are not installed");
    request.origin = "visitor";
    request.reporter_id.reset();
    request.origin_domain.reset();
    request.uri.reset();
    request.forward = false;
    if (request.contact && request.contact->find_first_not_of(" \t\r\n") == std::string::npos)
        request.contact.reset();
    if (!visitors->limiter.allows(client, now_unix_ms()))
        return std::unexpected(ReportError{429, "Too many requests"});
    auto report = file_report(node.database(), request);
    if (!report) return report;
    visitors->limiter.record(client, now_unix_ms());
    node.events().notify();
    return report;
}

} // namespace agora::moderation

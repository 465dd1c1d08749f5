// Prints the transparency report for `agora admin transparency-report`.
#include "moderation/transparency_command.hpp"

#include "moderation/transparency.hpp"
#include "moderation/transparency_html.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "util/time.hpp"

#include <iostream>

namespace agora::moderation {

int run_transparency_command(Node& node, const TransparencyReportCommand& command) {
    auto period = period_of(command.from, command.to, now_unix_ms());
    if (!period) {
        std::cerr << "agora: " << period.error() << "\n";
        return 2;
    }
    auto conn = node.database().acquire();
    auto report = transparency_report(*conn, *period);
    if (command.format == "html")
        std::cout << "<!DOCTYPE html>\n<html lang=\"en\"><meta charset=\"utf-8\"><title>"
                  << "Transparency report</title>\n<h1>Transparency report</h1>\n"
                  << transparency_html(report, false) << "</html>\n";
    else
        std::cout << report.dump(2) << "\n";
    return 0;
}

} // namespace agora::moderation

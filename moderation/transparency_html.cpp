// The transparency report rendered as HTML tables, in French or English.
#include "moderation/transparency_html.hpp"

namespace agora::moderation {

namespace {
using nlohmann::json;

std::string escaped(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string number(const json& v) {
    return v.is_null() ? "—" : v.dump();
}

// A two-column table of {name: count}; a line saying "none" when empty.
std::string table(const json& counts, const std::string& none) {
    if (counts.empty()) return "<p>" + escaped(none) + "</p>\n";
    std::string out = "<table>\n";
    for (const auto& [name, count] : counts.items())
        out +=
            "<tr><th scope=\"row\">" + escaped(name) + "</th><td>" + number(count) + "</td></tr>\n";
    return out + "</table>\n";
}

std::string row(const std::string& label, const json& value) {
    return "<tr><th scope=\"row\">" + escaped(label) + "</th><td>" + number(value) + "</td></tr>\n";
}
} // namespace

std::string transparency_html(const json& r, bool fr) {
    auto t = [fr](const char* f, const char* e) { return std::string(fr ? f : e); };
    const std::string none = t("aucun", "none");
    const auto& reports = r["reports"];
    const auto& decisions = r["decisions"];
    const auto& appeals = r["appeals"];
    std::string out = "<p>" + t("Période du ", "Period from ") +
                      escaped(r["period"]["from"].get<std::string>()) + t(" au ", " to ") +
                      escaped(r["period"]["to"].get<std::string>()) +
                      t(" (exclu).", " (excluded).") + "</p>\n";
    out += "<section>\n<h2>" + t("Signalements reçus", "Reports received") + "</h2>\n<table>\n" +
           row(t("Total", "Total"), reports["total"]) +
           row(t("Domaines distants d'origine", "Remote domains they came from"),
               reports["remote_domains"]) +
           "</table>\n<h3>" + t("Par origine", "By origin") + "</h3>\n" +
           table(reports["by_origin"], none) + "<h3>" + t("Par catégorie", "By category") +
           "</h3>\n" + table(reports["by_category"], none);
    for (const auto& [category, subs] : reports["by_subcategory"].items())
        out += "<h3>" + t("Sous-catégories (DSA) : ", "Subcategories (DSA): ") + escaped(category) +
               "</h3>\n" + table(subs, none);
    out += "</section>\n<section>\n<h2>" + t("Décisions", "Decisions") + "</h2>\n<table>\n" +
           row(t("Total", "Total"), decisions["total"]) +
           row(t("Automatisées", "Automated"), decisions["automated"]) +
           row(t("Non automatisées", "Not automated"), decisions["not_automated"]) +
           row(t("Délai médian signalement → décision (secondes)",
                 "Median time from report to decision (seconds)"),
               decisions["median_seconds_from_report"]) +
           row(t("Comptes locaux visés", "Local accounts actioned"),
               decisions["accounts_actioned"]["local"]) +
           row(t("Comptes distants visés", "Remote accounts actioned"),
               decisions["accounts_actioned"]["remote"]) +
           "</table>\n<h3>" + t("Par mesure", "By action") + "</h3>\n" +
           table(decisions["by_action"], none) + "<h3>" + t("Par fondement", "By ground") +
           "</h3>\n" + table(decisions["by_ground"], none) + "</section>\n";
    out +=
        "<section>\n<h2>" + t("Recours", "Appeals") + "</h2>\n<table>\n" +
        row(t("Reçus", "Received"), appeals["total"]) +
        row(t("Acceptés (décision annulée)", "Approved (decision reversed)"), appeals["approved"]) +
        row(t("Rejetés", "Rejected"), appeals["rejected"]) +
        row(t("En attente", "Pending"), appeals["pending"]) + "</table>\n</section>\n";
    out += "<section>\n<h2>" + t("Politiques de domaine", "Domain policies") + "</h2>\n<h3>" +
           t("En vigueur à la fin de la période", "In force at the end of the period") + "</h3>\n" +
           table(r["domain_policies"]["in_force"], none) + "<h3>" +
           t("Ajoutées pendant la période", "Added in the period") + "</h3>\n" +
           table(r["domain_policies"]["added"], none) + "</section>\n";
    return out;
}

} // namespace agora::moderation

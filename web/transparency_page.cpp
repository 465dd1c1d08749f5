// /about/transparency[?year=YYYY]: the transparency report of a year, computed from kept rows.
#include "web/transparency_page.hpp"

#include "moderation/transparency.hpp"
#include "moderation/transparency_html.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "util/time.hpp"
#include "web/html.hpp"
#include "web/page_response.hpp"

#include <string>

namespace agora::web {

namespace {
std::string text(Lang lang, std::string_view fr, std::string_view en) {
    return std::string(lang == Lang::fr ? fr : en);
}

http::Response transparency_page(Node& node, http::Request& req) {
    Lang lang = language_of(req, node);
    const std::string l = "?lang=" + std::string(code(lang));
    const auto now = now_unix_ms();
    auto period = moderation::current_year_so_far(now);
    const int this_year = std::stoi(iso8601_day(period.from_ms).substr(0, 4));
    int year = this_year;
    if (auto asked = req.query_param("year"); asked && !asked->empty()) {
        auto from = moderation::parse_day(*asked + "-01-01");
        auto to = moderation::parse_day(std::to_string(std::atoi(asked->c_str()) + 1) + "-01-01");
        if (!from || !to || *from > period.from_ms) return not_found_page(lang);
        year = std::stoi(*asked);
        if (year != this_year) period = {*from, *to};
    }
    auto conn = node.database().acquire();
    store::Snapshot snapshot(*conn);
    auto report = moderation::transparency_report(*conn, period);
    std::string title =
        text(lang, "Rapport de transparence ", "Transparency report ") + std::to_string(year);
    std::string self = "/about/transparency?year=" + std::to_string(year) + "&lang=";
    std::string body =
        "<nav class=\"lang\">" +
        (lang == Lang::fr ? "<a href=\"" + escape(self) + "en\" hreflang=\"en\">English</a>"
                          : "<a href=\"" + escape(self) + "fr\" hreflang=\"fr\">Français</a>") +
        "</nav>\n<h1>" + escape(title) + "</h1>\n<p>" +
        text(lang,
             "Chiffres agrégés de la modération de ce serveur, sans donnée personnelle. Ils sont "
             "calculés à partir des signalements, décisions et recours conservés.",
             "Aggregate figures of this server's moderation, without personal data, computed "
             "from the reports, decisions and appeals it keeps.") +
        " <a href=\"/api/v1/agora/transparency?from=" + iso8601_day(period.from_ms).substr(0, 10) +
        "&amp;to=" + iso8601_day(period.to_ms).substr(0, 10) + "\">JSON</a></p>\n" +
        moderation::transparency_html(report, lang == Lang::fr);
    std::string others;
    for (int y : moderation::years_with_data(*conn))
        if (y != year && y <= this_year)
            others += "<li><a href=\"/about/transparency?year=" + std::to_string(y) + "&amp;" +
                      l.substr(1) + "\">" + std::to_string(y) + "</a></li>\n";
    if (!others.empty())
        body += "<nav class=\"links\"><h2>" + text(lang, "Autres années", "Other years") +
                "</h2>\n<ul>\n" + others + "</ul></nav>\n";
    body += "<p><a href=\"/about" + l + "\">" + text(lang, "À propos", "About") + "</a></p>\n";
    return html_response(
        200, render({std::string(code(lang)), title + " - " + node.config().instance.title,
                     "<style>table{border-collapse:collapse}th,td{border:1px "
                     "solid #d0d0d0;padding:.25rem .5rem;text-align:left}</style>",
                     body}));
}
} // namespace

void install_transparency_page(Node& node) {
    node.router().add("GET", "/about/transparency",
                      [&node](http::Request& req) { return transparency_page(node, req); });
}

} // namespace agora::web

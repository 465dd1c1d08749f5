// /about, /about/rules, /terms and /privacy (with their history): the instance's rules, terms of
// service and privacy policy as a visitor reads them, and the domain policies it publishes.
#include "web/legal_pages.hpp"

#include "legal/legal_documents.hpp"
#include "moderation/domain_policy.hpp"
#include "node.hpp"
#include "statuses/text_format.hpp"
#include "store/database.hpp"
#include "store/domain_policies_repo.hpp"
#include "store/legal_documents_repo.hpp"
#include "store/rules_repo.hpp"
#include "util/time.hpp"
#include "web/html.hpp"
#include "web/page_response.hpp"

#include <chrono>

namespace agora::web {

namespace {
constexpr int banner_days = 30;

const char* page_style =
    "<style>nav.lang,nav.links{margin:.5rem 0}.notice{border:1px solid #c9a227;"
    "background:#fff8dc;padding:.5rem 1rem}.summary{border-left:4px solid #1a4d8f;"
    "padding-left:1rem}.document{border-top:1px solid #d0d0d0;margin-top:1rem}"
    "li{margin:.25rem 0}</style>\n";

// This page's strings, in the reader's language.
std::string text(Lang lang, std::string_view fr, std::string_view en) {
    return std::string(lang == Lang::fr ? fr : en);
}

struct Kind {
    std::string name; // terms, privacy
    std::string path; // /terms, /privacy
    std::string fr_title, en_title;
};
const Kind terms_kind{"terms", "/terms", "Conditions d'utilisation", "Terms of service"};
const Kind privacy_kind{"privacy", "/privacy", "Politique de confidentialité", "Privacy policy"};

std::string title_of(const Kind& kind, Lang lang) {
    return text(lang, kind.fr_title, kind.en_title);
}

// Links to the same page in the other language.
std::string language_links(const std::string& path, Lang lang) {
    return "<nav class=\"lang\">" +
           (lang == Lang::fr
                ? "<a href=\"" + escape(path) + "?lang=en\" hreflang=\"en\">English</a>"
                : "<a href=\"" + escape(path) + "?lang=fr\" hreflang=\"fr\">Français</a>") +
           "</nav>\n";
}

std::string date_tag(const std::string& day) {
    return "<time datetime=\"" + escape(day) + "\">" + escape(day) + "</time>";
}

// YYYY-MM-DD `days` after (or before) `day`.
std::string shift_days(const std::string& day, int days) {
    int y = std::stoi(day.substr(0, 4));
    unsigned m = unsigned(std::stoi(day.substr(5, 2))), d = unsigned(std::stoi(day.substr(8, 2)));
    std::chrono::sys_days at = std::chrono::year_month_day{
        std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    at += std::chrono::days{days};
    std::chrono::year_month_day out{at};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(out.year()), unsigned(out.month()),
                  unsigned(out.day()));
    return buf;
}

http::Response page(Lang lang, int status, const std::string& title, const std::string& body,
                    const Node& node) {
    return html_response(status,
                         render({std::string(code(lang)),
                                 title + " - " + node.config().instance.title, page_style, body}));
}

std::string state_of(const store::LegalDocument& doc,
                     const std::optional<store::LegalDocument>& current, const std::string& today,
                     Lang lang) {
    if (doc.effective_date > today) return text(lang, "à venir", "upcoming");
    if (current && current->id == doc.id) return text(lang, "en vigueur", "in effect");
    return text(lang, "version précédente", "earlier version");
}

std::string history(const std::vector<store::LegalDocument>& versions,
                    const std::optional<store::LegalDocument>& current, const std::string& today,
                    const Kind& kind, Lang lang) {
    std::string out = "<section>\n<h2>" + text(lang, "Historique des versions", "Version history") +
                      "</h2>\n<ul>\n";
    for (const auto& v : versions) {
        out += "<li><a href=\"" + kind.path + "/" + escape(v.effective_date) +
               "?lang=" + std::string(code(lang)) + "\">" + date_tag(v.effective_date) + "</a> (" +
               escape(state_of(v, current, today, lang)) + ")";
        if (!v.summary.empty()) out += " : " + escape(v.summary);
        out += "</li>\n";
    }
    return out + "</ul>\n</section>\n";
}

// The data policy generated from the configuration (GET /api/v1/agora/data_policy).
std::string data_policy_anchor(Lang lang) {
    return "<a href=\"/api/v1/agora/data_policy\" type=\"application/json\">" +
           text(lang, "Données personnelles conservées (format lisible par machine)",
                "Personal data kept (machine-readable)") +
           "</a>";
}

// One version with what changed, a note when it is not the one in effect, and the history.
http::Response document_page(Node& node, http::Request& req, const Kind& kind,
                             const std::optional<std::string>& date) {
    Lang lang = language_of(req, node);
    auto conn = node.database().acquire();
    store::Snapshot snapshot(*conn);
    auto today = legal::today_utc();
    auto current = store::legal_document_in_effect(*conn, kind.name, today);
    auto versions = store::list_legal_documents(*conn, kind.name);
    std::optional<store::LegalDocument> shown = current;
    if (date)
        shown = legal::is_calendar_date(*date) ? store::find_legal_document(*conn, kind.name, *date)
                                               : std::nullopt;
    std::string title = title_of(kind, lang);
    std::string path = date ? kind.path + "/" + *date : kind.path;
    std::string body = language_links(path, lang) + terms_change_banner(*conn, lang) + "<h1>" +
                       escape(title) + "</h1>\n";
    if (!shown) {
        if (date) return not_found_page(lang);
        body += "<p>" +
                text(lang, "Aucune version n'est encore en vigueur sur ce serveur.",
                     "No version is in effect on this server yet.") +
                "</p>\n";
        if (!versions.empty()) body += history(versions, current, today, kind, lang);
        return page(lang, 404, title, body, node);
    }
    if (shown->effective_date > today)
        body +=
            "<p class=\"notice\">" +
            text(lang, "Cette version entrera en vigueur le ", "This version takes effect on ") +
            date_tag(shown->effective_date) + ".</p>\n";
    else if (!current || current->id != shown->id)
        body += "<p class=\"notice\">" +
                text(lang, "Cette version n'est plus en vigueur. ",
                     "This version is no longer in effect. ") +
                "<a href=\"" + kind.path + "?lang=" + std::string(code(lang)) + "\">" +
                text(lang, "Lire la version en vigueur", "Read the version in effect") +
                "</a>.</p>\n";
    else
        body += "<p>" + text(lang, "En vigueur depuis le ", "In effect since ") +
                date_tag(shown->effective_date) + ".</p>\n";
    if (!shown->summary.empty())
        body += "<section class=\"summary\">\n<h2>" +
                text(lang, "Ce qui a changé", "What changed") + "</h2>\n<p>" +
                escape(shown->summary) + "</p>\n</section>\n";
    // Rendered by cmark in its safe mode when it was published.
    body += "<div class=\"document\">\n" + shown->html + "</div>\n";
    if (kind.name == "privacy") body += "<p>" + data_policy_anchor(lang) + "</p>\n";
    body += history(versions, current, today, kind, lang);
    return page(lang, 200, title, body, node);
}

std::string rules_list(store::Connection& conn, Lang lang) {
    auto rules = store::list_rules(conn);
    if (rules.empty())
        return "<p>" +
               text(lang, "Ce serveur n'a pas encore publié de règles.",
                    "This server has not published any rules yet.") +
               "</p>\n";
    std::string out = "<ol class=\"rules\">\n";
    for (const auto& r : rules) {
        out += "<li><strong>" + escape(r.text) + "</strong>";
        if (!r.hint.empty()) out += "<br>\n" + escape(r.hint);
        out += "</li>\n";
    }
    return out + "</ol>\n";
}

std::string severity_name(const std::string& severity, Lang lang) {
    if (severity == "suspend") return text(lang, "suspendu", "suspended");
    if (severity == "silence") return text(lang, "limité", "limited");
    return text(lang, "restrictions partielles", "partly restricted");
}

std::string domain_policies(store::Connection& conn, Lang lang) {
    std::string items;
    for (const auto& r : store::list_domain_policies(conn)) {
        if (r.private_) continue;
        auto name = r.obfuscate ? moderation::obfuscated_domain(r.domain) : r.domain;
        items += "<li><strong>" + escape(name) +
                 "</strong> : " + escape(severity_name(r.severity, lang));
        if (r.reject_media) items += text(lang, ", médias refusés", ", media refused");
        if (!r.public_comment.empty())
            items += " — " + text(lang, "raison : ", "reason: ") + escape(r.public_comment);
        items += "</li>\n";
    }
    if (items.empty())
        return "<p>" +
               text(lang, "Ce serveur ne restreint publiquement aucun autre serveur.",
                    "This server publicly restricts no other server.") +
               "</p>\n";
    return "<ul class=\"domains\">\n" + items + "</ul>\n";
}

http::Response rules_page(Node& node, http::Request& req) {
    Lang lang = language_of(req, node);
    auto conn = node.database().acquire();
    std::string title = text(lang, "Règles du serveur", "Server rules");
    std::string body = language_links("/about/rules", lang) + terms_change_banner(*conn, lang) +
                       "<h1>" + escape(title) + "</h1>\n" + rules_list(*conn, lang);
    return page(lang, 200, title, body, node);
}

http::Response about_page(Node& node, http::Request& req) {
    Lang lang = language_of(req, node);
    const auto& instance = node.config().instance;
    auto conn = node.database().acquire();
    store::Snapshot snapshot(*conn);
    auto today = legal::today_utc();
    std::string l = "?lang=" + std::string(code(lang));
    std::string title = text(lang, "À propos", "About");
    std::string body = language_links("/about", lang) + terms_change_banner(*conn, lang) + "<h1>" +
                       escape(instance.title) + "</h1>\n";
    if (!instance.description.empty()) body += "<p>" + escape(instance.description) + "</p>\n";
    // The longer text of /api/v1/instance/extended_description, formatted as posts are (escaped).
    if (!instance.extended_description.empty())
        if (auto html = format_status_text(instance.extended_description, node.config().base_url(),
                                           [](const MentionRef&) { return std::nullopt; }))
            body += "<div class=\"description\">" + html->html + "</div>\n";
    // Only links to what exists here.
    std::string links = "<li><a href=\"/about/rules" + l + "\">" +
                        text(lang, "Règles du serveur", "Server rules") + "</a></li>\n";
    for (const auto* kind : {&terms_kind, &privacy_kind})
        if (store::legal_document_in_effect(*conn, kind->name, today) ||
            !store::list_legal_documents(*conn, kind->name).empty())
            links += "<li><a href=\"" + kind->path + l + "\">" + escape(title_of(*kind, lang)) +
                     "</a></li>\n";
    links += "<li>" + data_policy_anchor(lang) + "</li>\n";
    links += "<li><a href=\"/about/transparency" + l + "\">" +
             text(lang, "Rapport de transparence", "Transparency report") + "</a></li>\n";
    body += "<nav class=\"links\"><ul>\n" + links + "</ul></nav>\n";
    body += "<section>\n<h2>" + text(lang, "Règles", "Rules") + "</h2>\n" +
            rules_list(*conn, lang) + "</section>\n";
    body += "<section>\n<h2>" + text(lang, "Serveurs modérés", "Moderated servers") + "</h2>\n" +
            domain_policies(*conn, lang) + "</section>\n";
    return page(lang, 200, title, body, node);
}
} // namespace

std::string terms_change_banner(store::Connection& conn, Lang lang) {
    auto today = legal::today_utc();
    auto versions = store::list_legal_documents(conn, "terms");
    auto current = store::legal_document_in_effect(conn, "terms", today);
    std::string l = "?lang=" + std::string(code(lang));
    // The next version to come, else the one that took effect lately.
    for (auto it = versions.rbegin(); it != versions.rend(); ++it)
        if (it->effective_date > today)
            return "<p class=\"notice\" role=\"status\">" +
                   text(lang, "Les conditions d'utilisation changent le ",
                        "The terms of service change on ") +
                   date_tag(it->effective_date) + ". <a href=\"/terms/" +
                   escape(it->effective_date) + l + "\">" +
                   text(lang, "Voir ce qui change", "See what changes") + "</a>.</p>\n";
    if (current && current->effective_date >= shift_days(today, -banner_days))
        return "<p class=\"notice\" role=\"status\">" +
               text(lang, "Les conditions d'utilisation ont changé le ",
                    "The terms of service changed on ") +
               date_tag(current->effective_date) + ". <a href=\"/terms" + l + "\">" +
               text(lang, "Voir ce qui a changé", "See what changed") + "</a>.</p>\n";
    return "";
}

void install_legal_pages(Node& node) {
    for (const auto* kind : {&terms_kind, &privacy_kind}) {
        node.router().add("GET", kind->path, [&node, kind](http::Request& req) {
            return document_page(node, req, *kind, std::nullopt);
        });
        node.router().add("GET", kind->path + "/{date}", [&node, kind](http::Request& req) {
            return document_page(node, req, *kind, req.param("date"));
        });
    }
    node.router().add("GET", "/about/rules",
                      [&node](http::Request& req) { return rules_page(node, req); });
    node.router().add("GET", "/about",
                      [&node](http::Request& req) { return about_page(node, req); });
}

} // namespace agora::web

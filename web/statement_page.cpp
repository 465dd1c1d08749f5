// The statement of reasons page and its appeal form. The pages have no session: the link the
// person concerned receives (in the moderation_warning notification) carries an unguessable
// token, and the page answers 404 without it.
#include "web/statement_page.hpp"

#include "api/api.hpp"
#include "api/entities_statements.hpp"
#include "api/params.hpp"
#include "config/config.hpp"
#include "crypto/tokens.hpp"
#include "moderation/account_actions.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "store/statements_repo.hpp"
#include "util/time.hpp"
#include "web/html.hpp"
#include "web/i18n.hpp"
#include "web/page_response.hpp"

namespace agora::web {

namespace {
// The statement `{id}` when `token` opens it.
std::optional<store::ModerationStatement> opened(Node& node, const http::Request& req,
                                                 const std::string& token) {
    auto id = api::parse_id(req.param("id"));
    if (!id || token.empty()) return std::nullopt;
    auto conn = node.database().acquire();
    auto statement = store::find_statement(*conn, *id);
    if (!statement || !crypto::constant_time_equals(token, statement->access_token))
        return std::nullopt;
    return statement;
}

std::string paragraph(std::string_view label, const std::string& text) {
    return "<dt>" + escape(label) + "</dt><dd>" + escape(text) + "</dd>\n";
}

std::string render_statement(Node& node, Lang lang, const store::ModerationStatement& s,
                             const std::string& notice) {
    const auto& config = node.config();
    std::string body = "<h1>" + escape(tr(lang, "statement.title")) + "</h1>\n";
    if (!notice.empty())
        body += "<p class=\"notice\"><strong>" + escape(notice) + "</strong></p>\n";
    body += "<dl>\n";
    body += paragraph(tr(lang, "statement.decision"), std::string(tr(lang, "action." + s.action)));
    body += "<dt>" + escape(tr(lang, "statement.date")) + "</dt><dd><time datetime=\"" +
            iso8601(s.created_at) + "\">" + iso8601(s.created_at).substr(0, 10) + "</time></dd>\n";
    if (!s.text.empty()) body += paragraph(tr(lang, "statement.text"), s.text);
    if (!s.facts.empty()) body += paragraph(tr(lang, "statement.facts"), s.facts);
    if (!s.status_ids.empty()) {
        std::string ids;
        for (auto id : s.status_ids)
            ids += (ids.empty() ? "" : ", ") + std::to_string(id);
        body += paragraph(tr(lang, "statement.content"), ids);
    }
    std::string ground(tr(lang, "ground." + s.ground));
    if (!s.rule_ids.empty()) {
        ground += " (";
        for (std::size_t i = 0; i < s.rule_ids.size(); ++i)
            ground += (i ? ", " : "") + std::to_string(s.rule_ids[i]);
        ground += ")";
    }
    if (!s.legal_ground.empty()) ground += " : " + s.legal_ground;
    body += paragraph(tr(lang, "statement.ground"), ground);
    if (s.subcategory) body += paragraph(tr(lang, "statement.category"), *s.subcategory);
    body += paragraph(tr(lang, "statement.automated"),
                      std::string(tr(lang, s.automated ? "yes" : "statement.not_automated")));
    if (s.reversed_at)
        body += paragraph(tr(lang, "statement.reversed"), iso8601(*s.reversed_at).substr(0, 10));
    body += "</dl>\n<h2>" + escape(tr(lang, "statement.contest")) + "</h2>\n";
    auto deadline = api::appeal_deadline(s, config);
    if (s.appeal) {
        body += "<p>" + escape(tr(lang, "appeal.state." + s.appeal->state)) + "</p>\n";
        body += "<blockquote>" + escape(s.appeal->text) + "</blockquote>\n";
        if (!s.appeal->decision_text.empty())
            body += "<p>" + escape(tr(lang, "appeal.reasons")) + " " +
                    escape(s.appeal->decision_text) + "</p>\n";
    } else if (now_unix_ms() <= deadline) {
        body += "<p>" + escape(tr(lang, "appeal.how")) + " " + iso8601(deadline).substr(0, 10) +
                ".</p>\n<form method=\"post\" action=\"/statements/" + std::to_string(s.id) +
                "/appeal?lang=" + std::string(code(lang)) +
                "\">\n<input type=\"hidden\" name=\"token\" value=\"" + escape(s.access_token) +
                "\">\n<label for=\"text\">" + escape(tr(lang, "appeal.label")) +
                "</label><br>\n<textarea id=\"text\" name=\"text\" rows=\"8\" cols=\"60\" "
                "maxlength=\"2000\" required></textarea><br>\n<button type=\"submit\">" +
                escape(tr(lang, "appeal.send")) + "</button>\n</form>\n";
    } else {
        body += "<p>" + escape(tr(lang, "appeal.closed")) + "</p>\n";
    }
    body += "<p>" + escape(tr(lang, "appeal.other_ways")) + "</p>\n";
    return render(Page{std::string(code(lang)),
                       std::string(tr(lang, "statement.title")) + " - " + config.instance.title,
                       "<meta name=\"robots\" content=\"noindex\">\n", body});
}

http::Response show(Node& node, http::Request& req) {
    Lang lang = language_of(req, node);
    auto statement = opened(node, req, req.query_param("token").value_or(""));
    if (!statement) return not_found_page(lang);
    return html_response(200, render_statement(node, lang, *statement, ""));
}

http::Response appeal(Node& node, http::Request& req) {
    Lang lang = language_of(req, node);
    auto params = api::Params::from_request(req);
    if (!params) return not_found_page(lang);
    auto statement = opened(node, req, params->get("token").value_or(""));
    if (!statement) return not_found_page(lang);
    auto filed =
        moderation::file_appeal(node.database(), *statement, node.config().moderation.appeal_days,
                                params->get("text").value_or(""));
    auto conn = node.database().acquire();
    auto fresh = store::find_statement(*conn, statement->id);
    if (!filed) {
        // The refusal in the reader's language: blank, too long, too late or appealed already.
        const auto& why = filed.error().message;
        std::string_view key = why.find("blank") != std::string::npos      ? "appeal.blank"
                               : why.find("too long") != std::string::npos ? "appeal.too_long"
                               : why.find("passed") != std::string::npos   ? "appeal.closed"
                                                                           : "appeal.already";
        return html_response(422, render_statement(node, lang, *fresh, std::string(tr(lang, key))));
    }
    return html_response(
        200, render_statement(node, lang, *fresh, std::string(tr(lang, "appeal.sent"))));
}
} // namespace

void install_statement_page(Node& node) {
    node.router().add("GET", "/statements/{id}",
                      [&node](http::Request& req) { return show(node, req); });
    node.router().add("POST", "/statements/{id}/appeal",
                      [&node](http::Request& req) { return appeal(node, req); });
}

} // namespace agora::web

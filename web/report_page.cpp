// The report form for everyone, visitors included (GET/POST /report): who and what is reported,
// the report categories, an explanation and an optional contact, filed through moderation's
// visitor path (the switch, the limiter, file_report). Server-rendered, no JavaScript, French and
// English. Cross-site posting is refused: a signed, time-limited token from the form, and the
// browser's Sec-Fetch-Site / Origin headers.
#include "web/report_page.hpp"

#include "api/api.hpp"
#include "api/params.hpp"
#include "api/rate_limits.hpp"
#include "model/local_urls.hpp"
#include "moderation/report_categories.hpp"
#include "moderation/visitor_reports.hpp"
#include "node.hpp"
#include "statuses/status_filters.hpp"
#include "statuses/status_service.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/search_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/time.hpp"
#include "web/form_token.hpp"
#include "web/html.hpp"
#include "web/page_response.hpp"

#include <nlohmann/json.hpp>

#include <memory>

namespace agora::web {

namespace {
constexpr std::size_t excerpt_chars = 280;

// Who and what a report names, as a visitor may see them.
struct Target {
    Account account;
    std::optional<Status> status;
};

// What the visitor typed, kept when the form comes back with errors.
struct Typed {
    std::string category = "other", subcategory, comment, contact;
};

// A field's error: the field's id and the message key.
struct FieldError {
    std::string field, key;
};

std::string target_subject(const Target& t) {
    return "report|" + std::to_string(t.account.id) + "|" +
           (t.status ? std::to_string(t.status->id) : "");
}

// The account (shown here: remote, or local and approved) and, when named, one of its statuses
// anyone may read. Nothing for the rest, all alike.
std::optional<Target> find_target(Node& node, std::string_view account_text,
                                  std::string_view status_text) {
    auto account_id = api::parse_id(account_text);
    if (!account_id) return std::nullopt;
    std::optional<std::int64_t> status_id;
    if (!status_text.empty()) {
        status_id = api::parse_id(status_text);
        if (!status_id) return std::nullopt;
    }
    auto conn = node.database().acquire();
    auto account = store::find_account(*conn, *account_id);
    if (!account || !store::account_searchable(*conn, *account, std::nullopt)) return std::nullopt;
    Target target{.account = std::move(*account)};
    if (status_id) {
        auto status = store::find_status(*conn, *status_id);
        if (!status || status->account_id != target.account.id ||
            !can_see(*conn, *status, std::nullopt))
            return std::nullopt;
        target.status = std::move(*status);
    }
    return target;
}

http::Response page(int status, Lang lang, std::string_view title, const std::string& body) {
    auto r = html_response(
        status, render({std::string(code(lang)), std::string(title),
                        "<meta name=\"robots\" content=\"noindex\">\n"
                        "<style>fieldset{border:1px solid #d0d0d0}textarea,input,select{max-width:"
                        "100%}.error{color:#a00000}blockquote{border-left:3px solid #d0d0d0;"
                        "margin-left:0;padding-left:.75rem}</style>\n",
                        body}));
    r.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                                        "form-action 'self'; frame-ancestors 'none'");
    r.header("X-Frame-Options", "DENY");
    r.header("Cache-Control", "no-store");
    // Same-origin posts then carry this site's Origin (no-referrer would make it "null").
    r.header("Referrer-Policy", "same-origin");
    return r;
}

http::Response message_page(int status, Lang lang, std::string_view key) {
    return page(status, lang, tr(lang, "report.title"),
                "<h1>" + escape(tr(lang, "report.title")) + "</h1>\n<p role=\"alert\">" +
                    escape(tr(lang, key)) + "</p>\n");
}

std::string handle_of(const Account& a, const Config& config) {
    return "@" + a.username + "@" + a.domain.value_or(config.instance.domain);
}

// The first characters of a text, on a character boundary.
std::string excerpt(std::string text) {
    if (moderation::utf8_length(text) <= excerpt_chars) return text;
    return moderation::utf8_prefix(text, excerpt_chars) + "…";
}

// Who (name, handle, profile) and what (an excerpt of the post, its date and address).
std::string target_html(const Target& t, Lang lang, const Config& config) {
    LocalUrls urls(config);
    const auto& a = t.account;
    std::string name = a.display_name.empty() ? a.username : a.display_name;
    std::string profile = a.local() ? urls.profile(a.username) : a.remote_page();
    std::string out = "<section aria-labelledby=\"reported\">\n<h2 id=\"reported\">" +
                      escape(tr(lang, "report.about")) + "</h2>\n<p>" +
                      escape(tr(lang, "report.account")) + " <a href=\"" + escape(profile) + "\">" +
                      escape(name) + "</a> <span class=\"handle\">" + escape(handle_of(a, config)) +
                      "</span></p>\n";
    if (t.status) {
        const auto& s = *t.status;
        std::string address =
            s.url ? *s.url : (!s.local && s.uri ? *s.uri : urls.status_page(a.username, s.id));
        std::string text = s.spoiler_text.empty() ? html_to_plain_text(s.content) : s.spoiler_text;
        std::string at = iso8601(s.created_at);
        out += "<p><a href=\"" + escape(address) + "\">" + escape(tr(lang, "report.post")) +
               " <time datetime=\"" + escape(at) + "\">" +
               escape(at.substr(0, 10) + " " + at.substr(11, 5)) + " UTC</time></a></p>\n";
        if (!text.empty()) {
            out += "<blockquote";
            if (s.language) out += " lang=\"" + escape(*s.language) + "\"";
            out += "><p>" + escape(excerpt(text)) + "</p></blockquote>\n";
        }
    }
    return out + "</section>\n";
}

std::string hidden(std::string_view name, const std::string& value) {
    return "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"" + escape(value) +
           "\">\n";
}

const FieldError* error_of(const std::vector<FieldError>& errors, std::string_view field) {
    for (const auto& e : errors)
        if (e.field == field) return &e;
    return nullptr;
}

// aria attributes and the message under a field that has an error.
std::string invalid_attributes(const std::vector<FieldError>& errors, std::string_view field,
                               std::string describedby = "") {
    if (error_of(errors, field)) {
        describedby =
            std::string(field) + "-error" + (describedby.empty() ? "" : " ") + describedby;
        return " aria-invalid=\"true\" aria-describedby=\"" + describedby + "\"";
    }
    return describedby.empty() ? "" : " aria-describedby=\"" + describedby + "\"";
}

std::string error_line(const std::vector<FieldError>& errors, std::string_view field, Lang lang) {
    auto* e = error_of(errors, field);
    if (!e) return "";
    return "<p class=\"error\" id=\"" + std::string(field) + "-error\">" +
           escape(tr(lang, e->key)) + "</p>\n";
}

std::string form_html(const Target& t, const Typed& typed, const std::vector<FieldError>& errors,
                      Lang lang, const std::string& token) {
    std::string lang_code(code(lang));
    std::string out;
    if (!errors.empty()) {
        out += "<div role=\"alert\" class=\"error\">\n<p>" + escape(tr(lang, "report.errors")) +
               "</p>\n<ul>\n";
        for (const auto& e : errors)
            out += "<li><a href=\"#" + e.field + "\">" + escape(tr(lang, e.key)) + "</a></li>\n";
        out += "</ul>\n</div>\n";
    }
    out += "<form method=\"post\" action=\"/report\">\n" +
           hidden("account_id", std::to_string(t.account.id)) +
           hidden("status_id", t.status ? std::to_string(t.status->id) : "") +
           hidden("token", token) + hidden("lang", lang_code);

    auto categories = moderation::report_categories_document();
    out += "<fieldset id=\"category\"" + invalid_attributes(errors, "category") + ">\n<legend>" +
           escape(tr(lang, "report.category")) + "</legend>\n" +
           error_line(errors, "category", lang);
    for (const auto& c : categories["categories"]) {
        std::string id = c["id"];
        out += "<p><input type=\"radio\" name=\"category\" id=\"category-" + id + "\" value=\"" +
               id + "\"" + (typed.category == id ? " checked" : "") +
               (id == "other" ? " required" : "") + "> <label for=\"category-" + id + "\">" +
               escape(c["label"][lang_code].get<std::string>()) + "</label></p>\n";
    }
    out += "</fieldset>\n";

    out += "<p><label for=\"subcategory\">" + escape(tr(lang, "report.subcategory")) +
           "</label><br>\n" + error_line(errors, "subcategory", lang) +
           "<select id=\"subcategory\" name=\"subcategory\"" +
           invalid_attributes(errors, "subcategory") + ">\n<option value=\"\">" +
           escape(tr(lang, "report.no_subcategory")) + "</option>\n";
    for (const auto& c : categories["subcategories"]) {
        std::string id = c["id"];
        out += "<option value=\"" + id + "\"" + (typed.subcategory == id ? " selected" : "") + ">" +
               escape(c["label"][lang_code].get<std::string>()) + "</option>\n";
    }
    out += "</select></p>\n";

    out += "<p><label for=\"comment\">" + escape(tr(lang, "report.comment")) + "</label><br>\n" +
           error_line(errors, "comment", lang) +
           "<textarea id=\"comment\" name=\"comment\" rows=\"6\" cols=\"60\" maxlength=\"" +
           std::to_string(moderation::max_comment_chars) + "\" required" +
           invalid_attributes(errors, "comment") + ">" + escape(typed.comment) +
           "</textarea></p>\n";

    out += "<p><label for=\"contact\">" + escape(tr(lang, "report.contact")) + "</label><br>\n" +
           error_line(errors, "contact", lang) +
           "<input id=\"contact\" name=\"contact\" size=\"40\" maxlength=\"" +
           std::to_string(moderation::max_contact_chars) + "\" value=\"" + escape(typed.contact) +
           "\"" + invalid_attributes(errors, "contact", "contact-hint") +
           "><br>\n<span id=\"contact-hint\">" + escape(tr(lang, "report.contact_hint")) +
           "</span></p>\n";
    out += "<p><button type=\"submit\">" + escape(tr(lang, "report.send")) +
           "</button></p>\n</form>\n";
    return out;
}

// The whole form page; `alert` is a message key shown above the form (empty: none).
http::Response form_page(int status, Node& node, const FormTokens& tokens, const Target& t,
                         const Typed& typed, const std::vector<FieldError>& errors, Lang lang,
                         std::string_view alert = "") {
    std::string body = "<h1>" + escape(tr(lang, "report.title")) + "</h1>\n" +
                       target_html(t, lang, node.config()) + "<p>" +
                       escape(tr(lang, "report.privacy")) + "</p>\n";
    if (!alert.empty())
        body += "<p role=\"alert\" class=\"error\">" + escape(tr(lang, alert)) + "</p>\n";
    body += form_html(t, typed, errors, lang, tokens.issue(target_subject(t), now_unix_ms()));
    return page(status, lang, tr(lang, "report.title"), body);
}

http::Response show(Node& node, const FormTokens& tokens, http::Request& req) {
    Lang lang = language_of(req, node);
    auto target = find_target(node, req.query_param("account_id").value_or(""),
                              req.query_param("status_id").value_or(""));
    if (!target) return not_found_page(lang);
    if (!moderation::visitor_reports_open(node)) return message_page(200, lang, "report.closed");
    return form_page(200, node, tokens, *target, {}, {}, lang);
}

std::vector<FieldError> check(const Typed& typed) {
    std::vector<FieldError> errors;
    if (!moderation::is_report_category(typed.category))
        errors.push_back({"category", "report.error.category"});
    if (!typed.subcategory.empty() && !moderation::is_report_subcategory(typed.subcategory))
        errors.push_back({"subcategory", "report.error.subcategory"});
    if (typed.comment.find_first_not_of(" \t\r\n") == std::string::npos)
        errors.push_back({"comment", "report.error.comment_blank"});
    else if (moderation::utf8_length(typed.comment) > moderation::max_comment_chars)
        errors.push_back({"comment", "report.error.comment_long"});
    if (moderation::utf8_length(typed.contact) > moderation::max_contact_chars)
        errors.push_back({"contact", "report.error.contact_long"});
    return errors;
}

http::Response submit(Node& node, const FormTokens& tokens, http::Request& req) {
    auto params = api::Params::from_request(req);
    const auto& config = node.config();
    Lang lang = choose_language(params ? params->get("lang").value_or("") : "",
                                req.header("Accept-Language"), config.instance.languages);
    if (!params) return message_page(400, lang, "report.bad_request");
    if (!sent_from_this_site(req, config)) return message_page(403, lang, "report.cross_site");
    auto target = find_target(node, params->get("account_id").value_or(""),
                              params->get("status_id").value_or(""));
    if (!target) return not_found_page(lang);
    if (!moderation::visitor_reports_open(node)) return message_page(403, lang, "report.closed");

    Typed typed{.category = params->get("category").value_or("other"),
                .subcategory = params->get("subcategory").value_or(""),
                .comment = params->get("comment").value_or(""),
                .contact = params->get("contact").value_or("")};
    auto errors = check(typed);
    bool fresh =
        tokens.valid(params->get("token").value_or(""), target_subject(*target), now_unix_ms());
    if (!errors.empty() || !fresh)
        return form_page(422, node, tokens, *target, typed, errors, lang,
                         fresh ? "" : "report.error.expired");

    moderation::ReportRequest request;
    request.target_account_id = target->account.id;
    if (target->status) request.status_ids.push_back(target->status->id);
    request.category = typed.category;
    if (!typed.subcategory.empty()) request.subcategory = typed.subcategory;
    request.comment = typed.comment;
    if (!typed.contact.empty()) request.contact = typed.contact;
    auto filed = moderation::file_visitor_report(node, node.rate_limiter().client_of(req),
                                                 std::move(request));
    if (!filed) {
        switch (filed.error().status) {
        case 404:
            return not_found_page(lang);
        case 403:
            return message_page(403, lang, "report.closed");
        case 429:
            return form_page(429, node, tokens, *target, typed, {}, lang, "report.error.too_many");
        default:
            return form_page(filed.error().status, node, tokens, *target, typed, {}, lang,
                             "report.error.other");
        }
    }
    // See Other: reloading the confirmation does not send the report again.
    http::Response r;
    r.status = 303;
    r.header("Location", "/report/sent?lang=" + std::string(code(lang)));
    r.header("Cache-Control", "no-store");
    return r;
}

http::Response sent(Node& node, http::Request& req) {
    Lang lang = language_of(req, node);
    return page(200, lang, tr(lang, "report.sent_title"),
                "<h1>" + escape(tr(lang, "report.sent_title")) + "</h1>\n<p role=\"status\">" +
                    escape(tr(lang, "report.sent")) + "</p>\n<p>" +
                    escape(tr(lang, "report.sent_privacy")) + "</p>\n");
}
} // namespace

std::string report_link(Lang lang, std::int64_t account_id, std::optional<std::int64_t> status_id,
                        std::string_view name) {
    std::string href = "/report?account_id=" + std::to_string(account_id);
    if (status_id) href += "&status_id=" + std::to_string(*status_id);
    href += "&lang=" + std::string(code(lang));
    std::string label(tr(lang, status_id ? "report.link_status" : "report.link_account"));
    return "<a class=\"report\" href=\"" + escape(href) + "\" rel=\"nofollow\" aria-label=\"" +
           escape(label + " " + std::string(name)) + "\">" + escape(tr(lang, "report.link")) +
           "</a>";
}

void install_report_page(Node& node) {
    auto tokens = std::make_shared<const FormTokens>();
    node.router().add("GET", "/report",
                      [&node, tokens](http::Request& req) { return show(node, *tokens, req); });
    node.router().add("POST", "/report",
                      [&node, tokens](http::Request& req) { return submit(node, *tokens, req); });
    node.router().add("GET", "/report/sent",
                      [&node](http::Request& req) { return sent(node, req); });
}

} // namespace agora::web

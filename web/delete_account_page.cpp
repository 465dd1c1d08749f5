// The account deletion page: a form asking for the username, the password and a confirmation,
// then the deletion (accounts/account_deletion.hpp) and a confirmation page.
#include "web/delete_account_page.hpp"

#include "accounts/account_deletion.hpp"
#include "api/params.hpp"
#include "api/rate_limits.hpp"
#include "crypto/password.hpp"
#include "events/event_worker.hpp"
#include "node.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "util/time.hpp"
#include "web/form_token.hpp"
#include "web/html.hpp"
#include "web/page_response.hpp"

#include <memory>

namespace agora::web {

namespace {
constexpr std::string_view subject = "delete-account";

http::Response page(int status, Lang lang, std::string_view title, const std::string& body) {
    auto r =
        html_response(status, render({std::string(code(lang)), std::string(title),
                                      "<meta name=\"robots\" content=\"noindex\">\n"
                                      "<style>.error{color:#a00000}input{max-width:100%}</style>\n",
                                      body}));
    r.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                                        "form-action 'self'; frame-ancestors 'none'");
    r.header("X-Frame-Options", "DENY");
    r.header("Cache-Control", "no-store");
    r.header("Referrer-Policy", "same-origin");
    return r;
}

http::Response message_page(int status, Lang lang, std::string_view key) {
    return page(status, lang, tr(lang, "delete.title"),
                "<h1>" + escape(tr(lang, "delete.title")) + "</h1>\n<p role=\"alert\">" +
                    escape(tr(lang, key)) + "</p>\n");
}

// The form; `error` is a message key shown above it (empty: none).
http::Response form_page(int status, Lang lang, const FormTokens& tokens,
                         const std::string& username, std::string_view error = "") {
    std::string body = "<h1>" + escape(tr(lang, "delete.title")) + "</h1>\n<p>" +
                       escape(tr(lang, "delete.intro")) + "</p>\n";
    if (!error.empty())
        body += "<p role=\"alert\" class=\"error\">" + escape(tr(lang, error)) + "</p>\n";
    body += "<form method=\"post\" action=\"/settings/delete\">\n"
            "<input type=\"hidden\" name=\"token\" value=\"" +
            escape(tokens.issue(subject, now_unix_ms())) +
            "\">\n<input type=\"hidden\" name=\"lang\" value=\"" + std::string(code(lang)) +
            "\">\n<p><label for=\"username\">" + escape(tr(lang, "delete.username")) +
            "</label><br>\n<input id=\"username\" name=\"username\" autocomplete=\"username\" "
            "required value=\"" +
            escape(username) + "\"></p>\n<p><label for=\"password\">" +
            escape(tr(lang, "delete.password")) +
            "</label><br>\n<input id=\"password\" name=\"password\" type=\"password\" "
            "autocomplete=\"current-password\" required></p>\n"
            "<p><input type=\"checkbox\" id=\"confirm\" name=\"confirm\" value=\"1\" required> "
            "<label for=\"confirm\">" +
            escape(tr(lang, "delete.confirm")) + "</label></p>\n<p><button type=\"submit\">" +
            escape(tr(lang, "delete.send")) + "</button></p>\n</form>\n";
    return page(status, lang, tr(lang, "delete.title"), body);
}

http::Response submit(Node& node, const FormTokens& tokens, http::Request& req) {
    auto params = api::Params::from_request(req);
    const auto& config = node.config();
    Lang lang = choose_language(params ? params->get("lang").value_or("") : "",
                                req.header("Accept-Language"), config.instance.languages);
    if (!params) return message_page(400, lang, "delete.bad_request");
    if (!sent_from_this_site(req, config)) return message_page(403, lang, "delete.cross_site");
    auto username = params->get("username").value_or("");
    if (username.size() > 200) username.clear();
    auto password = params->get("password").value_or("");
    if (!tokens.valid(params->get("token").value_or(""), subject, now_unix_ms()))
        return form_page(422, lang, tokens, username, "delete.error.expired");
    if (params->get("confirm").value_or("") != "1")
        return form_page(422, lang, tokens, username, "delete.error.confirm");
    std::optional<Account> account;
    {
        auto conn = node.database().acquire();
        account = store::find_local_account(*conn, username);
        auto user = account ? store::find_user(*conn, account->id) : std::nullopt;
        // One answer for an unknown name and a wrong password: nothing is deleted.
        if (!user || password.empty() || !crypto::verify_password(password, user->password_hash))
            return form_page(403, lang, tokens, username, "delete.error.credentials");
    }
    auto deleted = delete_local_account(node.database(), account->id, std::nullopt);
    if (!deleted) return form_page(422, lang, tokens, username, "delete.error.refused");
    node.accounts_changed();
    node.events().notify();
    // See Other: reloading the confirmation sends nothing again.
    http::Response r;
    r.status = 303;
    r.header("Location", "/settings/delete/done?lang=" + std::string(code(lang)));
    r.header("Cache-Control", "no-store");
    return r;
}
} // namespace

void install_delete_account_page(Node& node) {
    auto tokens = std::make_shared<const FormTokens>();
    node.router().add("GET", "/settings/delete", [&node, tokens](http::Request& req) {
        return form_page(200, language_of(req, node), *tokens, "");
    });
    // A password is checked: the sign-in form's rate limit (25 per 5 minutes per address).
    node.router().add("POST", "/settings/delete",
                      api::with_rate_limits(node, "POST", "/settings/delete",
                                            [&node, tokens](http::Request& req) {
                                                return submit(node, *tokens, req);
                                            }));
    node.router().add("GET", "/settings/delete/done", [&node](http::Request& req) {
        Lang lang = language_of(req, node);
        return page(200, lang, tr(lang, "delete.done_title"),
                    "<h1>" + escape(tr(lang, "delete.done_title")) + "</h1>\n<p role=\"status\">" +
                        escape(tr(lang, "delete.done")) + "</p>\n");
    });
}

} // namespace agora::web

// The OAuth sign-in and consent page (GET/POST /oauth/authorize): server-rendered, no JavaScript,
// French and English. It signs the member in, asks for consent, and hands a code to the app.
#include "web/oauth_page.hpp"

#include "api/params.hpp"
#include "api/rate_limits.hpp"
#include "crypto/password.hpp"
#include "legal/terms_acceptance.hpp"
#include "node.hpp"
#include "oauth/oauth_service.hpp"
#include "store/database.hpp"
#include "store/oauth_repo.hpp"
#include "web/html.hpp"
#include "web/i18n.hpp"
#include "web/terms_prompt.hpp"

namespace agora::web {

namespace {
// The request's parameters, as they travel from the app's link to the form and back.
struct AuthorizeRequest {
    std::string client_id, redirect_uri, response_type, scope, state, code_challenge,
        code_challenge_method, lang;
};

AuthorizeRequest read_request(const api::Params& p) {
    return {p.get("client_id").value_or(""),
            p.get("redirect_uri").value_or(""),
            p.get("response_type").value_or(""),
            p.get("scope").value_or(""),
            p.get("state").value_or(""),
            p.get("code_challenge").value_or(""),
            p.get("code_challenge_method").value_or(""),
            p.get("lang").value_or("")};
}

http::Response page(int status, Lang lang, const std::string& title, const std::string& body) {
    http::Response r;
    r.status = status;
    r.content_type = "text/html; charset=utf-8";
    r.body = render({std::string(code(lang)), title, "", body});
    r.header("X-Frame-Options", "DENY");
    r.header("Content-Security-Policy",
             "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
             "frame-ancestors 'none'");
    r.header("Cache-Control", "no-store");
    r.header("Referrer-Policy", "no-referrer");
    return r;
}

http::Response redirect(const std::string& uri, const std::string& query) {
    http::Response r;
    r.status = 302;
    r.header("Location", uri + (uri.find('?') == std::string::npos ? "?" : "&") + query);
    r.header("Cache-Control", "no-store");
    return r;
}

std::string hidden(const std::string& name, const std::string& value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">\n";
}

std::string scope_items(Lang lang, const oauth::Scopes& scopes) {
    std::string out = "<ul>\n";
    for (const auto& s : scopes.list()) {
        std::string key = "scope." + s;
        auto text = tr(lang, key);
        out += "<li>" +
               (text == key ? escape(tr(lang, "scope.other")) + " <code>" + escape(s) + "</code>"
                            : escape(text)) +
               "</li>\n";
    }
    return out + "</ul>\n";
}

// Validates the app and the request; an error page when the app cannot be trusted with a redirect.
struct Checked {
    OAuthApp app;
    oauth::Scopes scopes;
};
std::expected<Checked, http::Response> check(Node& node, const AuthorizeRequest& req, Lang lang) {
    std::optional<OAuthApp> app;
    {
        auto conn = node.database().acquire();
        app = store::find_app_by_client_id(*conn, req.client_id);
    }
    auto error_page = [&](const std::string& detail) {
        return page(400, lang, tr(lang, "auth.title").data(),
                    "<h1>" + escape(tr(lang, "auth.title")) + "</h1>\n<p role=\"alert\">" +
                        escape(tr(lang, "auth.error")) + " " + escape(detail) + "</p>\n");
    };
    if (!app) return std::unexpected(error_page("(client_id)"));
    if (!oauth::redirect_allowed(*app, req.redirect_uri))
        return std::unexpected(error_page("(redirect_uri)"));
    bool oob = req.redirect_uri == oauth::out_of_band;
    auto fail = [&](const std::string& error) -> http::Response {
        if (oob) return error_page("(" + error + ")");
        std::string q = "error=" + error;
        if (!req.state.empty()) q += "&state=" + http::percent_encode(req.state);
        return redirect(req.redirect_uri, q);
    };
    if (req.response_type != "code") return std::unexpected(fail("unsupported_response_type"));
    auto requested = oauth::Scopes::parse(req.scope.empty() ? app->scopes : req.scope);
    auto allowed = oauth::Scopes::parse(app->scopes);
    if (!requested || !allowed || !allowed->contains_all(*requested))
        return std::unexpected(fail("invalid_scope"));
    if (!req.code_challenge.empty() && req.code_challenge_method != "S256")
        return std::unexpected(fail("invalid_request"));
    return Checked{*app, *requested};
}

std::string form(Lang lang, const AuthorizeRequest& req, const Checked& checked,
                 const std::string& message, const std::string& username, bool ask_new_password,
                 const store::LegalDocument* terms_to_accept = nullptr) {
    std::string body = "<h1>" + escape(tr(lang, "auth.title")) + "</h1>\n";
    body += "<p>" + escape(tr(lang, "auth.asks")) + " <strong>" + escape(checked.app.name) +
            "</strong>";
    if (checked.app.website) body += " (" + escape(*checked.app.website) + ")";
    body += "</p>\n<p>" + escape(tr(lang, "auth.scopes")) + "</p>\n" +
            scope_items(lang, checked.scopes);
    if (!message.empty())
        body += "<p role=\"alert\"><strong>" + escape(message) + "</strong></p>\n";
    body += "<form method=\"post\" action=\"/oauth/authorize\">\n";
    body += hidden("client_id", req.client_id) + hidden("redirect_uri", req.redirect_uri) +
            hidden("response_type", req.response_type) + hidden("scope", checked.scopes.text()) +
            hidden("state", req.state) + hidden("code_challenge", req.code_challenge) +
            hidden("code_challenge_method", req.code_challenge_method) +
            hidden("lang", std::string(code(lang)));
    body +=
        "<p><label for=\"username\">" + escape(tr(lang, "auth.username")) +
        "</label><br>\n<input id=\"username\" name=\"username\" autocomplete=\"username\" required "
        "autocapitalize=\"none\" value=\"" +
        escape(username) + "\"></p>\n";
    body += "<p><label for=\"password\">" + escape(tr(lang, "auth.password")) +
            "</label><br>\n<input id=\"password\" name=\"password\" type=\"password\" "
            "autocomplete=\"current-password\" required></p>\n";
    if (ask_new_password) {
        body += "<p><label for=\"new_password\">" + escape(tr(lang, "auth.new_password")) +
                "</label><br>\n<input id=\"new_password\" name=\"new_password\" type=\"password\" "
                "autocomplete=\"new-password\" minlength=\"8\" required></p>\n";
        body += "<p><label for=\"confirm_password\">" + escape(tr(lang, "auth.confirm_password")) +
                "</label><br>\n<input id=\"confirm_password\" name=\"confirm_password\" "
                "type=\"password\" "
                "autocomplete=\"new-password\" minlength=\"8\" required></p>\n";
    }
    if (terms_to_accept) body += terms_prompt(lang, *terms_to_accept);
    body += "<p><button type=\"submit\" name=\"decision\" value=\"approve\">" +
            escape(tr(lang, "auth.approve")) +
            "</button>\n<button type=\"submit\" name=\"decision\" value=\"deny\" formnovalidate>" +
            escape(tr(lang, "auth.deny")) + "</button></p>\n</form>\n";
    return body;
}

Lang language(const http::Request& http_request, const AuthorizeRequest& req, const Node& node) {
    return choose_language(req.lang, http_request.header("Accept-Language"),
                           node.config().instance.languages);
}

http::Response show(Node& node, http::Request& http_request) {
    auto params = api::Params::from_request(http_request);
    auto req = read_request(params ? *params : api::Params{});
    Lang lang = language(http_request, req, node);
    auto checked = check(node, req, lang);
    if (!checked) return checked.error();
    // No session is kept: every authorisation signs in afresh, so force_login always holds.
    return page(200, lang, tr(lang, "auth.title").data(), form(lang, req, *checked, "", "", false));
}

http::Response submit(Node& node, http::Request& http_request) {
    auto params = api::Params::from_request(http_request);
    if (!params) return http::error_response(400, params.error());
    auto req = read_request(*params);
    Lang lang = language(http_request, req, node);
    auto checked = check(node, req, lang);
    if (!checked) return checked.error();
    bool oob = req.redirect_uri == oauth::out_of_band;
    std::string state_q = req.state.empty() ? "" : "&state=" + http::percent_encode(req.state);

    if (params->get("decision") == "deny") {
        if (oob)
            return page(200, lang, tr(lang, "auth.title").data(),
                        "<p>" + escape(tr(lang, "auth.deny")) + "</p>");
        return redirect(req.redirect_uri, "error=access_denied" + state_q);
    }
    auto username = params->get("username").value_or("");
    auto sign_in =
        oauth::check_password(node.database(), username, params->get("password").value_or(""));
    if (!sign_in)
        return page(401, lang, tr(lang, "auth.title").data(),
                    form(lang, req, *checked, tr(lang, "auth.failed").data(), username, false));
    if (!sign_in->user.approved)
        return page(403, lang, tr(lang, "auth.title").data(),
                    form(lang, req, *checked, tr(lang, "auth.pending").data(), username, false));
    if (oauth::login_disabled(node.database(), sign_in->account.id))
        return page(403, lang, tr(lang, "auth.title").data(),
                    form(lang, req, *checked, tr(lang, "auth.disabled").data(), username, false));
    if (sign_in->user.must_change_password) {
        auto fresh = params->get("new_password").value_or("");
        if (fresh.empty())
            return page(
                200, lang, tr(lang, "auth.title").data(),
                form(lang, req, *checked, tr(lang, "auth.must_change").data(), username, true));
        if (fresh.size() < 8 || fresh.size() > 1024 ||
            fresh != params->get("confirm_password").value_or(""))
            return page(
                422, lang, tr(lang, "auth.title").data(),
                form(lang, req, *checked, tr(lang, "auth.mismatch").data(), username, true));
        auto conn = node.database().acquire();
        conn->query(
                "UPDATE users SET password_hash = ?, must_change_password = 0 WHERE account_id = ?",
                crypto::hash_password(fresh), sign_in->account.id)
            .run();
    }
    // Terms that took effect since the member last accepted: accepted here before the app is let
    // in (the acceptance is kept).
    {
        auto conn = node.database().acquire();
        if (auto terms = legal::pending_terms(*conn, sign_in->account.id)) {
            if (params->get(accept_terms_field) != terms->effective_date)
                return page(200, lang, tr(lang, "auth.title").data(),
                            form(lang, req, *checked, "", username, false, &*terms));
            store::Transaction tx(*conn);
            if (!legal::accept_terms(*conn, sign_in->account.id, terms->effective_date, "web"))
                return page(409, lang, tr(lang, "auth.title").data(),
                            form(lang, req, *checked, "", username, false, &*terms));
            tx.commit();
        }
    }
    OAuthCode code;
    code.app_id = checked->app.id;
    code.account_id = sign_in->account.id;
    code.redirect_uri = req.redirect_uri;
    code.scopes = checked->scopes.text();
    if (!req.code_challenge.empty()) {
        code.code_challenge = req.code_challenge;
        code.code_challenge_method = req.code_challenge_method;
    }
    auto secret = oauth::create_code(node.database(), code);
    if (oob) {
        return page(200, lang, tr(lang, "auth.code_title").data(),
                    "<h1>" + escape(tr(lang, "auth.code_title")) + "</h1>\n<p>" +
                        escape(tr(lang, "auth.code_copy")) + "</p>\n<p><output id=\"code\"><code>" +
                        escape(secret) + "</code></output></p>\n");
    }
    return redirect(req.redirect_uri, "code=" + http::percent_encode(secret) + state_q);
}
} // namespace

void install_oauth_page(Node& node) {
    node.router().add("GET", "/oauth/authorize",
                      [&node](http::Request& req) { return show(node, req); });
    // The sign-in form: 25 attempts per 5 minutes per address, as Mastodon's /auth/sign_in.
    node.router().add(
        "POST", "/oauth/authorize",
        api::with_rate_limits(node, "POST", "/oauth/authorize",
                              [&node](http::Request& req) { return submit(node, req); }));
}

} // namespace agora::web

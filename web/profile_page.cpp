// Public profile pages (/@name and the HTML twin of /users/name) and the instance home page.
#include "web/profile_page.hpp"

#include "model/local_urls.hpp"
#include "node.hpp"
#include "store/account_moderation_repo.hpp"
#include "store/accounts_repo.hpp"
#include "util/time.hpp"
#include "web/html.hpp"
#include "web/i18n.hpp"
#include "web/legal_pages.hpp"
#include "web/page_response.hpp"
#include "web/report_page.hpp"

namespace agora::web {

namespace {
http::Response profile(Node& node, http::Request& req) {
    Lang lang = language_of(req, node);
    std::optional<Account> account;
    {
        auto conn = node.database().acquire();
        account = store::find_local_account(*conn, req.param("username"));
        // A suspended account's page is no longer served.
        if (account && store::is_account_suspended(*conn, account->id)) account.reset();
    }
    const auto& config = node.config();
    if (!account) return not_found_page(lang);
    LocalUrls urls(config);
    std::string handle = "@" + account->username + "@" + config.instance.domain;
    std::string name = account->display_name.empty() ? account->username : account->display_name;
    std::string kind_key = "kind." + std::string(to_string(account->kind));
    Page page;
    page.lang = std::string(code(lang));
    page.title = name + " (" + handle + ") - " + config.instance.title;
    page.head_extra = "<link rel=\"alternate\" type=\"application/activity+json\" href=\"" +
                      escape(urls.actor(account->username)) + "\">\n";
    page.body = "<h1>" + escape(name) + "</h1>\n<p class=\"handle\">" + escape(handle) + " · " +
                escape(tr(lang, kind_key)) + "</p>\n";
    // The note is HTML the node produced (and, for remote accounts, sanitised on the way in).
    if (!account->note.empty()) page.body += "<div class=\"note\">" + account->note + "</div>\n";
    page.body += "<p>" + escape(tr(lang, "joined")) + " <time datetime=\"" +
                 iso8601_day(account->created_at) + "\">" +
                 iso8601_day(account->created_at).substr(0, 10) + "</time></p>\n";
    page.body += "<p>" + report_link(lang, account->id, std::nullopt, name) + "</p>\n";
    return html_response(200, render(page));
}
} // namespace

void install_profile_pages(Node& node) {
    auto handler = [&node](http::Request& req) { return profile(node, req); };
    node.router().add("GET", "/@{username}", handler);
    node.router().add("GET", "/users/{username}", handler);
    node.router().add("GET", "/", [&node](http::Request& req) {
        Lang lang = language_of(req, node);
        const auto& instance = node.config().instance;
        std::string banner;
        {
            auto conn = node.database().acquire();
            banner = terms_change_banner(*conn, lang);
        }
        Page page{std::string(code(lang)), instance.title, "",
                  banner + "<h1>" + escape(instance.title) + "</h1>\n<p>" +
                      escape(instance.description) + "</p>\n<p><a href=\"/about\">" +
                      (lang == Lang::fr ? "À propos de ce serveur" : "About this server") +
                      "</a></p>\n"};
        return html_response(200, render(page));
    });
}

} // namespace agora::web

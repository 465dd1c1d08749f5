// The public page of a hashtag (/tags/{name}): this server's public statuses carrying it, newest
// first, paged by "older" links. Server-rendered, no JavaScript, French and English.
#include "web/tag_page.hpp"

#include "api/api.hpp"
#include "model/local_urls.hpp"
#include "node.hpp"
#include "statuses/hashtag_names.hpp"
#include "statuses/status_service.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/search_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/time.hpp"
#include "web/html.hpp"
#include "web/page_response.hpp"

#include <unordered_map>

namespace agora::web {

namespace {
constexpr int statuses_per_page = 20;

const char* page_style = "<style>article{border-top:1px solid #d0d0d0;padding:.5rem 0}"
                         "article h2{font-size:1rem;margin:0}.older{margin:1rem 0}</style>\n";

// A status as a visitor may read it, with its author.
struct ShownStatus {
    Status status;
    Account author;
};

// One page of the tag's statuses and where the next (older) one starts, if there is one.
struct TagPage {
    std::vector<ShownStatus> shown;
    std::optional<std::int64_t> older_than;
};

// Public local statuses only, and only those a visitor with no account may see (can_see) from
// accounts the server shows (approved); read one more than a page to know whether more remain.
TagPage read_page(store::Connection& conn, const std::string& name,
                  std::optional<std::int64_t> max_id) {
    store::PageQuery query{max_id, std::nullopt, std::nullopt, statuses_per_page + 1};
    auto statuses = store::list_tag_timeline(conn, name, query, true, std::nullopt);
    TagPage page;
    if (statuses.size() > std::size_t(statuses_per_page)) {
        statuses.resize(statuses_per_page);
        page.older_than = statuses.back().id; // hidden ones count too: paging never stalls
    }
    std::unordered_map<std::int64_t, std::optional<Account>> authors;
    for (auto& status : statuses) {
        if (!can_see(conn, status, std::nullopt)) continue;
        auto [known, added] = authors.try_emplace(status.account_id);
        if (added) {
            known->second = store::find_account(conn, status.account_id);
            if (known->second && !store::account_searchable(conn, *known->second, std::nullopt))
                known->second.reset();
        }
        if (known->second) page.shown.push_back({std::move(status), *known->second});
    }
    return page;
}

std::string status_html(const ShownStatus& item, const LocalUrls& urls, const Config& config) {
    const auto& s = item.status;
    const auto& a = item.author;
    std::string name = a.display_name.empty() ? a.username : a.display_name;
    std::string handle = "@" + a.username + "@" + config.instance.domain;
    std::string at = iso8601(s.created_at); // "2026-11-22T18:02:15.000Z"
    std::string out = "<article";
    if (s.language) out += " lang=\"" + escape(*s.language) + "\"";
    out += ">\n<h2><a href=\"" + escape(urls.profile(a.username)) + "\">" + escape(name) +
           "</a></h2>\n<p class=\"handle\">" + escape(handle) + " · <a href=\"" +
           escape(s.url.value_or(urls.status_page(a.username, s.id))) + "\"><time datetime=\"" +
           escape(at) + "\">" + escape(at.substr(0, 10) + " " + at.substr(11, 5)) +
           " UTC</time></a></p>\n";
    // The content is HTML the node wrote from the author's text (escaped then); a content
    // warning stays closed until the reader opens it, without JavaScript.
    if (!s.spoiler_text.empty())
        out += "<details>\n<summary>" + escape(s.spoiler_text) + "</summary>\n<div>" + s.content +
               "</div>\n</details>\n";
    else
        out += "<div>" + s.content + "</div>\n";
    return out + "</article>\n";
}

http::Response tag_page(Node& node, http::Request& req) {
    Lang lang = language_of(req, node);
    std::optional<Tag> tag;
    TagPage page;
    auto max_id = api::parse_id(req.query_param("max_id").value_or(""));
    {
        auto conn = node.database().acquire();
        store::Snapshot snapshot(*conn);
        tag = tag_named(*conn, req.param("name"));
        if (tag && tag->id != 0) page = read_page(*conn, tag->name, max_id);
    }
    if (!tag) return not_found_page(lang);
    const auto& config = node.config();
    LocalUrls urls(config);
    std::string shown_name = "#" + (tag->display_name.empty() ? tag->name : tag->display_name);
    std::string body = "<header>\n<h1>" + escape(shown_name) + "</h1>\n<p>" +
                       escape(tr(lang, "tag.intro")) + "</p>\n</header>\n";
    if (page.shown.empty()) {
        if (!page.older_than)
            body += "<p>" + escape(tr(lang, max_id ? "tag.no_older" : "tag.empty")) + "</p>\n";
    } else {
        body += "<section aria-label=\"" + escape(tr(lang, "tag.posts")) + "\">\n";
        for (const auto& item : page.shown)
            body += status_html(item, urls, config);
        body += "</section>\n";
    }
    if (page.older_than) {
        // Relative, and in the language the reader chose, if they chose one.
        std::string href = "/tags/" + http::percent_encode(tag->name) +
                           "?max_id=" + std::to_string(*page.older_than);
        if (auto chosen = req.query_param("lang")) href += "&lang=" + http::percent_encode(*chosen);
        body += "<nav class=\"older\" aria-label=\"" + escape(tr(lang, "tag.pages")) +
                "\">\n<a rel=\"next\" href=\"" + escape(href) + "\">" +
                escape(tr(lang, "tag.older")) + "</a>\n</nav>\n";
    }
    auto r =
        html_response(200, render({std::string(code(lang)),
                                   shown_name + " - " + config.instance.title, page_style, body}));
    // Statuses are the members' words: no script may run here, whatever they contain.
    r.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    return r;
}
} // namespace

void install_tag_page(Node& node) {
    node.router().add("GET", "/tags/{name}",
                      [&node](http::Request& req) { return tag_page(node, req); });
    // No ActivityPub collection of hashtags (yet): fetchers asking for one are told so.
    node.router().add("GET", "/tags/{name}",
                      [](http::Request&) { return http::error_response(404, "Record not found"); },
                      {.representation = http::Representation::activity_json});
}

} // namespace agora::web

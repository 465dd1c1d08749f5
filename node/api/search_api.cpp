// Search: GET /api/v2/search (accounts, statuses, hashtags; local URLs resolved) and
// GET /api/v1/accounts/search, as Mastodon answers them without Elasticsearch.
#include "accounts/remote_account_finder.hpp"
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/routes.hpp"
#include "model/local_urls.hpp"
#include "node.hpp"
#include "statuses/remote_status_finder.hpp"
#include "statuses/status_service.hpp"
#include "statuses/text_format.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/search_repo.hpp"
#include "store/statuses_repo.hpp"
#include "store/tags_repo.hpp"

#include <algorithm>

namespace agora::api {

namespace {
using nlohmann::json;

// Signed-out readers may not page through results nor make the server fetch anything.
constexpr std::string_view sign_in_to_page =
    "Search queries pagination is not supported without authentication";
constexpr std::string_view sign_in_to_resolve =
    "Search queries that resolve remote resources are not supported without authentication";
// Below this length a signed-out reader only gets an exact handle match (as Mastodon).
constexpr std::size_t min_anonymous_query = 3;
// Words of a status query beyond this many are ignored: each is one more LIKE.
constexpr std::size_t max_status_terms = 16;

// Ruby's String#to_i, which Mastodon's parameters go through: an optional sign and the leading
// digits; 0 when there are none.
std::int64_t ruby_to_i(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    bool negative = !text.empty() && text.front() == '-';
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
    std::int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9' || value > 1'000'000'000) break;
        value = value * 10 + (c - '0');
    }
    return negative ? -value : value;
}

// Mastodon's limit_param: the absolute value of `limit`, at most `max`; `fallback` when absent.
int limit_param(const Params& params, int fallback, int max) {
    auto limit = params.get("limit");
    if (!limit) return fallback;
    auto n = ruby_to_i(*limit);
    return int(std::min<std::int64_t>(n < 0 ? -n : n, max));
}

int offset_param(const Params& params) {
    return int(std::max<std::int64_t>(ruby_to_i(params.get("offset").value_or("")), 0));
}

std::string strip(std::string_view text) {
    constexpr std::string_view space = " \t\r\n\v\f";
    auto first = text.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    return std::string(text.substr(first, text.find_last_not_of(space) - first + 1));
}

// Typographic quotes read as plain ones (a phrase typed on a phone is still a phrase).
std::string with_plain_quotes(std::string text) {
    for (std::string_view quote : {"“", "”", "„", "«", "»", "「", "」", "『", "』", "《", "》"})
        for (auto at = text.find(quote); at != std::string::npos; at = text.find(quote, at + 1))
            text.replace(at, quote.size(), "\"");
    return text;
}

std::size_t code_points(std::string_view text) {
    return std::size_t(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool handle_char(char c, bool dots) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           (dots && (c == '.' || c == '-'));
}

// `user@domain` as a whole handle: letters, digits and `_` (with `.` and `-` inside) on each side.
bool complete_handle(std::string_view username, std::string_view domain) {
    auto part = [](std::string_view s) {
        return !s.empty() && handle_char(s.front(), false) && handle_char(s.back(), false) &&
               std::all_of(s.begin(), s.end(), [](char c) { return handle_char(c, true); });
    };
    return part(username) && part(domain);
}

// Accounts matching `query` as Mastodon's account search does: `@` dropped, an exact
// `user@domain` handle first, then username and display-name prefixes.
std::vector<Account> find_accounts(Call& call, store::Connection& conn, std::string query,
                                   int limit, int offset, bool following, bool resolve) {
    query = strip(query);
    if (query.starts_with('@')) query.erase(0, 1);
    if (query.empty() || limit < 1) return {};
    auto viewer = call.viewer_id();
    following = following && viewer;
    auto first_at = query.find('@');
    std::string username = query.substr(0, first_at);
    std::optional<std::string> domain;
    if (first_at != std::string::npos && query.rfind('@') + 1 < query.size())
        domain = query.substr(query.rfind('@') + 1);
    bool local_domain = !domain || http::iequals(*domain, call.node.config().instance.domain);

    std::optional<Account> exact;
    if (offset == 0 && domain && query.find('@') == query.rfind('@') &&
        complete_handle(username, *domain)) {
        exact = local_domain ? store::find_local_account(conn, username)
                             : store::find_remote_account(conn, username, *domain);
        // `resolve`: an account not known here is looked up on its server (WebFinger).
        auto* finder = call.node.remote_accounts();
        if (!exact && !local_domain && resolve && call.viewer_id() && finder)
            if (auto id = finder->by_handle(username, *domain))
                exact = store::find_account(conn, *id);
        if (exact &&
            (!store::account_searchable(conn, *exact, viewer) ||
             (following && exact->id != *viewer && !store::follows(conn, *viewer, exact->id))))
            exact.reset();
    }
    std::vector<Account> out;
    if (exact) out.push_back(*exact);

    int wanted = !viewer && code_points(query) < min_anonymous_query ? 0 : limit - int(out.size());
    store::AccountSearch search;
    search.term = username;
    if (search.term.starts_with('#')) search.term.erase(0, 1); // "#name" is no handle
    if (!local_domain) search.domain = domain;
    search.viewer = viewer;
    search.following = following;
    search.limit = wanted;
    search.offset = offset;
    if (wanted > 0 && !search.term.empty())
        for (auto& account : store::search_accounts(conn, search))
            if (!exact || account.id != exact->id) out.push_back(std::move(account));
    if (out.size() > std::size_t(limit)) out.resize(std::size_t(limit));
    return out;
}

// The words of a status query; "quoted phrases" stay whole.
std::vector<std::string> status_terms(std::string_view query) {
    std::vector<std::string> terms;
    std::size_t i = 0;
    while (i < query.size() && terms.size() < max_status_terms) {
        if (query[i] == ' ' || query[i] == '\t' || query[i] == '\n' || query[i] == '\r') {
            ++i;
            continue;
        }
        bool phrase = query[i] == '"';
        std::size_t start = phrase ? i + 1 : i;
        std::size_t end = phrase ? query.find('"', start) : query.find_first_of(" \t\r\n", start);
        if (end == std::string_view::npos) end = query.size();
        auto term = strip(query.substr(start, end - start));
        if (!term.empty()) terms.push_back(std::move(term));
        i = end + (phrase ? 1 : 0);
    }
    return terms;
}

// What a local URL names: an account (profile page or actor) or a status (page or object id).
struct Resolved {
    std::optional<Account> account;
    std::optional<Status> status;
};

bool is_local_url(Call& call, const std::string& url) {
    std::string base = LocalUrls(call.node.config()).base;
    return url.size() > base.size() && http::iequals(url.substr(0, base.size()), base) &&
           url[base.size()] == '/';
}

// Resolves a URL of this instance, as far as the reader may see it.
Resolved resolve_local_url(Call& call, store::Connection& conn, const std::string& url) {
    if (!is_local_url(call, url)) return {};
    std::string base = LocalUrls(call.node.config()).base;
    std::string path = url.substr(base.size(), url.find_first_of("?#") - base.size());
    while (path.size() > 1 && path.back() == '/')
        path.pop_back();
    std::vector<std::string> parts;
    for (std::size_t at = 1; at <= path.size();) {
        auto next = std::min(path.find('/', at), path.size());
        parts.push_back(http::percent_decode(path.substr(at, next - at)).value_or(""));
        at = next + 1;
    }
    std::string username;
    std::optional<std::int64_t> status_id;
    if (!parts.empty() && parts[0].size() > 1 && parts[0][0] == '@' &&
        (parts.size() == 1 || parts.size() == 2)) {
        username = parts[0].substr(1);
        if (parts.size() == 2 && !(status_id = parse_id(parts[1]))) return {};
    } else if (parts.size() >= 2 && parts[0] == "users" &&
               (parts.size() == 2 || (parts.size() == 4 && parts[2] == "statuses"))) {
        username = parts[1];
        if (parts.size() == 4 && !(status_id = parse_id(parts[3]))) return {};
    } else {
        return {};
    }
    auto viewer = call.viewer_id();
    auto account = store::find_local_account(conn, username);
    if (!account || !store::account_searchable(conn, *account, viewer)) return {};
    if (!status_id) return {account, std::nullopt};
    auto status = store::find_status(conn, *status_id);
    if (!status || status->account_id != account->id || status->reblog_of_id ||
        !can_see(conn, *status, viewer))
        return {};
    return {std::nullopt, status};
}

http::Response search(Call& call) {
    auto q = call.params.get("q");
    if (!q || strip(*q).empty())
        return http::error_response(400, "param is missing or the value is empty: q");
    auto viewer = call.viewer_id();
    bool resolve = call.params.flag("resolve").value_or(false);
    if (!viewer && !call.params.get("offset").value_or("").empty())
        return http::error_response(401, sign_in_to_page);
    if (!viewer && resolve) return http::error_response(401, sign_in_to_resolve);

    int limit = limit_param(call.params, 20, 40);
    auto type = call.params.get("type").value_or("");
    // As Mastodon, an offset pages one type of result only.
    int offset = type.empty() ? 0 : offset_param(call.params);
    auto query = with_plain_quotes(strip(*q));
    auto wants = [&](std::string_view kind) { return type.empty() || type == kind; };

    auto conn = call.node.database().acquire();
    EntityWriter writer(*conn, call.node.config(), viewer);
    json out = {
        {"accounts", json::array()}, {"statuses", json::array()}, {"hashtags", json::array()}};
    if (limit == 0) return json_response(out);

    if (resolve && (query.starts_with("https://") || query.starts_with("http://"))) {
        auto found = resolve_local_url(call, *conn, query);
        // Another server's actor (its id or its profile page).
        auto* finder = call.node.remote_accounts();
        // Another server's post (Note, Question, Article, Page): fetched, checked and stored.
        auto* statuses = call.node.service<RemoteStatusFinder>();
        if (!found.account && !found.status && statuses && !is_local_url(call, query))
            if (auto id = statuses->by_url(query))
                if (auto status = store::find_status(*conn, *id);
                    status && can_see(*conn, *status, viewer))
                    found.status = std::move(status);
        if (!found.account && !found.status && finder && !is_local_url(call, query))
            if (auto id = finder->by_url(query))
                if (auto account = store::find_account(*conn, *id);
                    account && store::account_searchable(*conn, *account, viewer))
                    found.account = std::move(account);
        if (offset == 0 && found.account && wants("accounts"))
            out["accounts"].push_back(writer.account(*found.account));
        if (offset == 0 && found.status && wants("statuses"))
            if (auto rendered = writer.status(*found.status); !rendered.is_null())
                out["statuses"].push_back(std::move(rendered));
        return json_response(out);
    }
    if (wants("accounts"))
        for (const auto& account :
             find_accounts(call, *conn, query, limit, offset,
                           call.params.flag("following").value_or(false), resolve))
            out["accounts"].push_back(writer.account(account));
    if (wants("statuses") && viewer) {
        store::StatusSearch search;
        search.viewer = *viewer;
        search.terms = status_terms(query);
        search.limit = limit;
        search.offset = offset;
        if (auto v = call.params.get("max_id")) search.max_id = parse_id(*v);
        if (auto v = call.params.get("min_id")) search.min_id = parse_id(*v);
        if (auto v = call.params.get("account_id"); v && !v->empty()) {
            auto id = parse_id(*v);
            if (!id || !store::find_account(*conn, *id))
                return http::error_response(404, "Record not found");
            search.account_id = *id;
        }
        for (auto id : store::search_status_ids(*conn, search)) {
            auto status = store::find_status(*conn, id);
            if (!status || !can_see(*conn, *status, viewer)) continue;
            auto rendered = writer.status(*status);
            if (!rendered.is_null()) out["statuses"].push_back(std::move(rendered));
        }
    }
    if (wants("hashtags")) {
        auto name = query.starts_with('#') ? query.substr(1) : query;
        for (const auto& tag : store::search_tags(
                 *conn, normalize_hashtag(name),
                 call.params.flag("exclude_unreviewed").value_or(false), limit, offset))
            out["hashtags"].push_back(writer.tag(tag));
    }
    return json_response(out);
}
} // namespace

void install_search_routes(Node& node) {
    add(node, "GET", "/api/v2/search", {.scope = "read:search"}, search);
    add(node, "GET", "/api/v1/accounts/search", {.access = Access::user, .scope = "read:accounts"},
        [](Call& call) {
            auto conn = call.node.database().acquire();
            auto accounts = find_accounts(
                call, *conn, call.params.get("q").value_or(""), limit_param(call.params, 40, 80),
                offset_param(call.params), call.params.flag("following").value_or(false),
                call.params.flag("resolve").value_or(false));
            EntityWriter writer(*conn, call.node.config(), call.viewer_id());
            json out = json::array();
            for (const auto& account : accounts)
                out.push_back(writer.account(account));
            return json_response(out);
        });
}

} // namespace agora::api

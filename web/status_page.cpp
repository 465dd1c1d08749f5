// The public page of a status (/@name/{id}): the post with its author, content warning, media,
// poll and counts, a link to what it answers, and its public replies, oldest first.
// Server-rendered, no JavaScript, French and English.
#include "web/status_page.hpp"

#include "api/api.hpp"
#include "media/media_service.hpp"
#include "model/local_urls.hpp"
#include "node.hpp"
#include "statuses/status_service.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/media_repo.hpp"
#include "store/polls_repo.hpp"
#include "store/search_repo.hpp"
#include "store/stats_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/time.hpp"
#include "web/html.hpp"
#include "web/page_response.hpp"
#include "web/report_page.hpp"

#include <unordered_map>

namespace agora::web {

namespace {
constexpr int max_replies = 60;
constexpr std::size_t title_excerpt_bytes = 80;

const char* page_style =
    "<style>article{padding:.5rem 0}.replies article{border-top:1px solid #d0d0d0}"
    "h1,h3{font-size:1.1rem;margin:0}.handle,.meta{margin:0}"
    ".media{list-style:none;padding:0}img{max-width:100%;height:auto}"
    ".meta,.counts{color:#4a4a4a;font-size:.9rem}</style>\n";

// A status as a visitor may read it, with its author and what it shows beyond its own row.
struct ShownStatus {
    Status status;
    Account author;
    std::vector<MediaAttachment> media;
    std::optional<Poll> poll;
    std::vector<std::int64_t> poll_counts; // votes per option
    store::StatusCounts counts;
};

// What a visitor's request finds: a status to show, with what it answers and its replies.
struct Found {
    ShownStatus status;
    std::optional<ShownStatus> parent; // only when a visitor may read it too
    std::vector<ShownStatus> replies;
    bool more_replies = false;
};

// Who wrote what a visitor may read: statuses anyone may see (can_see, without a viewer) by the
// accounts the server shows (remote ones, and local ones once approved). Authors are read once.
class VisibleAuthors {
public:
    explicit VisibleAuthors(store::Connection& conn) : conn_(conn) {}

    std::optional<Account> of(const Status& status) {
        if (!can_see(conn_, status, std::nullopt)) return std::nullopt;
        auto [known, added] = authors_.try_emplace(status.account_id);
        if (added) {
            known->second = store::find_account(conn_, status.account_id);
            if (known->second && !store::account_searchable(conn_, *known->second, std::nullopt))
                known->second.reset();
        }
        return known->second;
    }

private:
    store::Connection& conn_;
    std::unordered_map<std::int64_t, std::optional<Account>> authors_;
};

// Where a status is read: its page here, or a remote one's page (else its id) on its server.
std::string address_of(const Status& s, const Account& author, const LocalUrls& urls) {
    if (s.url) return *s.url;
    if (!s.local && s.uri) return *s.uri;
    return urls.status_page(author.username, s.id);
}

// The ActivityStreams id of a status, where federation serves its Note.
std::string object_id_of(const Status& s, const Account& author, const LocalUrls& urls) {
    return s.uri.value_or(urls.status(author.username, s.id));
}

// What /@{username}/{id} names, when a visitor may read it: a status, or for a boost the status it
// boosts. Nothing at all for the rest (private, direct, someone else's, unknown: all alike).
struct Located {
    std::optional<ShownStatus> status;
    std::optional<ShownStatus> boosted;
};

Located locate_status(store::Connection& conn, VisibleAuthors& authors, std::string_view username,
                      std::int64_t id) {
    Located located;
    auto status = store::find_status(conn, id);
    if (!status) return located;
    // The name in the address must be the author's (any case, as usernames are matched).
    auto named = store::find_local_account(conn, username);
    if (!named || named->id != status->account_id) return located;
    auto author = authors.of(*status);
    if (!author) return located;
    if (!status->reblog_of_id) {
        located.status = ShownStatus{.status = std::move(*status), .author = std::move(*author)};
    } else if (auto original = store::find_status(conn, *status->reblog_of_id)) {
        if (auto by = authors.of(*original))
            located.boosted = ShownStatus{.status = std::move(*original), .author = std::move(*by)};
    }
    return located;
}

// Media, polls with their votes per option, and counts of the shown statuses, a batch per kind.
void read_details(store::Connection& conn, const std::vector<ShownStatus*>& items) {
    std::vector<std::int64_t> ids;
    for (const auto* item : items)
        ids.push_back(item->status.id);
    auto media = store::list_status_media(conn, ids);
    auto polls = store::find_polls_of_statuses(conn, ids);
    auto counts = store::status_counts(conn, ids);
    std::vector<const Poll*> with_polls;
    for (auto* item : items) {
        auto id = item->status.id;
        if (auto m = media.find(id); m != media.end()) item->media = std::move(m->second);
        if (auto c = counts.find(id); c != counts.end()) item->counts = c->second;
        if (auto p = polls.find(id); p != polls.end()) {
            item->poll = std::move(p->second);
            with_polls.push_back(&*item->poll);
        }
    }
    auto tallies = store::poll_tallies(conn, with_polls, std::nullopt);
    for (auto* item : items)
        if (item->poll) item->poll_counts = std::move(tallies[item->poll->id].option_counts);
}

// The page of `status`: the parent a visitor may read, the first public replies, and the media,
// polls and counts of all of them.
Found read_status_page(store::Connection& conn, VisibleAuthors& authors, ShownStatus status) {
    Found found{.status = std::move(status)};
    if (auto parent_id = found.status.status.in_reply_to_id)
        if (auto parent = store::find_status(conn, *parent_id))
            if (auto by = authors.of(*parent))
                found.parent = ShownStatus{.status = std::move(*parent), .author = std::move(*by)};
    auto replies = store::list_public_replies(conn, found.status.status.id, max_replies + 1);
    if (replies.size() > std::size_t(max_replies)) {
        replies.resize(max_replies);
        found.more_replies = true;
    }
    for (auto& reply : replies)
        if (auto by = authors.of(reply))
            found.replies.push_back({.status = std::move(reply), .author = std::move(*by)});
    std::vector<ShownStatus*> shown{&found.status};
    for (auto& reply : found.replies)
        shown.push_back(&reply);
    read_details(conn, shown);
    return found;
}

// "3 replies", "1 réponse": French counts 0 and 1 as singular, English 1 only.
std::string counted(Lang lang, std::int64_t n, std::string_view key) {
    bool one = lang == Lang::fr ? n < 2 : n == 1;
    return std::to_string(n) + " " +
           std::string(tr(lang, std::string(key) + (one ? "_one" : "_many")));
}

std::string time_html(std::int64_t unix_ms) {
    std::string at = iso8601(unix_ms); // "2026-11-22T18:02:15.000Z"
    return "<time datetime=\"" + escape(at) + "\">" +
           escape(at.substr(0, 10) + " " + at.substr(11, 5)) + " UTC</time>";
}

std::string display_name(const Account& a) {
    return a.display_name.empty() ? a.username : a.display_name;
}

std::string handle_of(const Account& a, const Config& config) {
    return "@" + a.username + "@" + a.domain.value_or(config.instance.domain);
}

// The author's name, linked to their profile when it is here.
std::string author_link(const Account& a, const LocalUrls& urls) {
    if (!a.local()) return escape(display_name(a));
    return "<a href=\"" + escape(urls.profile(a.username)) + "\">" + escape(display_name(a)) +
           "</a>";
}

// Images are shown by their preview, linked to the original; other media (and remote media, which
// a page never loads from elsewhere) are links named by their kind and alt text.
std::string media_html(const std::vector<MediaAttachment>& media, Lang lang, const Config& config) {
    std::string out =
        "<ul class=\"media\" aria-label=\"" + escape(tr(lang, "status.media")) + "\">\n";
    for (const auto& m : media) {
        std::string alt = m.description.value_or("");
        out += "<li>";
        if (!m.remote_url && m.type == "image") {
            out += "<a href=\"" + escape(media_url(config, m, false)) + "\"><img src=\"" +
                   escape(media_url(config, m, true)) + "\" alt=\"" + escape(alt) + "\"";
            if (m.preview_width > 0 && m.preview_height > 0)
                out += " width=\"" + std::to_string(m.preview_width) + "\" height=\"" +
                       std::to_string(m.preview_height) + "\"";
            out += "></a>";
        } else {
            std::string kind =
                m.type == "image" || m.type == "gifv" || m.type == "video" || m.type == "audio"
                    ? m.type
                    : "unknown";
            std::string label = std::string(tr(lang, "media." + kind));
            if (!alt.empty()) label += (lang == Lang::fr ? " : " : ": ") + alt;
            out += "<a href=\"" + escape(m.remote_url.value_or(media_url(config, m, false))) +
                   "\">" + escape(label) + "</a>";
        }
        out += "</li>\n";
    }
    return out + "</ul>\n";
}

// The options in the author's words; counts, once the author lets them show (at the end when
// totals are hidden), and the state of the poll in the reader's language.
std::string poll_html(const Poll& poll, const std::vector<std::int64_t>& counts, Lang lang,
                      std::int64_t now) {
    bool expired = poll.expired(now);
    bool hidden = poll.hide_totals && !expired;
    std::string page_lang(code(lang));
    std::string out = "<div class=\"poll\">\n<ul>\n";
    for (std::size_t i = 0; i < poll.options.size(); ++i) {
        out += "<li>" + escape(poll.options[i]);
        if (!hidden)
            out += " <span lang=\"" + page_lang + "\">(" +
                   counted(lang, i < counts.size() ? counts[i] : 0, "status.vote") + ")</span>";
        out += "</li>\n";
    }
    out +=
        "</ul>\n<p lang=\"" + page_lang + "\">" + counted(lang, poll.voters_count, "status.voter");
    if (expired)
        out += " · " + escape(tr(lang, "status.poll_closed"));
    else if (poll.expires_at)
        out += " · " + escape(tr(lang, "status.poll_ends")) + " " + time_html(*poll.expires_at);
    out += "</p>\n";
    if (hidden)
        out += "<p lang=\"" + page_lang + "\">" + escape(tr(lang, "status.poll_hidden")) + "</p>\n";
    return out + "</div>\n";
}

// One status: the author as a heading of `level` (1 for the page's status, 3 for a reply), what
// it answers, the author's words (in their language), its time and counts.
std::string status_html(const ShownStatus& item, const ShownStatus* parent, int level, Lang lang,
                        const LocalUrls& urls, const Config& config, std::int64_t now) {
    const auto& s = item.status;
    const auto& a = item.author;
    std::string h = "h" + std::to_string(level);
    std::string out = "<article>\n<" + h + ">";
    if (level == 1) out += escape(tr(lang, "status.by")) + " ";
    out += author_link(a, urls) + "</" + h + ">\n<p class=\"handle\">" +
           escape(handle_of(a, config)) + "</p>\n";
    if (parent)
        out += "<p class=\"meta\">" + escape(tr(lang, "status.in_reply_to")) + " <a href=\"" +
               escape(address_of(parent->status, parent->author, urls)) + "\">" +
               escape(display_name(parent->author)) + "</a></p>\n";

    // The content is HTML the node wrote from the author's text (escaped then), or sanitised on
    // its way in for remote statuses. A content warning, or media marked sensitive, stays closed
    // until the reader opens it, without JavaScript.
    out += "<div class=\"body\"";
    if (s.language) out += " lang=\"" + escape(*s.language) + "\"";
    out += ">\n";
    std::string media = item.media.empty() ? "" : media_html(item.media, lang, config);
    std::string poll = item.poll ? poll_html(*item.poll, item.poll_counts, lang, now) : "";
    std::string content = "<div class=\"content\">" + s.content + "</div>\n";
    if (!s.spoiler_text.empty()) {
        out += "<details>\n<summary>" + escape(s.spoiler_text) + "</summary>\n" + content + media +
               poll + "</details>\n";
    } else {
        out += content;
        if (!media.empty() && s.sensitive)
            out += "<details>\n<summary lang=\"" + std::string(code(lang)) + "\">" +
                   escape(tr(lang, "status.sensitive")) + "</summary>\n" + media + "</details>\n";
        else
            out += media;
        out += poll;
    }
    out += "</div>\n";

    out += "<footer>\n<p class=\"meta\"><a href=\"" + escape(address_of(s, a, urls)) + "\">" +
           time_html(s.created_at) + "</a>";
    if (s.edited_at)
        out += " · <span class=\"edited\">" + escape(tr(lang, "status.edited")) + " " +
               time_html(*s.edited_at) + "</span>";
    out += "</p>\n<p class=\"counts\">" + counted(lang, item.counts.replies, "status.reply") +
           " · " + counted(lang, item.counts.reblogs, "status.boost") + " · " +
           counted(lang, item.counts.favourites, "status.favourite") + "</p>\n<p class=\"meta\">" +
           report_link(lang, a.id, s.id, display_name(a)) + "</p>\n</footer>\n";
    return out + "</article>\n";
}

// The first characters of what the status says (or of its warning), on a UTF-8 boundary.
std::string title_excerpt(const Status& s) {
    std::string text = s.spoiler_text.empty() ? s.text : s.spoiler_text;
    for (auto& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (text.size() <= title_excerpt_bytes) return text;
    std::size_t cut = title_excerpt_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return text.substr(0, cut) + "…";
}

http::Response redirect(const std::string& location) {
    http::Response r;
    r.status = 302;
    r.header("Location", location);
    return r;
}

http::Response status_page(Node& node, http::Request& req) {
    Lang lang = language_of(req, node);
    auto id = api::parse_id(req.param("id"));
    if (!id) return not_found_page(lang);
    const auto& config = node.config();
    LocalUrls urls(config);
    Located located;
    std::optional<Found> found;
    {
        auto conn = node.database().acquire();
        store::Snapshot snapshot(*conn);
        VisibleAuthors authors(*conn);
        located = locate_status(*conn, authors, req.param("username"), *id);
        if (located.status) found = read_status_page(*conn, authors, std::move(*located.status));
    }
    // As Mastodon does: a boost's address leads to the status it boosts.
    if (located.boosted)
        return redirect(address_of(located.boosted->status, located.boosted->author, urls));
    if (!found) return not_found_page(lang);

    const auto& shown = found->status;
    auto now = now_unix_ms();
    std::string body =
        status_html(shown, found->parent ? &*found->parent : nullptr, 1, lang, urls, config, now);
    body += "<section class=\"replies\" aria-labelledby=\"replies\">\n<h2 id=\"replies\">" +
            escape(tr(lang, "status.replies")) + "</h2>\n";
    if (found->replies.empty()) body += "<p>" + escape(tr(lang, "status.no_replies")) + "</p>\n";
    for (const auto& reply : found->replies)
        body += status_html(reply, nullptr, 3, lang, urls, config, now);
    if (found->more_replies) body += "<p>" + escape(tr(lang, "status.more_replies")) + "</p>\n";
    body += "</section>\n";

    std::string head = page_style;
    // Unlisted means kept out of listings: search engines are asked to do the same.
    if (shown.status.visibility == Visibility::unlisted)
        head += "<meta name=\"robots\" content=\"noindex\">\n";
    std::string excerpt = title_excerpt(shown.status);
    std::string title = display_name(shown.author) +
                        (lang == Lang::fr ? " : « " + excerpt + " »" : ": \"" + excerpt + "\"") +
                        " - " + config.instance.title;
    auto r = html_response(200, render({std::string(code(lang)), title, head, body}));
    // Statuses are the members' words: no script may run here, whatever they contain; images
    // come from this server only.
    r.header("Content-Security-Policy",
             "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
    return r;
}

// Fetchers asking for ActivityStreams are sent to the status's id, where federation serves its
// Note (a boost's address to the status it boosts); what a visitor may not read is a JSON 404.
http::Response note_redirect(Node& node, http::Request& req) {
    auto id = api::parse_id(req.param("id"));
    if (!id) return http::error_response(404, "Record not found");
    Located located;
    {
        auto conn = node.database().acquire();
        store::Snapshot snapshot(*conn);
        VisibleAuthors authors(*conn);
        located = locate_status(*conn, authors, req.param("username"), *id);
    }
    LocalUrls urls(node.config());
    for (const auto* found : {&located.status, &located.boosted})
        if (*found) return redirect(object_id_of((*found)->status, (*found)->author, urls));
    return http::error_response(404, "Record not found");
}
} // namespace

void install_status_page(Node& node) {
    node.router().add("GET", "/@{username}/{id}",
                      [&node](http::Request& req) { return status_page(node, req); });
    node.router().add("GET", "/@{username}/{id}",
                      [&node](http::Request& req) { return note_redirect(node, req); },
                      {.representation = http::Representation::activity_json, .cors = true});
}

} // namespace agora::web

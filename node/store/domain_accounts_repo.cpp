// The stored remote accounts of a domain and what a domain policy changes on them: one place for
// their SQL.
#include "store/domain_accounts_repo.hpp"

#include "store/database.hpp"

namespace agora::store {

namespace {
// A stored account domain's host: lower case, without port or trailing dot.
std::string host_of(std::string_view stored) {
    if (auto colon = stored.rfind(':');
        colon != std::string_view::npos && stored.find(']') == std::string_view::npos)
        stored = stored.substr(0, colon);
    std::string out(stored);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    while (!out.empty() && out.back() == '.')
        out.pop_back();
    return out;
}

// `text` as a LIKE pattern's literal part, '!' escaping.
std::string like_literal(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '%' || c == '_' || c == '!') out += '!';
        out += c;
    }
    return out;
}
} // namespace

bool domain_is_under(std::string_view host, std::string_view domain) {
    if (host == domain) return true;
    return host.size() > domain.size() && host.ends_with(domain) &&
           host[host.size() - domain.size() - 1] == '.';
}

std::vector<DomainAccount> list_accounts_under_domain(Connection& conn, std::string_view domain) {
    std::vector<DomainAccount> out;
    if (domain.empty()) return out;
    auto st = conn.query("SELECT id, domain FROM accounts WHERE domain IS NOT NULL AND "
                         "lower(domain) LIKE ? ESCAPE '!'",
                         "%" + like_literal(domain) + "%");
    while (st.step()) {
        DomainAccount a{st.int64(0), st.text(1)};
        if (domain_is_under(host_of(a.domain), domain)) out.push_back(std::move(a));
    }
    return out;
}

void clear_domain_moderation(Connection& conn, std::int64_t account_id, std::int64_t since) {
    for (const char* column : {"silenced_at", "suspended_at"})
        conn.query(std::string("UPDATE account_moderation SET ") + column +
                       " = NULL, updated_at = ? WHERE account_id = ? AND " + column + " = ?",
                   since, account_id, since)
            .run();
}

void set_domain_moderation(Connection& conn, std::int64_t account_id, bool silence, bool suspend,
                           std::int64_t since) {
    if (!silence && !suspend) return;
    conn.query("INSERT INTO account_moderation (account_id, updated_at) VALUES (?, ?) "
               "ON CONFLICT (account_id) DO NOTHING",
               account_id, since)
        .run();
    if (silence)
        conn.query("UPDATE account_moderation SET silenced_at = ? WHERE account_id = ? AND "
                   "silenced_at IS NULL",
                   since, account_id)
            .run();
    if (suspend)
        conn.query("UPDATE account_moderation SET suspended_at = ? WHERE account_id = ? AND "
                   "suspended_at IS NULL",
                   since, account_id)
            .run();
}

void strip_remote_media(Connection& conn, std::int64_t account_id) {
    conn.query("UPDATE account_profiles SET avatar_remote_url = NULL, header_remote_url = NULL "
               "WHERE account_id = ?",
               account_id)
        .run();
    // As the inbox stores them for such a domain: of unknown type, without sizes.
    conn.query("UPDATE media_attachments SET type = 'unknown', content_type = '', width = 0, "
               "height = 0, preview_width = 0, preview_height = 0 WHERE account_id = ? AND "
               "remote_url IS NOT NULL",
               account_id)
        .run();
}

} // namespace agora::store

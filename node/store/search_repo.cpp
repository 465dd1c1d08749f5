// Search over accounts and statuses as a reader may see them: the SQL behind /api/v2/search and
// /api/v1/accounts/search. Portable LIKE matching, no external index.
#include "store/search_repo.hpp"

#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/relationships_repo.hpp"

#include <limits>

namespace agora::store {

namespace {
std::vector<std::int64_t> read_ids(Statement st) {
    std::vector<std::int64_t> out;
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}
} // namespace

std::string like_escaped(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

std::vector<Account> search_accounts(Connection& conn, const AccountSearch& search) {
    std::vector<Account> out;
    if (search.limit <= 0) return out;
    std::string prefix = like_escaped(ascii_lower(search.term)) + "%";
    std::vector<SqlValue> values;
    std::string sql = "SELECT a.id FROM accounts a LEFT JOIN users u ON u.account_id = a.id "
                      "WHERE (a.domain IS NOT NULL OR u.approved = 1)";
    if (search.domain) {
        sql += " AND lower(a.username) LIKE ? ESCAPE '\\' AND lower(a.domain) LIKE ? ESCAPE '\\'";
        values.insert(values.end(), {prefix, like_escaped(ascii_lower(*search.domain)) + "%"});
    } else {
        sql += " AND (lower(a.username) LIKE ? ESCAPE '\\' OR lower(a.display_name) LIKE ? "
               "ESCAPE '\\' OR lower(a.display_name) LIKE ? ESCAPE '\\')";
        values.insert(values.end(), {prefix, prefix, "% " + prefix});
    }
    std::string order = " ORDER BY ";
    if (search.viewer) {
        std::int64_t viewer = *search.viewer;
        sql += " AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.account_id = ? AND "
               "b.target_account_id = a.id) OR (b.account_id = a.id AND b.target_account_id = ?))";
        values.insert(values.end(), {viewer, viewer});
        if (search.following) {
            sql += " AND (a.id = ? OR EXISTS (SELECT 1 FROM follows f WHERE f.account_id = ? AND "
                   "f.target_account_id = a.id))";
            values.insert(values.end(), {viewer, viewer});
        }
        order += "CASE WHEN EXISTS (SELECT 1 FROM follows f WHERE (f.account_id = ? AND "
                 "f.target_account_id = a.id) OR (f.account_id = a.id AND f.target_account_id = "
                 "?)) THEN 0 ELSE 1 END, ";
        values.insert(values.end(), {viewer, viewer});
    }
    order += "CASE WHEN lower(a.username) LIKE ? ESCAPE '\\' THEN 0 ELSE 1 END, "
             "length(a.username), lower(a.username), a.domain, a.id LIMIT ? OFFSET ?";
    values.insert(values.end(),
                  {prefix, std::int64_t(search.limit), std::int64_t(std::max(search.offset, 0))});
    auto st = conn.query(sql + order);
    st.bind_all(values);
    for (auto id : read_ids(std::move(st)))
        if (auto account = find_account(conn, id)) out.push_back(std::move(*account));
    return out;
}

bool account_searchable(Connection& conn, const Account& account,
                        std::optional<std::int64_t> viewer) {
    if (account.local()) {
        auto user = find_user(conn, account.id);
        if (!user || !user->approved) return false;
    }
    return !viewer || !blocked_either_way(conn, *viewer, account.id);
}

std::optional<Account> find_remote_account(Connection& conn, std::string_view username,
                                           std::string_view domain) {
    auto st = conn.query("SELECT id FROM accounts WHERE lower(username) = ? AND lower(domain) = ?",
                         ascii_lower(username), ascii_lower(domain));
    if (!st.step()) return std::nullopt;
    return find_account(conn, st.int64(0));
}

std::vector<std::int64_t> search_status_ids(Connection& conn, const StatusSearch& search) {
    if (search.terms.empty() || search.limit <= 0) return {};
    std::int64_t viewer = search.viewer;
    // What the viewer could search in Mastodon's index too: their own statuses, and those they
    // favourited, bookmarked or were mentioned in (each read through its own index).
    std::string sql =
        "SELECT s.id FROM statuses s WHERE s.id IN (SELECT id FROM statuses WHERE account_id = ? "
        "UNION SELECT status_id FROM favourites WHERE account_id = ? "
        "UNION SELECT status_id FROM bookmarks WHERE account_id = ? "
        "UNION SELECT status_id FROM mentions WHERE account_id = ?) "
        "AND s.reblog_of_id IS NULL AND s.id < ? AND s.id > ?"
        // can_see's rule, so that a page is not shortened by what the caller then leaves out.
        " AND (s.account_id = ? OR s.visibility IN ('public', 'unlisted') "
        "OR EXISTS (SELECT 1 FROM mentions m WHERE m.status_id = s.id AND m.account_id = ?) "
        "OR (s.visibility = 'private' AND EXISTS (SELECT 1 FROM follows f WHERE f.account_id = ? "
        "AND f.target_account_id = s.account_id)))";
    std::vector<SqlValue> values{viewer,
                                 viewer,
                                 viewer,
                                 viewer,
                                 search.max_id.value_or(std::numeric_limits<std::int64_t>::max()),
                                 search.min_id.value_or(0),
                                 viewer,
                                 viewer,
                                 viewer};
    if (search.account_id) {
        sql += " AND s.account_id = ?";
        values.emplace_back(*search.account_id);
    }
    for (const auto& term : search.terms) {
        sql += " AND lower(CASE WHEN s.text <> '' THEN s.text ELSE s.content END || ' ' || "
               "s.spoiler_text) LIKE ? ESCAPE '\\'";
        values.emplace_back("%" + like_escaped(ascii_lower(term)) + "%");
    }
    sql += " AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.account_id = ? AND "
           "b.target_account_id = s.account_id) OR (b.account_id = s.account_id AND "
           "b.target_account_id = ?))"
           " AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.account_id = ? AND "
           "m.target_account_id = s.account_id)"
           " ORDER BY s.id DESC LIMIT ? OFFSET ?";
    values.insert(values.end(), {viewer, viewer, viewer, std::int64_t(search.limit),
                                 std::int64_t(std::max(search.offset, 0))});
    auto st = conn.query(sql);
    st.bind_all(values);
    return read_ids(std::move(st));
}

} // namespace agora::store

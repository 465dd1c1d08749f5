// The admin API's account list and sign-up approval: one place for their SQL.
#include "store/admin_accounts_repo.hpp"

#include "store/database.hpp"

#include <algorithm>
#include <limits>

namespace agora::store {

namespace {
// `text` for a LIKE pattern, its wildcards taken literally (ESCAPE '\').
std::string like_escaped(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}
} // namespace

std::vector<std::int64_t> list_admin_account_ids(Connection& conn, const AdminAccountFilter& f) {
    bool ascending = f.min_id.has_value();
    std::vector<SqlValue> values{f.max_id.value_or(std::numeric_limits<std::int64_t>::max()),
                                 f.min_id.value_or(f.since_id.value_or(0))};
    std::string sql = "SELECT a.id FROM accounts a LEFT JOIN users u ON u.account_id = a.id "
                      "LEFT JOIN account_moderation am ON am.account_id = a.id "
                      "WHERE a.id < ? AND a.id > ?";
    if (f.local) sql += *f.local ? " AND a.domain IS NULL" : " AND a.domain IS NOT NULL";
    if (f.status) {
        const auto& s = *f.status;
        if (s == "active")
            sql += " AND am.suspended_at IS NULL AND am.disabled_at IS NULL AND "
                   "(u.account_id IS NULL OR u.approved = 1)";
        else if (s == "pending")
            sql += " AND u.approved = 0";
        else if (s == "disabled")
            sql += " AND am.disabled_at IS NOT NULL";
        else if (s == "silenced")
            sql += " AND am.silenced_at IS NOT NULL";
        else if (s == "suspended")
            sql += " AND am.suspended_at IS NOT NULL";
        else if (s == "sensitized")
            sql += " AND am.sensitized_at IS NOT NULL";
    }
    if (f.staff) sql += " AND u.role IN ('admin', 'moderator')";
    if (f.username) {
        sql += " AND lower(a.username) LIKE lower(?) ESCAPE '\\'";
        values.emplace_back(like_escaped(*f.username) + "%");
    }
    if (f.display_name) {
        sql += " AND lower(a.display_name) LIKE lower(?) ESCAPE '\\'";
        values.emplace_back("%" + like_escaped(*f.display_name) + "%");
    }
    if (f.by_domain) {
        sql += " AND lower(a.domain) LIKE lower(?) ESCAPE '\\'";
        values.emplace_back("%" + like_escaped(*f.by_domain) + "%");
    }
    sql += ascending ? " ORDER BY a.id ASC LIMIT ?" : " ORDER BY a.id DESC LIMIT ?";
    values.emplace_back(std::int64_t(f.limit));
    auto st = conn.query(sql);
    st.bind_all(values);
    std::vector<std::int64_t> ids;
    while (st.step())
        ids.push_back(st.int64(0));
    if (ascending) std::reverse(ids.begin(), ids.end());
    return ids;
}

bool approve_user(Connection& conn, std::int64_t account_id) {
    conn.query("UPDATE users SET approved = 1 WHERE account_id = ? AND approved = 0", account_id)
        .run();
    return conn.changes() > 0;
}

bool reject_user(Connection& conn, std::int64_t account_id) {
    if (!conn.query("SELECT 1 FROM users WHERE account_id = ? AND approved = 0", account_id).step())
        return false;
    conn.query("DELETE FROM accounts WHERE id = ?", account_id).run();
    return true;
}

} // namespace agora::store

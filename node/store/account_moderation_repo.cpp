// The account_moderation rows: one place for their SQL.
#include "store/account_moderation_repo.hpp"

#include "store/database.hpp"

namespace agora::store {

namespace {
std::optional<std::int64_t> optional_int(const Statement& st, int column) {
    if (st.is_null(column)) return std::nullopt;
    return st.int64(column);
}

const char* column_of(ModerationFlag flag) {
    switch (flag) {
    case ModerationFlag::silenced:
        return "silenced_at";
    case ModerationFlag::suspended:
        return "suspended_at";
    case ModerationFlag::sensitized:
        return "sensitized_at";
    case ModerationFlag::disabled:
        return "disabled_at";
    }
    return "silenced_at";
}
} // namespace

const char* const author_not_suspended =
    " AND NOT EXISTS (SELECT 1 FROM account_moderation am WHERE am.account_id = s.account_id AND "
    "am.suspended_at IS NOT NULL)";

AccountModeration find_account_moderation(Connection& conn, std::int64_t account_id) {
    auto found = find_account_moderations(conn, {account_id});
    if (auto it = found.find(account_id); it != found.end()) return it->second;
    return AccountModeration{.account_id = account_id};
}

std::unordered_map<std::int64_t, AccountModeration>
find_account_moderations(Connection& conn, const std::vector<std::int64_t>& account_ids) {
    std::unordered_map<std::int64_t, AccountModeration> out;
    if (account_ids.empty()) return out;
    auto st = account_ids.size() == 1
                  ? conn.query("SELECT account_id, silenced_at, suspended_at, sensitized_at, "
                               "disabled_at FROM account_moderation WHERE account_id = ?",
                               account_ids[0])
                  : query_in(conn,
                             "SELECT account_id, silenced_at, suspended_at, sensitized_at, "
                             "disabled_at FROM {id_rows} JOIN account_moderation ON account_id = "
                             "ids.listed_id",
                             account_ids);
    while (st.step()) {
        AccountModeration m;
        m.account_id = st.int64(0);
        m.silenced_at = optional_int(st, 1);
        m.suspended_at = optional_int(st, 2);
        m.sensitized_at = optional_int(st, 3);
        m.disabled_at = optional_int(st, 4);
        out.emplace(m.account_id, m);
    }
    return out;
}

bool is_account_suspended(Connection& conn, std::int64_t account_id) {
    return conn
        .query("SELECT 1 FROM account_moderation WHERE account_id = ? AND suspended_at IS NOT NULL",
               account_id)
        .step();
}

bool set_moderation_flag(Connection& conn, std::int64_t account_id, ModerationFlag flag, bool on,
                         std::int64_t now) {
    std::string column = column_of(flag);
    conn.query("INSERT INTO account_moderation (account_id, updated_at) VALUES (?, ?) "
               "ON CONFLICT (account_id) DO NOTHING",
               account_id, now)
        .run();
    if (on)
        conn.query("UPDATE account_moderation SET " + column + " = ?, updated_at = ? WHERE " +
                       "account_id = ? AND " + column + " IS NULL",
                   now, now, account_id)
            .run();
    else
        conn.query("UPDATE account_moderation SET " + column + " = NULL, updated_at = ? WHERE " +
                       "account_id = ? AND " + column + " IS NOT NULL",
                   now, account_id)
            .run();
    return conn.changes() > 0;
}

} // namespace agora::store

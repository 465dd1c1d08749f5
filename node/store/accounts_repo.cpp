// Account and user rows: reads and writes, one place for their SQL.
#include "store/accounts_repo.hpp"

#include "store/database.hpp"
#include "store/stats_repo.hpp"

namespace agora::store {

namespace {
// The private key stays in the database unless signing asks for it (see find_private_key).
constexpr std::string_view account_columns =
    "a.id, a.username, a.domain, a.display_name, a.note, a.kind, a.locked, a.discoverable, "
    "a.public_key_pem, NULL, a.created_at, a.updated_at, a.uri, a.url";

Account read_account(const Statement& st, int first = 0) {
    Account a;
    a.id = st.int64(first);
    a.username = st.text(first + 1);
    a.domain = st.optional_text(first + 2);
    a.display_name = st.text(first + 3);
    a.note = st.text(first + 4);
    a.kind = parse_account_kind(st.text(first + 5)).value_or(AccountKind::person);
    a.locked = st.boolean(first + 6);
    a.discoverable = st.boolean(first + 7);
    a.public_key_pem = st.text(first + 8);
    a.private_key_pem = st.optional_text(first + 9);
    a.created_at = st.int64(first + 10);
    a.updated_at = st.int64(first + 11);
    a.uri = st.optional_text(first + 12);
    a.url = st.optional_text(first + 13);
    return a;
}

User read_user(const Statement& st, int first) {
    User u;
    u.account_id = st.int64(first);
    u.password_hash = st.text(first + 1);
    u.role = parse_role(st.text(first + 2)).value_or(Role::member);
    u.approved = st.boolean(first + 3);
    u.must_change_password = st.boolean(first + 4);
    u.created_at = st.int64(first + 5);
    return u;
}

constexpr std::string_view user_columns =
    "u.account_id, u.password_hash, u.role, u.approved, u.must_change_password, u.created_at";

std::int64_t count(Statement st) {
    st.step();
    return st.int64(0);
}

std::string select_accounts(std::string_view where) {
    return "SELECT " + std::string(account_columns) + " FROM accounts a WHERE " +
           std::string(where);
}
} // namespace

void insert_account(Connection& conn, const Account& a) {
    conn.query("INSERT INTO accounts (id, username, domain, display_name, note, kind, locked, "
               "discoverable, "
               "public_key_pem, private_key_pem, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               a.id, a.username, a.domain, a.display_name, a.note, to_string(a.kind), a.locked,
               a.discoverable, a.public_key_pem, a.private_key_pem, a.created_at, a.updated_at)
        .run();
}

void insert_user(Connection& conn, const User& u) {
    conn.query("INSERT INTO users (account_id, password_hash, role, approved, "
               "must_change_password, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               u.account_id, u.password_hash, to_string(u.role), u.approved, u.must_change_password,
               u.created_at)
        .run();
}

std::optional<Account> find_local_account(Connection& conn, std::string_view username) {
    static const std::string sql =
        select_accounts("lower(a.username) = lower(?) AND a.domain IS NULL AND a.gone_at IS NULL");
    auto st = conn.query(sql, username);
    if (!st.step()) return std::nullopt;
    return read_account(st);
}

std::optional<Account> find_account(Connection& conn, std::int64_t id) {
    static const std::string sql = select_accounts("a.id = ?");
    auto st = conn.query(sql, id);
    if (!st.step()) return std::nullopt;
    return read_account(st);
}

std::vector<Account> find_accounts(Connection& conn, const std::vector<std::int64_t>& ids) {
    std::vector<Account> out;
    if (ids.empty()) return out;
    auto st = query_in(conn,
                       "SELECT " + std::string(account_columns) +
                           " FROM {id_rows} JOIN accounts a ON a.id = ids.listed_id",
                       ids);
    while (st.step())
        out.push_back(read_account(st));
    return out;
}

std::optional<User> find_user(Connection& conn, std::int64_t account_id) {
    static const std::string sql =
        "SELECT " + std::string(user_columns) + " FROM users u WHERE u.account_id = ?";
    auto st = conn.query(sql, account_id);
    if (!st.step()) return std::nullopt;
    return read_user(st, 0);
}

std::optional<std::string> find_private_key(Connection& conn, std::int64_t account_id) {
    auto st = conn.query("SELECT private_key_pem FROM accounts WHERE id = ?", account_id);
    if (!st.step()) return std::nullopt;
    return st.optional_text(0);
}

std::vector<LocalAccount> list_local_accounts(Connection& conn) {
    static const std::string sql =
        "SELECT " + std::string(account_columns) + ", " + std::string(user_columns) +
        " FROM accounts a JOIN users u ON u.account_id = a.id ORDER BY a.id";
    std::vector<LocalAccount> out;
    auto st = conn.query(sql);
    while (st.step())
        out.push_back({read_account(st), read_user(st, 14)});
    return out;
}

bool has_admin(Connection& conn) {
    return conn.query("SELECT 1 FROM users WHERE role = 'admin' LIMIT 1").step();
}

std::int64_t count_local_users(Connection& conn) {
    return count(conn.query("SELECT COUNT(*) FROM users WHERE approved = 1"));
}

std::int64_t count_users_active_since(Connection& conn, std::int64_t unix_ms) {
    return count(conn.query("SELECT COUNT(*) FROM users WHERE approved = 1 AND last_active_at >= ?",
                            unix_ms));
}

std::int64_t count_local_statuses(Connection& conn) {
    return count(conn.query("SELECT COUNT(*) FROM statuses WHERE local = 1"));
}

std::int64_t count_statuses(Connection& conn, std::int64_t account_id) {
    return count(conn.query("SELECT COUNT(*) FROM statuses WHERE account_id = ?", account_id));
}

std::int64_t count_followers(Connection& conn, std::int64_t account_id) {
    return count(
        conn.query("SELECT COUNT(*) FROM follows WHERE target_account_id = ?", account_id));
}

std::int64_t count_following(Connection& conn, std::int64_t account_id) {
    return count(conn.query("SELECT COUNT(*) FROM follows WHERE account_id = ?", account_id));
}

namespace {
std::vector<std::string> follow_uris(Statement st, const std::string& local_actor_prefix) {
    std::vector<std::string> out;
    while (st.step())
        out.push_back(st.is_null(0) ? local_actor_prefix + st.text(1) : st.text(0));
    return out;
}
} // namespace

std::vector<std::string> list_follower_uris(Connection& conn, std::int64_t account_id,
                                            const std::string& local_actor_prefix, int offset,
                                            int limit) {
    return follow_uris(
        conn.query("SELECT a.uri, a.username FROM follows f JOIN accounts a ON a.id = f.account_id "
                   "WHERE f.target_account_id = ? ORDER BY f.id LIMIT ? OFFSET ?",
                   account_id, limit, offset),
        local_actor_prefix);
}

std::vector<std::string> list_following_uris(Connection& conn, std::int64_t account_id,
                                             const std::string& local_actor_prefix, int offset,
                                             int limit) {
    return follow_uris(
        conn.query(
            "SELECT a.uri, a.username FROM follows f JOIN accounts a ON a.id = f.target_account_id "
            "WHERE f.account_id = ? ORDER BY f.id LIMIT ? OFFSET ?",
            account_id, limit, offset),
        local_actor_prefix);
}

void insert_follow(Connection& conn, std::int64_t id, std::int64_t follower_id,
                   std::int64_t target_id, std::int64_t created_at,
                   const std::optional<std::string>& uri) {
    conn.query("INSERT INTO follows (id, account_id, target_account_id, uri, created_at) VALUES "
               "(?, ?, ?, ?, ?)",
               id, follower_id, target_id, uri, created_at)
        .run();
    count_follow(conn, follower_id, target_id, +1);
}

} // namespace agora::store

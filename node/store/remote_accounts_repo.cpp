// Remote actors and the instance actor: their SQL.
#include "store/remote_accounts_repo.hpp"

#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/json_columns.hpp"
#include "store/profiles_repo.hpp"

namespace agora::store {

namespace {
constexpr std::string_view remote_columns =
    "id, username, domain, display_name, note, kind, locked, discoverable, public_key_pem, "
    "created_at, updated_at, uri, url, inbox_url, shared_inbox_url, outbox_url, followers_url, "
    "following_url, featured_url, key_id, actor_type, also_known_as, moved_to_uri, fetched_at";

std::string select_remote(std::string_view where) {
    return "SELECT " + std::string(remote_columns) +
           " FROM accounts WHERE domain IS NOT NULL AND " + std::string(where);
}

RemoteAccount read_remote(const Statement& st) {
    RemoteAccount r;
    Account& a = r.account;
    a.id = st.int64(0);
    a.username = st.text(1);
    a.domain = st.optional_text(2);
    a.display_name = st.text(3);
    a.note = st.text(4);
    a.kind = parse_account_kind(st.text(5)).value_or(AccountKind::person);
    a.locked = st.boolean(6);
    a.discoverable = st.boolean(7);
    a.public_key_pem = st.text(8);
    a.created_at = st.int64(9);
    a.updated_at = st.int64(10);
    r.uri = st.optional_text(11).value_or("");
    r.url = st.optional_text(12);
    a.uri = r.uri;
    a.url = r.url;
    r.inbox_url = st.optional_text(13).value_or("");
    r.shared_inbox_url = st.optional_text(14);
    r.outbox_url = st.optional_text(15);
    r.followers_url = st.optional_text(16);
    r.following_url = st.optional_text(17);
    r.featured_url = st.optional_text(18);
    r.key_id = st.optional_text(19).value_or("");
    r.actor_type = st.optional_text(20).value_or("");
    r.also_known_as = read_string_list(st.text(21));
    r.moved_to_uri = st.optional_text(22);
    r.fetched_at = st.is_null(23) ? 0 : st.int64(23);
    return r;
}

std::optional<RemoteAccount> first(Statement st) {
    if (!st.step()) return std::nullopt;
    return read_remote(st);
}

std::optional<std::int64_t> id_of(Statement st) {
    if (!st.step()) return std::nullopt;
    return st.int64(0);
}
} // namespace

std::expected<std::int64_t, RemoteUpsertProblem>
upsert_remote_account(Connection& conn, const RemoteAccount& r, const AccountProfile& profile,
                      std::int64_t now) {
    const Account& a = r.account;
    auto by_uri = id_of(conn.query("SELECT id FROM accounts WHERE uri = ?", r.uri));
    auto by_handle = id_of(conn.query("SELECT id FROM accounts WHERE lower(username) = lower(?) "
                                      "AND COALESCE(domain, '') = lower(?)",
                                      a.username, a.domain.value_or("")));
    if (by_uri && by_handle && *by_uri != *by_handle)
        return std::unexpected(RemoteUpsertProblem::handle_taken);
    auto existing = by_uri ? by_uri : by_handle;
    std::int64_t id = existing.value_or(a.id);
    conn.query("UPDATE accounts SET key_id = NULL WHERE key_id = ? AND id <> ?", r.key_id, id)
        .run();
    if (existing) {
        conn.query("UPDATE accounts SET username = ?, domain = ?, display_name = ?, note = ?, "
                   "kind = ?, locked = ?, discoverable = ?, public_key_pem = ?, uri = ?, url = ?, "
                   "inbox_url = ?, shared_inbox_url = ?, outbox_url = ?, followers_url = ?, "
                   "following_url = ?, featured_url = ?, key_id = ?, actor_type = ?, "
                   "also_known_as = ?, moved_to_uri = ?, fetched_at = ?, updated_at = ? "
                   "WHERE id = ?",
                   a.username, a.domain, a.display_name, a.note, to_string(a.kind), a.locked,
                   a.discoverable, a.public_key_pem, r.uri, r.url, r.inbox_url, r.shared_inbox_url,
                   r.outbox_url, r.followers_url, r.following_url, r.featured_url, r.key_id,
                   r.actor_type, write_string_list(r.also_known_as), r.moved_to_uri, r.fetched_at,
                   now, id)
            .run();
    } else {
        conn.query("INSERT INTO accounts (id, username, domain, display_name, note, kind, locked, "
                   "discoverable, public_key_pem, uri, url, inbox_url, shared_inbox_url, "
                   "outbox_url, followers_url, following_url, featured_url, key_id, actor_type, "
                   "also_known_as, moved_to_uri, fetched_at, created_at, updated_at) VALUES (?, "
                   "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   id, a.username, a.domain, a.display_name, a.note, to_string(a.kind), a.locked,
                   a.discoverable, a.public_key_pem, r.uri, r.url, r.inbox_url, r.shared_inbox_url,
                   r.outbox_url, r.followers_url, r.following_url, r.featured_url, r.key_id,
                   r.actor_type, write_string_list(r.also_known_as), r.moved_to_uri, r.fetched_at,
                   a.created_at, now)
            .run();
    }
    AccountProfile p = profile;
    p.account_id = id;
    save_profile(conn, p, now);
    conn.query("UPDATE account_profiles SET avatar_remote_url = ?, header_remote_url = ? WHERE "
               "account_id = ?",
               p.avatar_remote_url, p.header_remote_url, id)
        .run();
    return id;
}

std::optional<RemoteAccount> find_remote_account_by_uri(Connection& conn, std::string_view uri) {
    static const std::string sql = select_remote("uri = ?");
    return first(conn.query(sql, uri));
}

std::optional<RemoteAccount> find_remote_account_by_key_id(Connection& conn,
                                                           std::string_view key_id) {
    static const std::string sql = select_remote("key_id = ?");
    return first(conn.query(sql, key_id));
}

std::optional<RemoteAccount> find_remote_account_by_handle(Connection& conn,
                                                           std::string_view username,
                                                           std::string_view domain) {
    static const std::string sql =
        select_remote("lower(username) = lower(?) AND COALESCE(domain, '') = lower(?)");
    return first(conn.query(sql, username, domain));
}

std::optional<Account> find_instance_actor(Connection& conn) {
    auto id = id_of(conn.query(
        "SELECT id FROM accounts WHERE domain IS NULL AND actor_type = 'Application' LIMIT 1"));
    if (!id) return std::nullopt;
    return find_account(conn, *id);
}

Account insert_instance_actor(Connection& conn, const Account& account) {
    Transaction tx(conn);
    if (auto existing = find_instance_actor(conn)) return *existing;
    insert_account(conn, account);
    conn.query("UPDATE accounts SET actor_type = 'Application' WHERE id = ?", account.id).run();
    tx.commit();
    return *find_instance_actor(conn);
}

} // namespace agora::store

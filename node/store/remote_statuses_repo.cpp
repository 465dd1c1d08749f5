// Remote statuses by object id, tombstones, and replies waiting for their parent.
#include "store/remote_statuses_repo.hpp"

#include "store/database.hpp"
#include "store/stats_repo.hpp"
#include "store/statuses_repo.hpp"

namespace agora::store {

std::optional<Status> find_status_by_uri(Connection& conn, std::string_view uri) {
    std::optional<std::int64_t> id;
    {
        auto st = conn.query("SELECT id FROM statuses WHERE uri = ?", uri);
        if (st.step()) id = st.int64(0);
    }
    if (!id) return std::nullopt;
    return find_status(conn, *id);
}

bool has_local_follower(Connection& conn, std::int64_t account_id) {
    return conn
        .query("SELECT 1 FROM follows f JOIN accounts a ON a.id = f.account_id WHERE "
               "f.target_account_id = ? AND a.domain IS NULL LIMIT 1",
               account_id)
        .step();
}

void insert_status_tombstone(Connection& conn, std::string_view uri, std::int64_t account_id,
                             std::int64_t now) {
    conn.query("INSERT INTO status_tombstones (uri, account_id, created_at) VALUES (?, ?, ?) "
               "ON CONFLICT DO NOTHING",
               uri, account_id, now)
        .run();
}

bool has_status_tombstone(Connection& conn, std::string_view uri, std::int64_t account_id) {
    return conn
        .query("SELECT 1 FROM status_tombstones WHERE uri = ? AND account_id = ?", uri, account_id)
        .step();
}

void clear_status_tags(Connection& conn, std::int64_t status_id) {
    conn.query("DELETE FROM status_tags WHERE status_id = ?", status_id).run();
}

void insert_reply_uri(Connection& conn, std::int64_t status_id, std::string_view in_reply_to_uri) {
    conn.query("INSERT INTO status_reply_uris (status_id, in_reply_to_uri) VALUES (?, ?) "
               "ON CONFLICT (status_id) DO UPDATE SET in_reply_to_uri = excluded.in_reply_to_uri",
               status_id, in_reply_to_uri)
        .run();
}

std::optional<std::string> find_reply_uri(Connection& conn, std::int64_t status_id) {
    auto st =
        conn.query("SELECT in_reply_to_uri FROM status_reply_uris WHERE status_id = ?", status_id);
    if (!st.step()) return std::nullopt;
    return st.text(0);
}

std::vector<std::int64_t> adopt_waiting_replies(Connection& conn, const Status& parent) {
    std::vector<std::int64_t> children;
    if (!parent.uri) return children;
    {
        auto st = conn.query("SELECT status_id FROM status_reply_uris WHERE in_reply_to_uri = ?",
                             *parent.uri);
        while (st.step())
            children.push_back(st.int64(0));
    }
    for (auto id : children) {
        conn.query(
                "UPDATE statuses SET in_reply_to_id = ?, in_reply_to_account_id = ? WHERE id = ? "
                "AND in_reply_to_id IS NULL",
                parent.id, parent.account_id, id)
            .run();
        if (conn.changes() > 0) count_reply(conn, parent.id, +1);
        conn.query("DELETE FROM status_reply_uris WHERE status_id = ?", id).run();
    }
    return children;
}

} // namespace agora::store

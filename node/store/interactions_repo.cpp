// Favourites, bookmarks and boosts of statuses: one place for their SQL.
#include "store/interactions_repo.hpp"

#include "store/database.hpp"
#include "store/stats_repo.hpp"
#include "util/ids.hpp"

#include <algorithm>
#include <limits>

namespace agora::store {

namespace {
bool add(Connection& conn, const std::string& table, std::int64_t account_id,
         std::int64_t status_id) {
    auto id = next_id();
    conn.query("INSERT INTO " + table +
                   " (id, account_id, status_id, created_at) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT DO NOTHING",
               id, account_id, status_id, id_time_ms(id))
        .run();
    return conn.changes() > 0;
}

bool remove(Connection& conn, const std::string& table, std::int64_t account_id,
            std::int64_t status_id) {
    conn.query("DELETE FROM " + table + " WHERE account_id = ? AND status_id = ?", account_id,
               status_id)
        .run();
    return conn.changes() > 0;
}

std::int64_t count(Connection& conn, const std::string& sql, std::int64_t id) {
    auto st = conn.query(sql, id);
    st.step();
    return st.int64(0);
}

// Rows (value, cursor) of `sql` with the page bounds bound after `key`; newest first.
std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>>
page_rows(Connection& conn, const std::string& sql, std::int64_t key, const PageQuery& page) {
    bool ascending = page.min_id.has_value();
    auto st = conn.query(sql + (ascending ? " ORDER BY 2 ASC LIMIT ?" : " ORDER BY 2 DESC LIMIT ?"),
                         key, page.max_id.value_or(std::numeric_limits<std::int64_t>::max()),
                         page.min_id.value_or(page.since_id.value_or(0)), page.limit);
    std::vector<std::int64_t> values, cursors;
    while (st.step()) {
        values.push_back(st.int64(0));
        cursors.push_back(st.int64(1));
    }
    if (ascending) {
        std::reverse(values.begin(), values.end());
        std::reverse(cursors.begin(), cursors.end());
    }
    return {values, cursors};
}
} // namespace

bool add_favourite(Connection& c, std::int64_t a, std::int64_t s) {
    if (!add(c, "favourites", a, s)) return false;
    count_favourite(c, s, +1);
    return true;
}
bool remove_favourite(Connection& c, std::int64_t a, std::int64_t s) {
    if (!remove(c, "favourites", a, s)) return false;
    count_favourite(c, s, -1);
    return true;
}
bool add_bookmark(Connection& c, std::int64_t a, std::int64_t s) {
    return add(c, "bookmarks", a, s);
}
bool remove_bookmark(Connection& c, std::int64_t a, std::int64_t s) {
    return remove(c, "bookmarks", a, s);
}

std::optional<std::int64_t> find_reblog(Connection& conn, std::int64_t account_id,
                                        std::int64_t status_id) {
    auto st = conn.query("SELECT id FROM statuses WHERE account_id = ? AND reblog_of_id = ?",
                         account_id, status_id);
    if (!st.step()) return std::nullopt;
    return st.int64(0);
}

ViewerState viewer_state(Connection& conn, std::int64_t viewer, std::int64_t id) {
    auto found = viewer_states(conn, viewer, std::vector<std::int64_t>{id});
    return found.empty() ? ViewerState{} : found.begin()->second;
}

std::unordered_map<std::int64_t, ViewerState> viewer_states(Connection& conn, std::int64_t viewer,
                                                            const std::vector<std::int64_t>& ids) {
    std::unordered_map<std::int64_t, ViewerState> out;
    if (ids.empty()) return out;
    // One statement: each row says which of the three things the viewer did with a status.
    auto st = query_in(conn,
                       "SELECT status_id, 0 FROM favourites WHERE account_id = ?1 AND status_id IN "
                       "{ids} UNION ALL SELECT reblog_of_id, 1 FROM statuses WHERE account_id = ?1 "
                       "AND reblog_of_id IN {ids} UNION ALL SELECT status_id, 2 FROM bookmarks "
                       "WHERE account_id = ?1 AND status_id IN {ids}",
                       ids, {viewer});
    while (st.step()) {
        auto& state = out[st.int64(0)];
        int what = int(st.int64(1));
        (what == 0 ? state.favourited : what == 1 ? state.reblogged : state.bookmarked) = true;
    }
    return out;
}

StatusPage list_favourited(Connection& conn, std::int64_t account_id, const PageQuery& page) {
    auto [ids, cursors] = page_rows(
        conn, "SELECT status_id, id FROM favourites WHERE account_id = ? AND id < ? AND id > ?",
        account_id, page);
    return {ids, cursors};
}

StatusPage list_bookmarked(Connection& conn, std::int64_t account_id, const PageQuery& page) {
    auto [ids, cursors] = page_rows(
        conn, "SELECT status_id, id FROM bookmarks WHERE account_id = ? AND id < ? AND id > ?",
        account_id, page);
    return {ids, cursors};
}

AccountPage list_favourited_by(Connection& conn, std::int64_t status_id, const PageQuery& page) {
    auto [ids, cursors] = page_rows(
        conn, "SELECT account_id, id FROM favourites WHERE status_id = ? AND id < ? AND id > ?",
        status_id, page);
    return {ids, cursors};
}

AccountPage list_reblogged_by(Connection& conn, std::int64_t status_id, const PageQuery& page) {
    auto [ids, cursors] = page_rows(
        conn, "SELECT account_id, id FROM statuses WHERE reblog_of_id = ? AND id < ? AND id > ?",
        status_id, page);
    return {ids, cursors};
}

void delete_notifications_for_status(Connection& conn, std::int64_t recipient,
                                     std::int64_t from_account_id, const std::string& type,
                                     std::int64_t status_id) {
    conn.query("DELETE FROM notifications WHERE account_id = ? AND from_account_id = ? AND type = "
               "? AND status_id = ?",
               recipient, from_account_id, type, status_id)
        .run();
}

} // namespace agora::store

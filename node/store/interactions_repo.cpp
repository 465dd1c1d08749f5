// Favourites, bookmarks and boosts of statuses: one place for their SQL.
#include "store/interactions_repo.hpp"

#include "store/database.hpp"
#include "store/id_pages.hpp"
#include "store/stats_repo.hpp"
#include "util/ids.hpp"

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
std::optional<std::int64_t> find_favourite_id(Connection& c, std::int64_t a, std::int64_t s) {
    auto st = c.query("SELECT id FROM favourites WHERE account_id = ? AND status_id = ?", a, s);
    if (!st.step()) return std::nullopt;
    return st.int64(0);
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
                       "SELECT status_id, 0 FROM {id_rows} JOIN favourites ON status_id = "
                       "ids.listed_id WHERE account_id = ?1 UNION ALL SELECT reblog_of_id, 1 FROM "
                       "{id_rows} JOIN statuses ON reblog_of_id = ids.listed_id WHERE account_id = "
                       "?1 UNION ALL SELECT status_id, 2 FROM {id_rows} JOIN bookmarks ON "
                       "status_id = ids.listed_id WHERE account_id = ?1",
                       ids, {viewer});
    while (st.step()) {
        auto& state = out[st.int64(0)];
        int what = int(st.int64(1));
        (what == 0 ? state.favourited : what == 1 ? state.reblogged : state.bookmarked) = true;
    }
    return out;
}

namespace {
// Each list: the table, the id it shows, the id whose list it is. A boost is a status row.
constexpr IdListing favourited{"favourites", "status_id", "account_id"};
constexpr IdListing bookmarked{"bookmarks", "status_id", "account_id"};
constexpr IdListing favouriters{"favourites", "account_id", "status_id"};
constexpr IdListing rebloggers{"statuses", "account_id", "reblog_of_id"};
} // namespace

StatusPage list_favourited(Connection& conn, std::int64_t account_id, const PageQuery& page) {
    return read_id_page_as<StatusPage>(conn, favourited, account_id, page);
}
StatusPage list_bookmarked(Connection& conn, std::int64_t account_id, const PageQuery& page) {
    return read_id_page_as<StatusPage>(conn, bookmarked, account_id, page);
}
AccountPage list_favourited_by(Connection& conn, std::int64_t status_id, const PageQuery& page) {
    return read_id_page_as<AccountPage>(conn, favouriters, status_id, page);
}
AccountPage list_reblogged_by(Connection& conn, std::int64_t status_id, const PageQuery& page) {
    return read_id_page_as<AccountPage>(conn, rebloggers, status_id, page);
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

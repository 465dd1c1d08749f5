// Home-feed fan-out to an account's local followers: one INSERT ... SELECT per slice of followers.
#include "store/fanout_repo.hpp"

#include "store/database.hpp"
#include "store/feed_rules.hpp"

#include <string>

namespace agora::store {

namespace {
// Bound in order: status, its author (whose exclusive lists make the row a `list` one), reason,
// reason account, followed account, then the status again and its author twice (mentions that get
// their own row). The followers' ids come last ({ids}).
const std::string insert_for_followers =
    std::string("INSERT INTO feed (owner_id, status_id, reason, reason_account_id, reason_tag) "
                "SELECT f.account_id, ?, CASE WHEN f.account_id IN ") +
    feed_rules::exclusive_list_owners +
    " THEN 'list' ELSE ? END, ?, NULL FROM follows f JOIN accounts a ON a.id = f.account_id "
    "WHERE f.target_account_id = ? AND a.domain IS NULL AND NOT EXISTS (SELECT 1 FROM mentions m "
    "WHERE m.status_id = ? AND m.account_id = f.account_id AND NOT EXISTS (SELECT 1 FROM blocks b "
    "WHERE (b.account_id = m.account_id AND b.target_account_id = ?) OR (b.account_id = ? AND "
    "b.target_account_id = m.account_id)))";
// The WHERE clause above also keeps SQLite from reading ON CONFLICT as a join's ON.
constexpr const char* for_these_followers = " AND f.account_id IN {ids} ON CONFLICT DO NOTHING";

std::vector<SqlValue> common_values(const Status& status, FeedReason reason) {
    return {status.id,         status.account_id, to_string(reason), status.account_id,
            status.account_id, status.id,         status.account_id, status.account_id};
}

// The follows that take `status` by its language (none to add for a status without one).
void add_language_rule(const Status& status, std::string& sql, std::vector<SqlValue>& values) {
    if (!status.language || status.language->empty()) return;
    sql += std::string(" AND ") + feed_rules::follow_takes_language;
    values.emplace_back(feed_rules::language_pattern(*status.language));
}
} // namespace

std::vector<std::int64_t> local_follower_ids_in_order(Connection& conn, std::int64_t account_id) {
    std::vector<std::int64_t> out;
    auto st = conn.query("SELECT f.account_id FROM follows f JOIN accounts a ON a.id = "
                         "f.account_id WHERE f.target_account_id = ? AND a.domain IS NULL "
                         "ORDER BY f.account_id",
                         account_id);
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

void insert_follower_feed_entries(Connection& conn, const Status& status,
                                  const std::vector<std::int64_t>& followers) {
    if (followers.empty()) return;
    std::string sql = insert_for_followers;
    auto values = common_values(status, FeedReason::followed);
    add_language_rule(status, sql, values);
    query_in(conn, sql + for_these_followers, followers, std::move(values)).run();
}

void insert_boost_feed_entries(Connection& conn, const Status& boost, const Status& original,
                               const std::vector<std::int64_t>& followers) {
    if (followers.empty()) return;
    auto values = common_values(boost, FeedReason::boosted_by);
    values.push_back(original.account_id);
    values.push_back(original.account_id);
    values.push_back(original.account_id);
    // Followers who turned the booster's boosts off (reblogs=false) do not get them.
    std::string sql = insert_for_followers +
                      " AND f.show_reblogs = 1 AND f.account_id <> ? AND NOT EXISTS (SELECT 1 "
                      "FROM blocks b WHERE (b.account_id = f.account_id AND b.target_account_id = "
                      "?) OR (b.account_id = ? AND b.target_account_id = f.account_id))";
    constexpr const char* mentioned =
        "EXISTS (SELECT 1 FROM mentions m WHERE m.status_id = ? AND m.account_id = f.account_id)";
    if (original.visibility == Visibility::private_) {
        sql += std::string(" AND (") + mentioned +
               " OR EXISTS (SELECT 1 FROM follows o WHERE o.account_id = f.account_id AND "
               "o.target_account_id = ?))";
        values.push_back(original.id);
        values.push_back(original.account_id);
    } else if (original.visibility == Visibility::direct) {
        sql += std::string(" AND ") + mentioned;
        values.push_back(original.id);
    }
    add_language_rule(boost, sql, values);
    query_in(conn, sql + for_these_followers, followers, std::move(values)).run();
}

std::vector<std::int64_t> notified_follower_ids(Connection& conn, std::int64_t account_id) {
    std::vector<std::int64_t> out;
    auto st = conn.query("SELECT f.account_id FROM follows f JOIN accounts a ON a.id = "
                         "f.account_id WHERE f.target_account_id = ? AND f.notify = 1 AND "
                         "a.domain IS NULL ORDER BY f.account_id",
                         account_id);
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

std::vector<std::int64_t> followers_to_notify(Connection& conn, const Status& status,
                                              const std::vector<std::int64_t>& followers) {
    std::vector<std::int64_t> out;
    if (followers.empty()) return out;
    std::string sql = "SELECT f.account_id FROM follows f WHERE f.target_account_id = ? AND "
                      "f.notify = 1 AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.account_id = "
                      "f.account_id AND m.target_account_id = f.target_account_id)";
    std::vector<SqlValue> values{status.account_id};
    add_language_rule(status, sql, values);
    auto st = query_in(conn, sql + " AND f.account_id IN {ids}", followers, std::move(values));
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

} // namespace agora::store

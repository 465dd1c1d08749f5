// Home-feed fan-out to an account's local followers: one INSERT ... SELECT per slice of followers.
#include "store/fanout_repo.hpp"

#include "store/database.hpp"

#include <string>

namespace agora::store {

namespace {
// Bound in order: status, reason, reason account, followed account, then the status again and its
// author twice (mentions that get their own row). The followers' ids come last ({ids}).
constexpr const char* insert_for_followers =
    "INSERT INTO feed (owner_id, status_id, reason, reason_account_id, reason_tag) "
    "SELECT f.account_id, ?, ?, ?, NULL FROM follows f JOIN accounts a ON a.id = f.account_id "
    "WHERE f.target_account_id = ? AND a.domain IS NULL AND NOT EXISTS (SELECT 1 FROM mentions m "
    "WHERE m.status_id = ? AND m.account_id = f.account_id AND NOT EXISTS (SELECT 1 FROM blocks b "
    "WHERE (b.account_id = m.account_id AND b.target_account_id = ?) OR (b.account_id = ? AND "
    "b.target_account_id = m.account_id)))";
// The WHERE clause above also keeps SQLite from reading ON CONFLICT as a join's ON.
constexpr const char* for_these_followers = " AND f.account_id IN {ids} ON CONFLICT DO NOTHING";

std::vector<SqlValue> common_values(const Status& status, FeedReason reason) {
    return {status.id, to_string(reason), status.account_id, status.account_id,
            status.id, status.account_id, status.account_id};
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
    query_in(conn, std::string(insert_for_followers) + for_these_followers, followers,
             common_values(status, FeedReason::followed))
        .run();
}

void insert_boost_feed_entries(Connection& conn, const Status& boost, const Status& original,
                               const std::vector<std::int64_t>& followers) {
    if (followers.empty()) return;
    auto values = common_values(boost, FeedReason::boosted_by);
    values.push_back(original.account_id);
    values.push_back(original.account_id);
    values.push_back(original.account_id);
    std::string sql = std::string(insert_for_followers) +
                      " AND f.account_id <> ? AND NOT EXISTS (SELECT 1 FROM blocks b WHERE "
                      "(b.account_id = f.account_id AND b.target_account_id = ?) OR "
                      "(b.account_id = ? AND b.target_account_id = f.account_id))";
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
    query_in(conn, sql + for_these_followers, followers, std::move(values)).run();
}

} // namespace agora::store

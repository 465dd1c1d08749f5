// Home-feed fan-out to an account's local followers: one INSERT ... SELECT per status.
#include "store/fanout_repo.hpp"

#include "store/database.hpp"

#include <string>
#include <vector>

namespace agora::store {

namespace {
// Status, reason, reason account, followed account: rows for each local follower. The WHERE
// clause also keeps SQLite from reading the ON CONFLICT that follows as a join's ON.
constexpr const char* insert_for_local_followers =
    "INSERT INTO feed (owner_id, status_id, reason, reason_account_id, reason_tag) "
    "SELECT f.account_id, ?, ?, ?, NULL FROM follows f JOIN accounts a ON a.id = f.account_id "
    "WHERE f.target_account_id = ? AND a.domain IS NULL";
constexpr const char* keep_existing_rows = " ON CONFLICT DO NOTHING";
} // namespace

void insert_follower_feed_entries(Connection& conn, const Status& status) {
    conn.query(std::string(insert_for_local_followers) + keep_existing_rows, status.id,
               to_string(FeedReason::followed), status.account_id, status.account_id)
        .run();
}

void insert_boost_feed_entries(Connection& conn, const Status& boost, const Status& original) {
    std::vector<SqlValue> values{boost.id,
                                 to_string(FeedReason::boosted_by),
                                 boost.account_id,
                                 boost.account_id,
                                 original.account_id,
                                 original.account_id,
                                 original.account_id};
    std::string sql = std::string(insert_for_local_followers) +
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
    conn.query(sql + keep_existing_rows).bind_all(values).run();
}

} // namespace agora::store

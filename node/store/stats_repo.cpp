// Counters of accounts and statuses, kept with the rows they count and read in batches.
#include "store/stats_repo.hpp"

#include "store/database.hpp"

namespace agora::store {

namespace {
// Adds `delta` to one counter column of a stats table, creating the row at need.
void add(Connection& conn, const std::string& table, const std::string& key,
         const std::string& column, std::int64_t id, int delta) {
    conn.query("INSERT INTO " + table + " (" + key + ", " + column + ") VALUES (?, ?) " +
                   "ON CONFLICT (" + key + ") DO UPDATE SET " + column + " = " + table + "." +
                   column + " + excluded." + column,
               id, delta)
        .run();
}

void add_account(Connection& conn, const char* column, std::int64_t id, int delta) {
    add(conn, "account_stats", "account_id", column, id, delta);
}

constexpr const char* account_stats_columns =
    "account_id, followers_count, following_count, statuses_count, last_status_at";
AccountStats read_account_stats(const Statement& st) {
    AccountStats out{st.int64(1), st.int64(2), st.int64(3), std::nullopt};
    if (!st.is_null(4)) out.last_status_at = st.int64(4);
    return out;
}

constexpr const char* status_stats_columns =
    "status_id, favourites_count, reblogs_count, replies_count";
StatusCounts read_status_counts(const Statement& st) {
    return {st.int64(1), st.int64(2), st.int64(3)};
}

// Rows of `table` for `ids`, keyed by their first column.
template <typename T, typename Read>
std::unordered_map<std::int64_t, T> read_batch(Connection& conn, const std::string& columns,
                                               const std::string& table, const std::string& key,
                                               const std::vector<std::int64_t>& ids, Read read) {
    std::unordered_map<std::int64_t, T> out;
    if (ids.empty()) return out;
    auto st = query_in(conn,
                       "SELECT " + columns + " FROM {id_rows} JOIN " + table + " ON " + key +
                           " = ids.listed_id",
                       ids);
    while (st.step())
        out.emplace(st.int64(0), read(st));
    return out;
}
} // namespace

void count_follow(Connection& conn, std::int64_t follower_id, std::int64_t target_id, int delta) {
    add_account(conn, "following_count", follower_id, delta);
    add_account(conn, "followers_count", target_id, delta);
}

void count_status(Connection& conn, const Status& s, int delta) {
    add_account(conn, "statuses_count", s.account_id, delta);
    if (delta > 0)
        conn.query("UPDATE account_stats SET last_status_at = ? WHERE account_id = ? AND "
                   "(last_status_at IS NULL OR last_status_at < ?)",
                   s.created_at, s.account_id, s.created_at)
            .run();
    if (s.in_reply_to_id)
        add(conn, "status_stats", "status_id", "replies_count", *s.in_reply_to_id, delta);
    if (s.reblog_of_id)
        add(conn, "status_stats", "status_id", "reblogs_count", *s.reblog_of_id, delta);
}

void count_favourite(Connection& conn, std::int64_t status_id, int delta) {
    add(conn, "status_stats", "status_id", "favourites_count", status_id, delta);
}

void count_reply(Connection& conn, std::int64_t parent_id, int delta) {
    add(conn, "status_stats", "status_id", "replies_count", parent_id, delta);
}

AccountStats account_stats(Connection& conn, std::int64_t account_id) {
    auto found = account_stats(conn, std::vector<std::int64_t>{account_id});
    return found.empty() ? AccountStats{} : found.begin()->second;
}

std::unordered_map<std::int64_t, AccountStats>
account_stats(Connection& conn, const std::vector<std::int64_t>& account_ids) {
    return read_batch<AccountStats>(conn, account_stats_columns, "account_stats", "account_id",
                                    account_ids, read_account_stats);
}

StatusCounts status_counts(Connection& conn, std::int64_t status_id) {
    auto found = status_counts(conn, std::vector<std::int64_t>{status_id});
    return found.empty() ? StatusCounts{} : found.begin()->second;
}

std::unordered_map<std::int64_t, StatusCounts>
status_counts(Connection& conn, const std::vector<std::int64_t>& status_ids) {
    return read_batch<StatusCounts>(conn, status_stats_columns, "status_stats", "status_id",
                                    status_ids, read_status_counts);
}

} // namespace agora::store

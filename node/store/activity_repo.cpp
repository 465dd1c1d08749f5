// Counts for the instance's weekly activity, read from the rows themselves.
#include "store/activity_repo.hpp"

#include "store/database.hpp"
#include "util/ids.hpp"

namespace agora::store {

namespace {
std::int64_t single_count(Statement&& st) {
    return st.step() ? st.int64(0) : 0;
}
} // namespace

ActivityCounts count_activity(Connection& conn, std::int64_t from_ms, std::int64_t to_ms) {
    ActivityCounts out;
    // Status ids grow with time: a range of ids is a range of creation times (and the
    // statuses_public index answers it without reading the statuses).
    out.statuses = single_count(
        conn.query("SELECT COUNT(*) FROM statuses WHERE visibility IN ('public', 'unlisted') "
                   "AND local = 1 AND id >= ? AND id < ?",
                   id_floor_for_time(from_ms), id_floor_for_time(to_ms)));
    out.logins = single_count(
        conn.query("SELECT COUNT(DISTINCT account_id) FROM oauth_tokens "
                   "WHERE account_id IS NOT NULL AND created_at >= ? AND created_at < ?",
                   from_ms, to_ms));
    out.registrations = single_count(conn.query(
        "SELECT COUNT(*) FROM users WHERE created_at >= ? AND created_at < ?", from_ms, to_ms));
    return out;
}

} // namespace agora::store

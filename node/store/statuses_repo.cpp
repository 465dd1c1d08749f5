// Status rows: reads and writes, one place for their SQL.
#include "store/statuses_repo.hpp"

#include "store/database.hpp"

#include <algorithm>
#include <limits>

namespace agora::store {

void insert_status(Connection& conn, const Status& s) {
    conn.query("INSERT INTO statuses (id, account_id, uri, local, visibility, content, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)",
               s.id, s.account_id, s.uri, s.local, to_string(s.visibility), s.content, s.created_at)
        .run();
}

std::vector<Status> list_public_statuses(Connection& conn, std::int64_t account_id,
                                         std::optional<std::int64_t> max_id,
                                         std::optional<std::int64_t> min_id, int limit) {
    // With min_id the page nearest to it is wanted: read upwards, then return newest first.
    bool ascending = min_id.has_value() && !max_id.has_value();
    const char* sql =
        ascending
            ? "SELECT id, account_id, uri, local, visibility, content, created_at FROM statuses "
              "WHERE account_id = ? AND visibility IN ('public', 'unlisted') AND id < ? AND id > ? "
              "ORDER BY id ASC LIMIT ?"
            : "SELECT id, account_id, uri, local, visibility, content, created_at FROM statuses "
              "WHERE account_id = ? AND visibility IN ('public', 'unlisted') AND id < ? AND id > ? "
              "ORDER BY id DESC LIMIT ?";
    auto st = conn.query(sql, account_id, max_id.value_or(std::numeric_limits<std::int64_t>::max()),
                         min_id.value_or(0), limit);
    std::vector<Status> out;
    while (st.step()) {
        Status s;
        s.id = st.int64(0);
        s.account_id = st.int64(1);
        s.uri = st.optional_text(2);
        s.local = st.boolean(3);
        s.visibility = parse_visibility(st.text(4)).value_or(Visibility::direct);
        s.content = st.text(5);
        s.created_at = st.int64(6);
        out.push_back(std::move(s));
    }
    if (ascending) std::reverse(out.begin(), out.end());
    return out;
}

std::int64_t count_public_statuses(Connection& conn, std::int64_t account_id) {
    auto st = conn.query("SELECT COUNT(*) FROM statuses WHERE account_id = ? AND visibility IN "
                         "('public', 'unlisted')",
                         account_id);
    st.step();
    return st.int64(0);
}

} // namespace agora::store

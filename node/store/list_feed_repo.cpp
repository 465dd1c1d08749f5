// Lists as feeds use them: one place for their SQL.
#include "store/list_feed_repo.hpp"

#include "store/database.hpp"
#include "store/feed_rules.hpp"

#include <string>

namespace agora::store {

std::optional<FeedList> find_owned_list(Connection& conn, std::int64_t owner,
                                        std::int64_t list_id) {
    auto st =
        conn.query("SELECT id, title FROM lists WHERE id = ? AND account_id = ?", list_id, owner);
    if (!st.step()) return std::nullopt;
    return FeedList{st.int64(0), st.text(1)};
}

bool in_exclusive_list(Connection& conn, std::int64_t owner, std::int64_t author) {
    return conn
        .query("SELECT 1 FROM list_accounts la JOIN lists l ON l.id = la.list_id WHERE "
               "la.account_id = ? AND l.account_id = ? AND l.exclusive = 1",
               author, owner)
        .step();
}

std::vector<std::int64_t> lists_reached_by(Connection& conn, std::int64_t status_id) {
    auto st = conn.query(
        std::string("SELECT l.id FROM statuses s JOIN list_accounts la ON la.account_id = "
                    "s.account_id JOIN lists l ON l.id = la.list_id JOIN feed f ON f.owner_id = "
                    "l.account_id AND f.status_id = s.id WHERE s.id = ? AND ") +
            feed_rules::list_shows_reply + " ORDER BY l.id",
        status_id);
    std::vector<std::int64_t> out;
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

} // namespace agora::store

// Hashtags as readers meet them: finding and searching tags, their recent use, the tags members
// follow and the home feeds those follows feed. One place for their SQL.
#include "store/tags_repo.hpp"

#include "store/database.hpp"
#include "store/search_repo.hpp"
#include "util/ids.hpp"

#include <algorithm>
#include <limits>

namespace agora::store {

namespace {
constexpr std::int64_t day_ms = 24LL * 60 * 60 * 1000;

Tag read_tag(const Statement& st, int first = 0) {
    return Tag{st.int64(first), st.text(first + 1), st.text(first + 2)};
}

} // namespace

std::optional<Tag> find_tag(Connection& conn, const std::string& name) {
    auto st = conn.query("SELECT id, name, display_name FROM tags WHERE name = ?", name);
    if (!st.step()) return std::nullopt;
    return read_tag(st);
}

std::vector<Tag> search_tags(Connection& conn, const std::string& prefix, bool exact_only,
                             int limit, int offset) {
    std::vector<Tag> out;
    if (prefix.empty() || limit <= 0) return out;
    auto st =
        exact_only
            ? conn.query("SELECT id, name, display_name FROM tags WHERE name = ? LIMIT ? OFFSET ?",
                         prefix, limit, offset)
            : conn.query("SELECT id, name, display_name FROM tags WHERE name LIKE ? ESCAPE '\\' "
                         "ORDER BY length(name), name LIMIT ? OFFSET ?",
                         like_escaped(prefix) + "%", limit, offset);
    while (st.step())
        out.push_back(read_tag(st));
    return out;
}

std::vector<TagUse> tag_history(Connection& conn, std::int64_t tag_id, std::int64_t now_ms,
                                int days) {
    std::int64_t today = now_ms - now_ms % day_ms;
    std::int64_t first_day = today - (days - 1) * day_ms;
    std::vector<TagUse> out;
    for (int i = 0; i < days; ++i)
        out.push_back(TagUse{today - i * day_ms, 0, 0});
    // Status ids carry their creation time, so the day is read from the id (and the primary key
    // (tag_id, status_id) bounds the rows read).
    auto st = conn.query("SELECT st.status_id / ? AS day, COUNT(*), COUNT(DISTINCT s.account_id) "
                         "FROM status_tags st JOIN statuses s ON s.id = st.status_id "
                         "WHERE st.tag_id = ? AND st.status_id >= ? AND s.visibility = 'public' "
                         "AND s.reblog_of_id IS NULL GROUP BY st.status_id / ?",
                         id_floor_for_time(day_ms), tag_id, id_floor_for_time(first_day),
                         id_floor_for_time(day_ms));
    while (st.step()) {
        std::int64_t index = (today - st.int64(0) * day_ms) / day_ms;
        if (index < 0 || index >= days) continue; // a clock set back: ids from "tomorrow"
        out[std::size_t(index)].uses = st.int64(1);
        out[std::size_t(index)].accounts = st.int64(2);
    }
    return out;
}

bool follows_tag(Connection& conn, std::int64_t account_id, std::int64_t tag_id) {
    return conn
        .query("SELECT 1 FROM tag_follows WHERE account_id = ? AND tag_id = ?", account_id, tag_id)
        .step();
}

void insert_tag_follow(Connection& conn, std::int64_t account_id, std::int64_t tag_id) {
    auto id = next_id();
    conn.query("INSERT INTO tag_follows (id, account_id, tag_id, created_at) VALUES (?, ?, ?, ?) "
               "ON CONFLICT DO NOTHING",
               id, account_id, tag_id, id_time_ms(id))
        .run();
}

bool delete_tag_follow(Connection& conn, std::int64_t account_id, std::int64_t tag_id) {
    conn.query("DELETE FROM tag_follows WHERE account_id = ? AND tag_id = ?", account_id, tag_id)
        .run();
    return conn.changes() > 0;
}

FollowedTagPage list_followed_tags(Connection& conn, std::int64_t account_id,
                                   const PageQuery& page) {
    std::int64_t upper = page.max_id.value_or(std::numeric_limits<std::int64_t>::max());
    std::int64_t lower = page.min_id.value_or(page.since_id.value_or(0));
    bool ascending = page.min_id.has_value();
    auto st = conn.query(std::string("SELECT t.id, t.name, t.display_name, f.id FROM tag_follows f "
                                     "JOIN tags t ON t.id = f.tag_id WHERE f.account_id = ? AND "
                                     "f.id < ? AND f.id > ? ORDER BY f.id ") +
                             (ascending ? "ASC" : "DESC") + " LIMIT ?",
                         account_id, upper, lower, page.limit);
    FollowedTagPage out;
    while (st.step()) {
        out.tags.push_back(read_tag(st));
        out.cursors.push_back(st.int64(3));
    }
    if (ascending) {
        std::reverse(out.tags.begin(), out.tags.end());
        std::reverse(out.cursors.begin(), out.cursors.end());
    }
    return out;
}

std::vector<HashtagFeedTarget> hashtag_feed_targets(Connection& conn, std::int64_t status_id,
                                                    std::int64_t author_id) {
    auto st = conn.query(
        "SELECT f.account_id, MIN(t.name) FROM status_tags st "
        "JOIN tag_follows f ON f.tag_id = st.tag_id JOIN tags t ON t.id = st.tag_id "
        "WHERE st.status_id = ? AND f.account_id <> ? "
        "AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.account_id = f.account_id AND "
        "b.target_account_id = ?) OR (b.account_id = ? AND b.target_account_id = f.account_id)) "
        "AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.account_id = f.account_id AND "
        "m.target_account_id = ?) "
        "GROUP BY f.account_id ORDER BY f.account_id",
        status_id, author_id, author_id, author_id, author_id);
    std::vector<HashtagFeedTarget> out;
    while (st.step())
        out.push_back({st.int64(0), st.text(1)});
    return out;
}

void remove_tag_from_feed(Connection& conn, std::int64_t owner, const std::string& tag) {
    conn.query("DELETE FROM feed WHERE owner_id = ? AND reason = 'hashtag' AND reason_tag = ?",
               owner, tag)
        .run();
}

} // namespace agora::store

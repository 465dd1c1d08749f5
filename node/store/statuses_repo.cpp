// Status rows and the home feed: reads and writes, one place for their SQL.
#include "store/statuses_repo.hpp"

#include "store/account_moderation_repo.hpp"
#include "store/database.hpp"
#include "store/feed_rules.hpp"
#include "store/list_feed_repo.hpp"
#include "store/stats_repo.hpp"
#include "util/ids.hpp"

#include <algorithm>
#include <limits>

namespace agora::store {

namespace {
constexpr const char* status_columns =
    "s.id, s.account_id, s.uri, s.local, s.visibility, s.content, s.created_at, s.text, "
    "s.spoiler_text, "
    "s.sensitive, s.language, s.url, s.in_reply_to_id, s.in_reply_to_account_id, s.reblog_of_id, "
    "s.application_id, s.edited_at";
constexpr int status_column_count = 17;

std::optional<std::int64_t> optional_int(const Statement& st, int column) {
    if (st.is_null(column)) return std::nullopt;
    return st.int64(column);
}

Status read_status(const Statement& st) {
    Status s;
    s.id = st.int64(0);
    s.account_id = st.int64(1);
    s.uri = st.optional_text(2);
    s.local = st.boolean(3);
    s.visibility = parse_visibility(st.text(4)).value_or(Visibility::direct);
    s.content = st.text(5);
    s.created_at = st.int64(6);
    s.text = st.text(7);
    s.spoiler_text = st.text(8);
    s.sensitive = st.boolean(9);
    s.language = st.optional_text(10);
    s.url = st.optional_text(11);
    s.in_reply_to_id = optional_int(st, 12);
    s.in_reply_to_account_id = optional_int(st, 13);
    s.reblog_of_id = optional_int(st, 14);
    s.application_id = optional_int(st, 15);
    s.edited_at = optional_int(st, 16);
    return s;
}

// The bounds and order of a page; `ascending` pages are reversed after reading.
struct Bounds {
    std::int64_t upper, lower;
    bool ascending;
};
Bounds bounds_of(const PageQuery& page) {
    Bounds b{page.max_id.value_or(std::numeric_limits<std::int64_t>::max()),
             page.min_id.value_or(page.since_id.value_or(0)), false};
    b.ascending = page.min_id.has_value();
    return b;
}

std::vector<Status> read_statuses(Statement st, bool ascending) {
    std::vector<Status> out;
    while (st.step())
        out.push_back(read_status(st));
    if (ascending) std::reverse(out.begin(), out.end());
    return out;
}

// Hides the statuses of accounts `viewer` blocks or mutes, or that block `viewer` (3 bindings).
constexpr const char* hidden_from_viewer =
    " AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.account_id = ? AND b.target_account_id = "
    "s.account_id) OR "
    "(b.account_id = s.account_id AND b.target_account_id = ?))"
    " AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.account_id = ? AND m.target_account_id = "
    "s.account_id)";

// Leaves out the statuses of silenced (limited) accounts, but for the viewer's own (1 binding:
// the viewer, 0 for none): public and hashtag timelines, as Mastodon's.
constexpr const char* author_not_silenced =
    " AND (s.account_id = ? OR NOT EXISTS (SELECT 1 FROM account_moderation am WHERE "
    "am.account_id = s.account_id AND am.silenced_at IS NOT NULL))";

// Keeps the statuses that carry media attachments.
constexpr const char* with_media =
    " AND EXISTS (SELECT 1 FROM media_attachments ma WHERE ma.status_id = s.id)";

std::string order(bool ascending);

// Whether `viewer` blocks or mutes anyone, or is blocked by anyone: most people never do, and
// their pages then skip three lookups per row.
bool hides_anyone(Connection& conn, std::int64_t viewer) {
    return conn.query("SELECT 1 FROM blocks WHERE account_id = ? OR target_account_id = ? LIMIT 1",
                      viewer, viewer)
               .step() ||
           conn.query("SELECT 1 FROM mutes WHERE account_id = ? LIMIT 1", viewer).step();
}

// Hides from `viewer` what they block or mute, orders and limits the page, runs it.
std::vector<Status> run_status_page(Connection& conn, std::string sql, std::vector<SqlValue> values,
                                    std::optional<std::int64_t> viewer, int limit, bool ascending) {
    sql += author_not_suspended;
    if (viewer && hides_anyone(conn, *viewer)) {
        sql += hidden_from_viewer;
        values.insert(values.end(), {*viewer, *viewer, *viewer});
    }
    values.emplace_back(std::int64_t(limit));
    auto st = conn.query(sql + order(ascending));
    st.bind_all(values);
    return read_statuses(std::move(st), ascending);
}

std::string order(bool ascending) {
    return ascending ? " ORDER BY s.id ASC LIMIT ?" : " ORDER BY s.id DESC LIMIT ?";
}
} // namespace

void insert_status(Connection& conn, const Status& s) {
    conn.query(
            "INSERT INTO statuses (id, account_id, uri, local, visibility, content, created_at, "
            "text, "
            "spoiler_text, sensitive, language, url, in_reply_to_id, in_reply_to_account_id, "
            "reblog_of_id, "
            "application_id, edited_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            s.id, s.account_id, s.uri, s.local, to_string(s.visibility), s.content, s.created_at,
            s.text, s.spoiler_text, s.sensitive, s.language, s.url, s.in_reply_to_id,
            s.in_reply_to_account_id, s.reblog_of_id, s.application_id, s.edited_at)
        .run();
    count_status(conn, s, +1);
}

std::optional<Status> find_status(Connection& conn, std::int64_t id) {
    auto st =
        conn.query(std::string("SELECT ") + status_columns + " FROM statuses s WHERE s.id = ?", id);
    if (!st.step()) return std::nullopt;
    return read_status(st);
}

std::vector<Status> find_statuses(Connection& conn, const std::vector<std::int64_t>& ids) {
    if (ids.empty()) return {};
    return read_statuses(query_in(conn,
                                  std::string("SELECT ") + status_columns +
                                      " FROM {id_rows} JOIN statuses s ON s.id = ids.listed_id",
                                  ids),
                         false);
}

void delete_status(Connection& conn, std::int64_t id) {
    // Boosts go with their original; each leaves its author's counters.
    auto gone =
        read_statuses(conn.query(std::string("SELECT ") + status_columns +
                                     " FROM statuses s WHERE s.reblog_of_id = ? OR s.id = ?",
                                 id, id),
                      false);
    for (const auto& s : gone)
        count_status(conn, s, -1);
    conn.query("DELETE FROM statuses WHERE reblog_of_id = ?", id).run();
    conn.query("DELETE FROM statuses WHERE id = ?", id).run();
}

void insert_mention(Connection& conn, std::int64_t status_id, std::int64_t account_id) {
    conn.query("INSERT INTO mentions (status_id, account_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
               status_id, account_id)
        .run();
}

std::vector<std::int64_t> mentioned_account_ids(Connection& conn, std::int64_t status_id) {
    auto found = mentioned_account_ids(conn, std::vector<std::int64_t>{status_id});
    return found.empty() ? std::vector<std::int64_t>{} : std::move(found.begin()->second);
}

std::unordered_map<std::int64_t, std::vector<std::int64_t>>
mentioned_account_ids(Connection& conn, const std::vector<std::int64_t>& status_ids) {
    std::unordered_map<std::int64_t, std::vector<std::int64_t>> out;
    if (status_ids.empty()) return out;
    auto st = query_in(conn,
                       "SELECT status_id, account_id FROM {id_rows} JOIN mentions ON status_id = "
                       "ids.listed_id "
                       "ORDER BY status_id, account_id",
                       status_ids);
    while (st.step())
        out[st.int64(0)].push_back(st.int64(1));
    return out;
}

std::int64_t upsert_tag(Connection& conn, const std::string& name,
                        const std::string& display_name) {
    {
        auto st = conn.query("SELECT id FROM tags WHERE name = ?", name);
        if (st.step()) return st.int64(0);
    }
    std::int64_t id = next_id();
    conn.query("INSERT INTO tags (id, name, display_name, created_at) VALUES (?, ?, ?, ?)", id,
               name, display_name, id_time_ms(id))
        .run();
    return id;
}

void insert_status_tag(Connection& conn, std::int64_t status_id, std::int64_t tag_id) {
    conn.query("INSERT INTO status_tags (status_id, tag_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
               status_id, tag_id)
        .run();
}

std::vector<std::string> status_tag_names(Connection& conn, std::int64_t status_id) {
    auto found = status_tag_names(conn, std::vector<std::int64_t>{status_id});
    return found.empty() ? std::vector<std::string>{} : std::move(found.begin()->second);
}

std::unordered_map<std::int64_t, std::vector<std::string>>
status_tag_names(Connection& conn, const std::vector<std::int64_t>& status_ids) {
    std::unordered_map<std::int64_t, std::vector<std::string>> out;
    if (status_ids.empty()) return out;
    auto st = query_in(conn,
                       "SELECT st.status_id, t.name FROM status_tags st JOIN tags t ON t.id = "
                       "st.tag_id JOIN {id_rows} ON st.status_id = ids.listed_id "
                       "ORDER BY st.status_id, t.name",
                       status_ids);
    while (st.step())
        out[st.int64(0)].push_back(st.text(1));
    return out;
}

std::vector<Status> list_public_statuses(Connection& conn, std::int64_t account_id,
                                         std::optional<std::int64_t> max_id,
                                         std::optional<std::int64_t> min_id, int limit) {
    PageQuery page{max_id, std::nullopt, min_id, limit};
    auto b = bounds_of(page);
    b.ascending = min_id.has_value() && !max_id.has_value();
    return read_statuses(
        conn.query(std::string("SELECT ") + status_columns +
                       " FROM statuses s WHERE s.account_id = ? AND s.visibility IN "
                       "('public', 'unlisted') AND s.id < ? AND s.id > ?" +
                       order(b.ascending),
                   account_id, b.upper, b.lower, limit),
        b.ascending);
}

std::int64_t count_public_statuses(Connection& conn, std::int64_t account_id) {
    auto st = conn.query(
        "SELECT COUNT(*) FROM statuses WHERE account_id = ? AND visibility IN ('public', "
        "'unlisted')",
        account_id);
    st.step();
    return st.int64(0);
}

std::vector<Status> list_account_statuses(Connection& conn, std::int64_t account_id,
                                          std::optional<std::int64_t> viewer, const PageQuery& page,
                                          const AccountStatusFilter& filter) {
    auto b = bounds_of(page);
    std::string sql =
        std::string("SELECT ") + status_columns +
        " FROM statuses s WHERE s.account_id = ?1 AND s.id < ?2 AND s.id > ?3 AND ("
        "s.visibility IN ('public', 'unlisted') OR s.account_id = ?4 "
        "OR (s.visibility = 'private' AND EXISTS (SELECT 1 FROM follows f WHERE f.account_id = ?4 "
        "AND f.target_account_id = s.account_id)) "
        "OR EXISTS (SELECT 1 FROM mentions m WHERE m.status_id = s.id AND m.account_id = ?4))";
    if (filter.exclude_replies)
        sql += " AND (s.in_reply_to_id IS NULL OR s.in_reply_to_account_id = s.account_id)";
    if (filter.exclude_reblogs) sql += " AND s.reblog_of_id IS NULL";
    if (filter.only_media) sql += with_media;
    if (filter.tagged)
        sql += " AND EXISTS (SELECT 1 FROM status_tags st JOIN tags t ON t.id = st.tag_id WHERE "
               "st.status_id = s.id "
               "AND t.name = ?6)";
    sql += b.ascending ? " ORDER BY s.id ASC LIMIT ?5" : " ORDER BY s.id DESC LIMIT ?5";
    auto st = conn.query(sql);
    st.bind(1, account_id)
        .bind(2, b.upper)
        .bind(3, b.lower)
        .bind(4, viewer.value_or(-1))
        .bind(5, page.limit);
    if (filter.tagged) st.bind(6, *filter.tagged);
    return read_statuses(std::move(st), b.ascending);
}

std::vector<Status> list_public_timeline(Connection& conn, const PageQuery& page, bool local_only,
                                         bool remote_only, std::optional<std::int64_t> viewer,
                                         bool only_media) {
    auto b = bounds_of(page);
    std::vector<SqlValue> values{b.upper, b.lower};
    std::string sql = std::string("SELECT ") + status_columns +
                      " FROM statuses s WHERE s.visibility = 'public' AND s.reblog_of_id IS NULL "
                      "AND s.id < ? AND "
                      "s.id > ?";
    if (local_only) sql += " AND s.local = 1";
    if (remote_only) sql += " AND s.local = 0";
    if (only_media) sql += with_media;
    sql += author_not_silenced;
    values.emplace_back(viewer.value_or(0));
    return run_status_page(conn, std::move(sql), std::move(values), viewer, page.limit,
                           b.ascending);
}

std::vector<Status> list_tag_timeline(Connection& conn, const std::string& tag,
                                      const PageQuery& page, bool local_only,
                                      std::optional<std::int64_t> viewer, bool only_media) {
    auto b = bounds_of(page);
    std::vector<SqlValue> values{tag, b.upper, b.lower};
    std::string sql = std::string("SELECT ") + status_columns +
                      " FROM statuses s JOIN status_tags st ON st.status_id = s.id JOIN tags t ON "
                      "t.id = st.tag_id "
                      "WHERE t.name = ? AND s.visibility = 'public' AND s.id < ? AND s.id > ?";
    if (local_only) sql += " AND s.local = 1";
    if (only_media) sql += with_media;
    sql += author_not_silenced;
    values.emplace_back(viewer.value_or(0));
    return run_status_page(conn, std::move(sql), std::move(values), viewer, page.limit,
                           b.ascending);
}

std::vector<FeedEntry> list_home_feed(Connection& conn, std::int64_t owner, const PageQuery& page) {
    auto b = bounds_of(page);
    bool hiding = hides_anyone(conn, owner);
    std::string sql =
        std::string("SELECT ") + status_columns +
        ", f.reason, f.reason_account_id, f.reason_tag FROM feed f JOIN statuses s ON s.id = "
        "f.status_id WHERE f.owner_id = ? AND f.status_id < ? AND f.status_id > ? AND f.reason "
        "<> 'list'" +
        (hiding ? hidden_from_viewer : "") + author_not_suspended +
        (b.ascending ? " ORDER BY f.status_id ASC LIMIT ?" : " ORDER BY f.status_id DESC LIMIT ?");
    auto st = hiding ? conn.query(sql, owner, b.upper, b.lower, owner, owner, owner, page.limit)
                     : conn.query(sql, owner, b.upper, b.lower, page.limit);
    std::vector<FeedEntry> out;
    while (st.step()) {
        FeedEntry e;
        e.status = read_status(st);
        e.reason = parse_feed_reason(st.text(status_column_count)).value_or(FeedReason::followed);
        e.reason_account_id = optional_int(st, status_column_count + 1);
        e.reason_tag = st.optional_text(status_column_count + 2);
        out.push_back(std::move(e));
    }
    if (b.ascending) std::reverse(out.begin(), out.end());
    return out;
}

std::vector<FeedEntry> list_feed_of_list(Connection& conn, std::int64_t owner, const FeedList& list,
                                         const PageQuery& page) {
    auto b = bounds_of(page);
    std::string sql = std::string("SELECT ") + status_columns +
                      " FROM feed f JOIN statuses s ON s.id = f.status_id JOIN lists l ON l.id = ? "
                      "WHERE f.owner_id = ? AND f.status_id < ? AND f.status_id > ? AND "
                      "s.account_id IN (SELECT account_id FROM list_accounts WHERE list_id = l.id) "
                      "AND " +
                      feed_rules::list_shows_reply + hidden_from_viewer + author_not_suspended +
                      order(b.ascending);
    auto st = conn.query(sql, list.id, owner, b.upper, b.lower, owner, owner, owner, page.limit);
    std::vector<FeedEntry> out;
    while (st.step()) {
        FeedEntry e;
        e.status = read_status(st);
        e.reason = FeedReason::list;
        e.reason_account_id = e.status.account_id; // the member who wrote or boosted it
        e.reason_list = list;
        out.push_back(std::move(e));
    }
    if (b.ascending) std::reverse(out.begin(), out.end());
    return out;
}

void insert_feed_entry(Connection& conn, std::int64_t owner, std::int64_t status_id,
                       FeedReason reason, std::optional<std::int64_t> reason_account_id,
                       const std::optional<std::string>& reason_tag) {
    // As Mastodon's home feed skips the members of exclusive lists, mentions by them included.
    if (reason == FeedReason::mention && reason_account_id &&
        in_exclusive_list(conn, owner, *reason_account_id))
        reason = FeedReason::list;
    conn.query("INSERT INTO feed (owner_id, status_id, reason, reason_account_id, reason_tag) "
               "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
               owner, status_id, to_string(reason), reason_account_id, reason_tag)
        .run();
}

std::int64_t count_replies(Connection& conn, std::int64_t status_id) {
    auto st = conn.query("SELECT COUNT(*) FROM statuses WHERE in_reply_to_id = ?", status_id);
    st.step();
    return st.int64(0);
}

std::vector<Status> list_public_replies(Connection& conn, std::int64_t status_id, int limit) {
    return read_statuses(conn.query(std::string("SELECT ") + status_columns +
                                        " FROM statuses s WHERE s.in_reply_to_id = ? AND "
                                        "s.visibility IN ('public', 'unlisted') ORDER BY s.id "
                                        "ASC LIMIT ?",
                                    status_id, limit),
                         false);
}

bool follows(Connection& conn, std::int64_t viewer, std::int64_t account) {
    return conn
        .query("SELECT 1 FROM follows WHERE account_id = ? AND target_account_id = ?", viewer,
               account)
        .step();
}

std::optional<std::int64_t> find_idempotent_status(Connection& conn, std::int64_t account_id,
                                                   const std::string& key) {
    auto st = conn.query("SELECT status_id FROM idempotency_keys WHERE account_id = ? AND key = ?",
                         account_id, key);
    if (!st.step()) return std::nullopt;
    return st.int64(0);
}

void remember_idempotency_key(Connection& conn, std::int64_t account_id, const std::string& key,
                              std::int64_t status_id, std::int64_t now) {
    conn.query("INSERT INTO idempotency_keys (account_id, key, status_id, created_at) VALUES (?, "
               "?, ?, ?) "
               "ON CONFLICT (account_id, key) DO UPDATE SET status_id = excluded.status_id",
               account_id, key, status_id, now)
        .run();
}

} // namespace agora::store

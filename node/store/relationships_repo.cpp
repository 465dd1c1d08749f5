// Follows, follow requests, blocks and mutes between accounts: one place for their SQL.
#include "store/relationships_repo.hpp"

#include "store/database.hpp"
#include "store/feed_rules.hpp"
#include "store/follow_options_repo.hpp"
#include "store/id_pages.hpp"
#include "store/stats_repo.hpp"
#include "util/ids.hpp"

namespace agora::store {

namespace {
void insert_pair(Connection& conn, const std::string& table, std::int64_t a, std::int64_t t) {
    auto id = next_id();
    conn.query("INSERT INTO " + table +
                   " (id, account_id, target_account_id, created_at) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT DO NOTHING",
               id, a, t, id_time_ms(id))
        .run();
}

bool delete_pair(Connection& conn, const std::string& table, std::int64_t a, std::int64_t t) {
    conn.query("DELETE FROM " + table + " WHERE account_id = ? AND target_account_id = ?", a, t)
        .run();
    return conn.changes() > 0;
}

std::optional<FollowRecord> find_record(Connection& conn, const std::string& table, std::int64_t a,
                                        std::int64_t t) {
    auto st = conn.query(
        "SELECT id, uri FROM " + table + " WHERE account_id = ? AND target_account_id = ?", a, t);
    if (!st.step()) return std::nullopt;
    return FollowRecord{st.int64(0), st.optional_text(1)};
}

bool exists_pair(Connection& conn, const std::string& table, std::int64_t a, std::int64_t t) {
    return conn
        .query("SELECT 1 FROM " + table + " WHERE account_id = ? AND target_account_id = ?", a, t)
        .step();
}
} // namespace

bool delete_follow(Connection& conn, std::int64_t a, std::int64_t t) {
    if (!delete_pair(conn, "follows", a, t)) return false;
    count_follow(conn, a, t, -1);
    // Only followed accounts can be endorsed (as in Mastodon, the endorsement ends with the
    // follow).
    delete_pair(conn, "account_pins", a, t);
    return true;
}
void insert_follow_request(Connection& conn, std::int64_t a, std::int64_t t) {
    insert_pair(conn, "follow_requests", a, t);
}
void insert_follow_request(Connection& conn, std::int64_t id, std::int64_t a, std::int64_t t,
                           const std::optional<std::string>& uri) {
    conn.query("INSERT INTO follow_requests (id, account_id, target_account_id, uri, created_at) "
               "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
               id, a, t, uri, id_time_ms(id))
        .run();
}
bool delete_follow_request(Connection& conn, std::int64_t a, std::int64_t t) {
    return delete_pair(conn, "follow_requests", a, t);
}
void insert_block(Connection& conn, std::int64_t a, std::int64_t t) {
    insert_pair(conn, "blocks", a, t);
}
bool delete_block(Connection& conn, std::int64_t a, std::int64_t t) {
    return delete_pair(conn, "blocks", a, t);
}

void insert_mute(Connection& conn, std::int64_t a, std::int64_t t, bool hide_notifications) {
    auto id = next_id();
    conn.query(
            "INSERT INTO mutes (id, account_id, target_account_id, hide_notifications, created_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, target_account_id) DO UPDATE SET "
            "hide_notifications = excluded.hide_notifications",
            id, a, t, hide_notifications, id_time_ms(id))
        .run();
}

bool delete_mute(Connection& conn, std::int64_t a, std::int64_t t) {
    return delete_pair(conn, "mutes", a, t);
}

std::optional<FollowRecord> find_follow(Connection& conn, std::int64_t a, std::int64_t t) {
    return find_record(conn, "follows", a, t);
}

std::optional<FollowRecord> find_follow_request(Connection& conn, std::int64_t a, std::int64_t t) {
    return find_record(conn, "follow_requests", a, t);
}

std::optional<std::int64_t> find_block_id(Connection& conn, std::int64_t a, std::int64_t t) {
    auto st =
        conn.query("SELECT id FROM blocks WHERE account_id = ? AND target_account_id = ?", a, t);
    if (!st.step()) return std::nullopt;
    return st.int64(0);
}

bool is_blocking(Connection& conn, std::int64_t a, std::int64_t t) {
    return exists_pair(conn, "blocks", a, t);
}

bool blocked_either_way(Connection& conn, std::int64_t a, std::int64_t b) {
    return conn
        .query("SELECT 1 FROM blocks WHERE (account_id = ? AND target_account_id = ?) OR "
               "(account_id = ? AND target_account_id = ?)",
               a, b, b, a)
        .step();
}

bool is_muting_notifications(Connection& conn, std::int64_t a, std::int64_t t) {
    return conn
        .query("SELECT 1 FROM mutes WHERE account_id = ? AND target_account_id = ? AND "
               "hide_notifications = 1",
               a, t)
        .step();
}

Relationship relationship(Connection& conn, std::int64_t viewer, std::int64_t target) {
    Relationship r;
    r.target_id = target;
    r.following = exists_pair(conn, "follows", viewer, target);
    r.followed_by = exists_pair(conn, "follows", target, viewer);
    r.requested = exists_pair(conn, "follow_requests", viewer, target);
    r.requested_by = exists_pair(conn, "follow_requests", target, viewer);
    r.blocking = exists_pair(conn, "blocks", viewer, target);
    r.blocked_by = exists_pair(conn, "blocks", target, viewer);
    r.muting = exists_pair(conn, "mutes", viewer, target);
    r.muting_notifications = r.muting && is_muting_notifications(conn, viewer, target);
    r.endorsed = exists_pair(conn, "account_pins", viewer, target);
    auto options = find_follow_options(conn, FollowRow::follow, viewer, target);
    if (!options) options = find_follow_options(conn, FollowRow::request, viewer, target);
    if (options) {
        r.showing_reblogs = options->show_reblogs;
        r.notifying = options->notify;
        r.languages = options->languages;
    }
    return r;
}

namespace {
// Each list of accounts: the table, the account it shows, the account whose list it is.
constexpr IdListing followers{"follows", "account_id", "target_account_id"};
constexpr IdListing followed{"follows", "target_account_id", "account_id"};
constexpr IdListing requesters{"follow_requests", "account_id", "target_account_id"};
constexpr IdListing blocked{"blocks", "target_account_id", "account_id"};
constexpr IdListing muted{"mutes", "target_account_id", "account_id"};
} // namespace

AccountPage list_follower_ids(Connection& conn, std::int64_t id, const PageQuery& page) {
    return read_id_page_as<AccountPage>(conn, followers, id, page);
}
AccountPage list_following_ids(Connection& conn, std::int64_t id, const PageQuery& page) {
    return read_id_page_as<AccountPage>(conn, followed, id, page);
}
AccountPage list_follow_request_ids(Connection& conn, std::int64_t id, const PageQuery& page) {
    return read_id_page_as<AccountPage>(conn, requesters, id, page);
}
AccountPage list_blocked_ids(Connection& conn, std::int64_t id, const PageQuery& page) {
    return read_id_page_as<AccountPage>(conn, blocked, id, page);
}
AccountPage list_muted_ids(Connection& conn, std::int64_t id, const PageQuery& page) {
    return read_id_page_as<AccountPage>(conn, muted, id, page);
}

std::vector<std::int64_t> list_familiar_follower_ids(Connection& conn, std::int64_t viewer,
                                                     std::int64_t target, int limit) {
    auto st = conn.query(
        "SELECT f.account_id FROM follows f JOIN follows mine ON mine.target_account_id = "
        "f.account_id AND mine.account_id = ? LEFT JOIN account_profiles p ON p.account_id = "
        "f.account_id WHERE f.target_account_id = ? AND COALESCE(p.hide_collections, 0) = 0 "
        "ORDER BY f.id DESC LIMIT ?",
        viewer, target, limit);
    std::vector<std::int64_t> out;
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

void remove_followed_from_feed(Connection& conn, std::int64_t owner, std::int64_t author) {
    conn.query("DELETE FROM feed WHERE owner_id = ? AND reason IN ('followed', 'boosted_by', "
               "'list') AND reason_account_id = ?",
               owner, author)
        .run();
}

void merge_into_feed(Connection& conn, std::int64_t owner, std::int64_t author, int limit) {
    // As fan-out does: the follow's options choose, exclusive lists make `list` rows.
    conn.query(std::string("INSERT INTO feed (owner_id, status_id, reason, reason_account_id) "
                           "SELECT f.account_id, s.id, CASE WHEN f.account_id IN ") +
                   feed_rules::exclusive_list_owners +
                   " THEN 'list' ELSE 'followed' END, s.account_id FROM statuses s JOIN follows f "
                   "ON f.target_account_id = s.account_id AND f.account_id = ? WHERE "
                   "s.account_id = ? AND s.visibility IN ('public', 'unlisted', 'private') AND "
                   "(s.reblog_of_id IS NULL OR f.show_reblogs = 1) AND (s.language IS NULL OR "
                   "s.language = '' OR f.languages IS NULL OR f.languages = '' OR (',' || "
                   "f.languages || ',') LIKE ('%,' || s.language || ',%')) ORDER BY s.id DESC "
                   "LIMIT ? ON CONFLICT DO NOTHING",
               author, owner, author, limit)
        .run();
}

} // namespace agora::store

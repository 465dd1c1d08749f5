// The SQL of a local account's deletion.
#include "store/account_deletion_repo.hpp"

#include "store/database.hpp"
#include "store/relationships_repo.hpp"
#include "store/stats_repo.hpp"

#include <array>
#include <utility>

namespace agora::store {

std::vector<std::string> account_file_paths(Connection& conn, std::int64_t account_id) {
    std::vector<std::string> out;
    auto add = [&](Statement st) {
        while (st.step())
            for (int column : {0, 1})
                if (!st.is_null(column) && !st.text(column).empty()) out.push_back(st.text(column));
    };
    add(conn.query("SELECT file_path, preview_path FROM media_attachments WHERE account_id = ?",
                   account_id));
    add(conn.query("SELECT avatar_path, avatar_static_path FROM account_profiles "
                   "WHERE account_id = ?",
                   account_id));
    add(conn.query("SELECT header_path, header_static_path FROM account_profiles "
                   "WHERE account_id = ?",
                   account_id));
    return out;
}

void purge_account_rows(Connection& conn, std::int64_t account_id) {
    // Follows both ways through the relationship code: counters, endorsements, home feeds.
    std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
    {
        auto st =
            conn.query("SELECT account_id, target_account_id FROM follows WHERE account_id = ? OR "
                       "target_account_id = ?",
                       account_id, account_id);
        while (st.step())
            pairs.emplace_back(st.int64(0), st.int64(1));
    }
    for (auto [follower, followed] : pairs) {
        delete_follow(conn, follower, followed);
        remove_followed_from_feed(conn, follower, followed);
    }
    // Its favourites leave the statuses' counts.
    {
        std::vector<std::int64_t> favourited;
        auto st = conn.query("SELECT status_id FROM favourites WHERE account_id = ?", account_id);
        while (st.step())
            favourited.push_back(st.int64(0));
        for (auto status_id : favourited)
            count_favourite(conn, status_id, -1);
    }
    static constexpr std::array both_sides = {
        "DELETE FROM follow_requests WHERE account_id = ? OR target_account_id = ?",
        "DELETE FROM blocks WHERE account_id = ? OR target_account_id = ?",
        "DELETE FROM mutes WHERE account_id = ? OR target_account_id = ?",
        "DELETE FROM account_pins WHERE account_id = ? OR target_account_id = ?",
        "DELETE FROM notifications WHERE account_id = ? OR from_account_id = ?",
    };
    for (const char* sql : both_sides)
        conn.query(sql, account_id, account_id).run();
    static constexpr std::array owned = {
        "DELETE FROM favourites WHERE account_id = ?",
        "DELETE FROM bookmarks WHERE account_id = ?",
        "DELETE FROM media_attachments WHERE account_id = ?",
        "DELETE FROM mentions WHERE account_id = ?",
        "DELETE FROM list_accounts WHERE account_id = ?",
        "DELETE FROM lists WHERE account_id = ?",
        "DELETE FROM markers WHERE account_id = ?",
        "DELETE FROM filters WHERE account_id = ?",
        "DELETE FROM conversations WHERE account_id = ?",
        "DELETE FROM tag_follows WHERE account_id = ?",
        "DELETE FROM status_pins WHERE account_id = ?",
        "DELETE FROM poll_votes WHERE account_id = ?",
        "DELETE FROM feed WHERE owner_id = ?",
        "DELETE FROM idempotency_keys WHERE account_id = ?",
        "DELETE FROM oauth_tokens WHERE account_id = ?",
        "DELETE FROM oauth_codes WHERE account_id = ?",
        "DELETE FROM posting_defaults WHERE account_id = ?",
        "DELETE FROM account_profiles WHERE account_id = ?",
        "DELETE FROM terms_acceptances WHERE account_id = ?",
        "DELETE FROM users WHERE account_id = ?",
    };
    for (const char* sql : owned)
        conn.query(sql, account_id).run();
    conn.query("UPDATE account_stats SET statuses_count = 0, followers_count = 0, "
               "following_count = 0, last_status_at = NULL WHERE account_id = ?",
               account_id)
        .run();
}

void mark_local_account_gone(Connection& conn, std::int64_t account_id, std::int64_t now) {
    conn.query("UPDATE accounts SET gone_at = ?, updated_at = ?, display_name = '', note = '', "
               "locked = 0, discoverable = 0 WHERE id = ? AND domain IS NULL",
               now, now, account_id)
        .run();
}

bool local_username_gone(Connection& conn, std::string_view username) {
    return conn
        .query("SELECT 1 FROM accounts WHERE lower(username) = lower(?) AND domain IS NULL AND "
               "gone_at IS NOT NULL",
               username)
        .step();
}

std::vector<std::string> all_known_inboxes(Connection& conn) {
    std::vector<std::string> out;
    auto st = conn.query(
        "SELECT DISTINCT COALESCE(shared_inbox_url, inbox_url) AS inbox FROM accounts WHERE "
        "domain IS NOT NULL AND gone_at IS NULL AND COALESCE(shared_inbox_url, inbox_url) IS NOT "
        "NULL ORDER BY inbox");
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

std::vector<std::int64_t> recently_mentioned_remote_ids(Connection& conn, std::int64_t account_id,
                                                        std::int64_t since) {
    std::vector<std::int64_t> out;
    auto st = conn.query("SELECT DISTINCT m.account_id FROM mentions m JOIN statuses s ON s.id = "
                         "m.status_id JOIN accounts a ON a.id = m.account_id WHERE s.account_id = "
                         "? AND s.created_at >= ? AND a.domain IS NOT NULL ORDER BY m.account_id",
                         account_id, since);
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

std::int64_t other_admins(Connection& conn, std::int64_t account_id) {
    auto st = conn.query("SELECT COUNT(*) FROM users WHERE role = 'admin' AND account_id <> ?",
                         account_id);
    st.step();
    return st.int64(0);
}

std::vector<FollowOfLocal> follows_of_local_accounts(Connection& conn, std::int64_t follower_id) {
    std::vector<FollowOfLocal> out;
    auto st = conn.query("SELECT f.target_account_id, COALESCE(f.uri, '') FROM follows f JOIN "
                         "accounts a ON a.id = f.target_account_id WHERE f.account_id = ? AND "
                         "a.domain IS NULL ORDER BY f.id",
                         follower_id);
    while (st.step())
        out.push_back({st.int64(0), st.text(1)});
    return out;
}

} // namespace agora::store

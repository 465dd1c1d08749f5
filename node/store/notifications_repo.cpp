// Notification rows: one per (recipient, type, actor, status), read newest first.
#include "store/notifications_repo.hpp"

#include "store/account_moderation_repo.hpp"
#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/relationships_repo.hpp"
#include "util/ids.hpp"

#include <algorithm>
#include <limits>

namespace agora::store {

namespace {
constexpr const char* columns = "id, account_id, type, from_account_id, status_id, created_at";

Notification read(const Statement& st) {
    Notification n;
    n.id = st.int64(0);
    n.account_id = st.int64(1);
    n.type = st.text(2);
    n.from_account_id = st.int64(3);
    if (!st.is_null(4)) n.status_id = st.int64(4);
    n.created_at = st.int64(5);
    return n;
}

std::string placeholders(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i)
        out += i ? ", ?" : "?";
    return out;
}
} // namespace

void insert_notification(Connection& conn, std::int64_t recipient, const std::string& type,
                         std::int64_t from_account_id, std::optional<std::int64_t> status_id) {
    // Nobody is told of their own doings, except that their poll ended (as Mastodon does).
    if (recipient == from_account_id && type != "poll") return;
    if (is_blocking(conn, recipient, from_account_id) ||
        is_muting_notifications(conn, recipient, from_account_id))
        return;
    // A suspended account tells nobody anything; a silenced one only those who follow it.
    auto moderation = find_account_moderation(conn, from_account_id);
    if (moderation.suspended()) return;
    if (moderation.silenced() &&
        !conn.query("SELECT 1 FROM follows WHERE account_id = ? AND target_account_id = ?",
                    recipient, from_account_id)
             .step())
        return;
    auto id = next_id();
    conn.query("INSERT INTO notifications (id, account_id, type, from_account_id, status_id, "
               "created_at) "
               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
               id, recipient, type, from_account_id, status_id, id_time_ms(id))
        .run();
    if (conn.changes() > 0)
        insert_event(conn, "notification.created",
                     "{\"notification_id\":" + std::to_string(id) +
                         ",\"account_id\":" + std::to_string(recipient) + "}");
}

std::vector<Notification> list_notifications(Connection& conn, std::int64_t recipient,
                                             const PageQuery& page,
                                             const NotificationFilter& filter) {
    bool ascending = page.min_id.has_value();
    std::vector<SqlValue> values{recipient,
                                 page.max_id.value_or(std::numeric_limits<std::int64_t>::max()),
                                 page.min_id.value_or(page.since_id.value_or(0))};
    std::string sql =
        std::string("SELECT ") + columns +
        " FROM notifications n WHERE account_id = ? AND id < ? AND id > ?"
        // Someone blocked or muted since is not heard from again.
        " AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.account_id = n.account_id AND "
        "b.target_account_id = n.from_account_id)"
        " AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.account_id = n.account_id AND "
        "m.target_account_id = n.from_account_id AND m.hide_notifications = 1)";
    if (const auto& types = filter.types; !types.empty()) {
        sql += " AND type IN (" + placeholders(types.size()) + ")";
        values.insert(values.end(), types.begin(), types.end());
    }
    if (const auto& excluded = filter.exclude_types; !excluded.empty()) {
        sql += " AND type NOT IN (" + placeholders(excluded.size()) + ")";
        values.insert(values.end(), excluded.begin(), excluded.end());
    }
    if (filter.from_account_id) {
        sql += " AND from_account_id = ?";
        values.emplace_back(*filter.from_account_id);
    }
    sql += ascending ? " ORDER BY id ASC LIMIT ?" : " ORDER BY id DESC LIMIT ?";
    values.emplace_back(std::int64_t(page.limit));
    auto st = conn.query(sql);
    st.bind_all(values);
    std::vector<Notification> out;
    while (st.step())
        out.push_back(read(st));
    if (ascending) std::reverse(out.begin(), out.end());
    return out;
}

std::optional<Notification> find_notification(Connection& conn, std::int64_t recipient,
                                              std::int64_t id) {
    auto st = conn.query(std::string("SELECT ") + columns +
                             " FROM notifications WHERE account_id = ? AND id = ?",
                         recipient, id);
    if (!st.step()) return std::nullopt;
    return read(st);
}

bool dismiss_notification(Connection& conn, std::int64_t recipient, std::int64_t id) {
    conn.query("DELETE FROM notifications WHERE account_id = ? AND id = ?", recipient, id).run();
    return conn.changes() > 0;
}

void clear_notifications(Connection& conn, std::int64_t recipient) {
    conn.query("DELETE FROM notifications WHERE account_id = ?", recipient).run();
}

void delete_notifications_from(Connection& conn, std::int64_t recipient,
                               std::int64_t from_account_id, const std::string& type) {
    conn.query(
            "DELETE FROM notifications WHERE account_id = ? AND from_account_id = ? AND type = ?",
            recipient, from_account_id, type)
        .run();
}

} // namespace agora::store

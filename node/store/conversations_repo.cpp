// Conversation rows (conversations, conversation_statuses): one place for their SQL.
#include "store/conversations_repo.hpp"

#include "store/database.hpp"
#include "util/ids.hpp"

#include <algorithm>
#include <limits>

namespace agora::store {

namespace {
constexpr const char* columns = "id, account_id, participants, last_status_id, unread, updated_at";

// The participants column: sorted ids, comma-separated ("" for a conversation with oneself).
std::string participants_key(const std::vector<std::int64_t>& ids) {
    std::string out;
    for (auto id : ids) {
        if (!out.empty()) out += ',';
        out += std::to_string(id);
    }
    return out;
}

std::vector<std::int64_t> parse_participants(const std::string& text) {
    std::vector<std::int64_t> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        try {
            out.push_back(std::stoll(text.substr(start, comma - start)));
        } catch (const std::exception&) {
        }
        start = comma + 1;
    }
    return out;
}

Conversation read(const Statement& st) {
    Conversation c;
    c.id = st.int64(0);
    c.account_id = st.int64(1);
    c.participant_ids = parse_participants(st.text(2));
    if (!st.is_null(3)) c.last_status_id = st.int64(3);
    c.unread = st.boolean(4);
    c.updated_at = st.int64(5);
    return c;
}
} // namespace

std::int64_t add_status_to_conversation(Connection& conn, std::int64_t account_id,
                                        std::vector<std::int64_t> participant_ids,
                                        std::int64_t status_id, bool unread, std::int64_t now_ms) {
    std::sort(participant_ids.begin(), participant_ids.end());
    participant_ids.erase(std::unique(participant_ids.begin(), participant_ids.end()),
                          participant_ids.end());
    auto key = participants_key(participant_ids);
    conn.query("INSERT INTO conversations (id, account_id, participants, last_status_id, unread, "
               "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, participants) DO "
               "UPDATE SET last_status_id = CASE WHEN conversations.last_status_id IS NULL OR "
               "conversations.last_status_id < excluded.last_status_id THEN "
               "excluded.last_status_id ELSE conversations.last_status_id END, unread = "
               "excluded.unread, updated_at = excluded.updated_at",
               next_id(), account_id, key, status_id, unread, now_ms)
        .run();
    auto st = conn.query("SELECT id FROM conversations WHERE account_id = ? AND participants = ?",
                         account_id, key);
    st.step();
    auto id = st.int64(0);
    conn.query("INSERT INTO conversation_statuses (conversation_id, status_id) VALUES (?, ?) ON "
               "CONFLICT DO NOTHING",
               id, status_id)
        .run();
    return id;
}

std::vector<Conversation> list_conversations(Connection& conn, std::int64_t account_id,
                                             const PageQuery& page) {
    bool ascending = page.min_id.has_value();
    auto st = conn.query(std::string("SELECT ") + columns +
                             " FROM conversations WHERE account_id = ? AND last_status_id IS NOT "
                             "NULL AND last_status_id < ? AND last_status_id > ? ORDER BY "
                             "last_status_id " +
                             (ascending ? "ASC" : "DESC") + " LIMIT ?",
                         account_id, page.max_id.value_or(std::numeric_limits<std::int64_t>::max()),
                         page.min_id.value_or(page.since_id.value_or(0)), page.limit);
    std::vector<Conversation> out;
    while (st.step())
        out.push_back(read(st));
    if (ascending) std::reverse(out.begin(), out.end());
    return out;
}

std::optional<Conversation> find_conversation(Connection& conn, std::int64_t account_id,
                                              std::int64_t id) {
    auto st = conn.query(std::string("SELECT ") + columns +
                             " FROM conversations WHERE id = ? AND account_id = ?",
                         id, account_id);
    if (!st.step()) return std::nullopt;
    return read(st);
}

void mark_conversation_read(Connection& conn, std::int64_t id) {
    conn.query("UPDATE conversations SET unread = 0 WHERE id = ?", id).run();
}

void delete_conversation(Connection& conn, std::int64_t id) {
    conn.query("DELETE FROM conversations WHERE id = ?", id).run();
}

std::vector<Conversation> repair_conversations(Connection& conn) {
    std::vector<std::int64_t> orphans;
    {
        auto st = conn.query("SELECT id FROM conversations WHERE last_status_id IS NULL");
        while (st.step())
            orphans.push_back(st.int64(0));
    }
    std::vector<Conversation> remaining;
    for (auto id : orphans) {
        conn.query("UPDATE conversations SET last_status_id = (SELECT MAX(status_id) FROM "
                   "conversation_statuses WHERE conversation_id = ?) WHERE id = ?",
                   id, id)
            .run();
        {
            auto st = conn.query(
                std::string("SELECT ") + columns + " FROM conversations WHERE id = ?", id);
            if (st.step() && !st.is_null(3)) {
                remaining.push_back(read(st));
                continue;
            }
        }
        conn.query("DELETE FROM conversations WHERE id = ? AND last_status_id IS NULL", id).run();
    }
    return remaining;
}

} // namespace agora::store

// Editing a status: the new text over the old row, mentions and hashtags replaced, the history.
#include "store/status_edits_repo.hpp"

#include "store/database.hpp"

#include <nlohmann/json.hpp>

namespace agora::store {

namespace {
constexpr const char* edit_columns = "id, status_id, account_id, text, spoiler_text, sensitive, "
                                     "content, media_ids, poll_options, created_at";

StatusEdit read_edit(const Statement& st) {
    StatusEdit e;
    e.id = st.int64(0);
    e.status_id = st.int64(1);
    e.account_id = st.int64(2);
    e.text = st.text(3);
    e.spoiler_text = st.text(4);
    e.sensitive = st.boolean(5);
    e.content = st.text(6);
    if (auto media = st.optional_text(7)) {
        auto parsed = nlohmann::json::parse(*media, nullptr, false);
        if (parsed.is_array())
            for (const auto& id : parsed)
                if (id.is_number_integer()) e.media_ids.push_back(id.get<std::int64_t>());
    }
    if (auto options = st.optional_text(8)) {
        auto parsed = nlohmann::json::parse(*options, nullptr, false);
        if (parsed.is_array()) {
            e.poll_options.emplace();
            for (const auto& title : parsed)
                if (title.is_string()) e.poll_options->push_back(title.get<std::string>());
        }
    }
    e.created_at = st.int64(9);
    return e;
}
} // namespace

void insert_status_edit(Connection& conn, const StatusEdit& e) {
    std::optional<std::string> media, options;
    if (!e.media_ids.empty()) media = nlohmann::json(e.media_ids).dump();
    if (e.poll_options) options = nlohmann::json(*e.poll_options).dump();
    conn.query("INSERT INTO status_edits (id, status_id, account_id, text, spoiler_text, "
               "sensitive, content, media_ids, poll_options, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               e.id, e.status_id, e.account_id, e.text, e.spoiler_text, e.sensitive, e.content,
               media, options, e.created_at)
        .run();
}

std::vector<StatusEdit> list_status_edits(Connection& conn, std::int64_t status_id) {
    std::vector<StatusEdit> out;
    auto st = conn.query(std::string("SELECT ") + edit_columns +
                             " FROM status_edits WHERE status_id = ? ORDER BY id",
                         status_id);
    while (st.step())
        out.push_back(read_edit(st));
    return out;
}

bool has_status_edits(Connection& conn, std::int64_t status_id) {
    return conn.query("SELECT 1 FROM status_edits WHERE status_id = ? LIMIT 1", status_id).step();
}

void update_status_text(Connection& conn, const Status& s) {
    conn.query("UPDATE statuses SET text = ?, content = ?, spoiler_text = ?, sensitive = ?, "
               "language = ?, edited_at = ? WHERE id = ?",
               s.text, s.content, s.spoiler_text, s.sensitive, s.language, s.edited_at, s.id)
        .run();
}

void clear_mentions_and_tags(Connection& conn, std::int64_t status_id) {
    conn.query("DELETE FROM mentions WHERE status_id = ?", status_id).run();
    conn.query("DELETE FROM status_tags WHERE status_id = ?", status_id).run();
}

void remove_feed_entry(Connection& conn, std::int64_t owner, std::int64_t status_id) {
    conn.query("DELETE FROM feed WHERE owner_id = ? AND status_id = ?", owner, status_id).run();
}

std::vector<std::int64_t> local_reblogger_ids(Connection& conn, std::int64_t status_id) {
    std::vector<std::int64_t> out;
    auto st = conn.query("SELECT DISTINCT s.account_id FROM statuses s JOIN accounts a ON a.id = "
                         "s.account_id WHERE s.reblog_of_id = ? AND a.domain IS NULL ORDER BY "
                         "s.account_id",
                         status_id);
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

} // namespace agora::store

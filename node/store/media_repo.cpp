// Media attachment rows: reads and writes, one place for their SQL.
#include "store/media_repo.hpp"

#include "store/database.hpp"

#include <charconv>

namespace agora::store {

namespace {
constexpr const char* media_columns =
    "id, account_id, status_id, type, content_type, file_path, preview_path, file_size, width, "
    "height, preview_width, preview_height, description, focus_x, focus_y, blurhash, remote_url, "
    "created_at";

// REAL columns travel as text: the statement layer binds integers and text, and SQLite stores a
// numeric text in a REAL column as a number (PostgreSQL casts it likewise).
std::string real_text(double value) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc() ? std::string(buffer, end) : std::string("0");
}

double read_real(const Statement& st, int column) {
    if (st.is_null(column)) return 0;
    std::string text = st.text(column);
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() ? value : 0;
}

MediaAttachment read_media(const Statement& st) {
    MediaAttachment m;
    m.id = st.int64(0);
    m.account_id = st.int64(1);
    if (!st.is_null(2)) m.status_id = st.int64(2);
    m.type = st.text(3);
    m.content_type = st.optional_text(4).value_or("");
    m.file_path = st.optional_text(5).value_or("");
    m.preview_path = st.optional_text(6).value_or("");
    m.file_size = st.is_null(7) ? 0 : st.int64(7);
    m.width = st.is_null(8) ? 0 : static_cast<int>(st.int64(8));
    m.height = st.is_null(9) ? 0 : static_cast<int>(st.int64(9));
    m.preview_width = st.is_null(10) ? 0 : static_cast<int>(st.int64(10));
    m.preview_height = st.is_null(11) ? 0 : static_cast<int>(st.int64(11));
    m.description = st.optional_text(12);
    m.focus_x = read_real(st, 13);
    m.focus_y = read_real(st, 14);
    m.blurhash = st.optional_text(15);
    m.remote_url = st.optional_text(16);
    m.created_at = st.int64(17);
    return m;
}

std::vector<MediaAttachment> read_all(Statement st) {
    std::vector<MediaAttachment> out;
    while (st.step())
        out.push_back(read_media(st));
    return out;
}
} // namespace

void insert_media(Connection& conn, const MediaAttachment& m) {
    conn.query("INSERT INTO media_attachments (id, account_id, status_id, type, content_type, "
               "file_path, preview_path, file_size, width, height, preview_width, preview_height, "
               "description, focus_x, focus_y, blurhash, remote_url, created_at) VALUES (?, ?, ?, "
               "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               m.id, m.account_id, m.status_id, m.type, m.content_type, m.file_path, m.preview_path,
               m.file_size, m.width, m.height, m.preview_width, m.preview_height, m.description,
               real_text(m.focus_x), real_text(m.focus_y), m.blurhash, m.remote_url, m.created_at)
        .run();
}

std::optional<MediaAttachment> find_media(Connection& conn, std::int64_t id) {
    auto st = conn.query(
        std::string("SELECT ") + media_columns + " FROM media_attachments WHERE id = ?", id);
    if (!st.step()) return std::nullopt;
    return read_media(st);
}

void update_media_description(Connection& conn, std::int64_t id,
                              const std::optional<std::string>& description) {
    conn.query("UPDATE media_attachments SET description = ? WHERE id = ?", description, id).run();
}

void update_media_focus(Connection& conn, std::int64_t id, double x, double y) {
    conn.query("UPDATE media_attachments SET focus_x = ?, focus_y = ? WHERE id = ?", real_text(x),
               real_text(y), id)
        .run();
}

void delete_media_row(Connection& conn, std::int64_t id) {
    conn.query("DELETE FROM media_attachments WHERE id = ?", id).run();
}

bool attach_media(Connection& conn, std::int64_t media_id, std::int64_t account_id,
                  std::int64_t status_id) {
    conn.query("UPDATE media_attachments SET status_id = ? WHERE id = ? AND account_id = ? AND "
               "status_id IS NULL",
               status_id, media_id, account_id)
        .run();
    return conn.changes() == 1;
}

std::vector<MediaAttachment> list_status_media(Connection& conn, std::int64_t status_id) {
    auto found = list_status_media(conn, std::vector<std::int64_t>{status_id});
    return found.empty() ? std::vector<MediaAttachment>{} : std::move(found.begin()->second);
}

std::unordered_map<std::int64_t, std::vector<MediaAttachment>>
list_status_media(Connection& conn, const std::vector<std::int64_t>& status_ids) {
    std::unordered_map<std::int64_t, std::vector<MediaAttachment>> out;
    if (status_ids.empty()) return out;
    for (auto& m : read_all(
             query_in(conn,
                      std::string("SELECT ") + media_columns +
                          " FROM {id_rows} JOIN media_attachments ON status_id = ids.listed_id "
                          "ORDER BY id",
                      status_ids)))
        out[*m.status_id].push_back(std::move(m));
    return out;
}

void detach_status_media(Connection& conn, std::int64_t status_id) {
    delete_remote_status_media(conn, status_id);
    conn.query("UPDATE media_attachments SET status_id = NULL WHERE status_id = ?", status_id)
        .run();
}

void delete_remote_status_media(Connection& conn, std::int64_t status_id) {
    conn.query("DELETE FROM media_attachments WHERE status_id = ? AND remote_url IS NOT NULL AND "
               "(file_path IS NULL OR file_path = '')",
               status_id)
        .run();
}

std::vector<MediaAttachment> list_unattached_media_before(Connection& conn,
                                                          std::int64_t created_before, int limit) {
    return read_all(conn.query(std::string("SELECT ") + media_columns +
                                   " FROM media_attachments WHERE status_id IS NULL AND "
                                   "remote_url IS NULL AND created_at < ? ORDER BY id LIMIT ?",
                               created_before, limit));
}

} // namespace agora::store

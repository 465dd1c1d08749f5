// Filter rows (filters, filter_keywords, filter_statuses): one place for their SQL.
#include "store/filters_repo.hpp"

#include "store/database.hpp"

namespace agora::store {

namespace {
constexpr const char* filter_columns =
    "f.id, f.account_id, f.title, f.context, f.filter_action, f.expires_at, f.created_at";

// The context column holds the contexts comma-separated ("home,public").
std::vector<std::string> split_context(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        if (comma > start) out.push_back(text.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}

std::string join_context(const std::vector<std::string>& context) {
    std::string out;
    for (const auto& c : context) {
        if (!out.empty()) out += ',';
        out += c;
    }
    return out;
}

Filter read_filter(const Statement& st) {
    Filter f;
    f.id = st.int64(0);
    f.account_id = st.int64(1);
    f.title = st.text(2);
    f.context = split_context(st.text(3));
    f.action = st.text(4);
    if (!st.is_null(5)) f.expires_at = st.int64(5);
    f.created_at = st.int64(6);
    return f;
}

FilterKeyword read_keyword(const Statement& st) {
    return {st.int64(0), st.int64(1), st.text(2), st.boolean(3)};
}

FilterStatus read_status(const Statement& st) {
    return {st.int64(0), st.int64(1), st.int64(2)};
}

template <typename Row, typename Reader>
std::vector<Row> all(Statement st, Reader read) {
    std::vector<Row> out;
    while (st.step())
        out.push_back(read(st));
    return out;
}

// The rows a filter owns (its keywords, its statuses), read three ways: the filter's, all of an
// account's filters', or one by id when its filter is the account's. `columns` name the child
// table as `c`, its filter as `f`.
template <typename Row>
struct FilterChildren {
    const char* table;
    const char* columns;
    Row (*read)(const Statement&);

    template <typename... Values>
    std::vector<Row> where(Connection& conn, const char* condition, Values... values) const {
        return all<Row>(conn.query(std::string("SELECT ") + columns + " FROM " + table +
                                       " c JOIN filters f ON f.id = c.filter_id WHERE " +
                                       condition + " ORDER BY c.id",
                                   values...),
                        read);
    }
    std::vector<Row> of_filter(Connection& conn, std::int64_t filter_id) const {
        return where(conn, "c.filter_id = ?", filter_id);
    }
    std::vector<Row> of_account(Connection& conn, std::int64_t account_id) const {
        return where(conn, "f.account_id = ?", account_id);
    }
    std::optional<Row> find(Connection& conn, std::int64_t account_id, std::int64_t id) const {
        auto found = where(conn, "c.id = ? AND f.account_id = ?", id, account_id);
        if (found.empty()) return std::nullopt;
        return found.front();
    }
};

const FilterChildren<FilterKeyword> keywords{
    "filter_keywords", "c.id, c.filter_id, c.keyword, c.whole_word", read_keyword};
const FilterChildren<FilterStatus> statuses{"filter_statuses", "c.id, c.filter_id, c.status_id",
                                            read_status};
} // namespace

std::vector<Filter> list_filters(Connection& conn, std::int64_t account_id) {
    return all<Filter>(conn.query(std::string("SELECT ") + filter_columns +
                                      " FROM filters f WHERE f.account_id = ? ORDER BY f.id",
                                  account_id),
                       read_filter);
}

std::optional<Filter> find_filter(Connection& conn, std::int64_t account_id, std::int64_t id) {
    auto st = conn.query(std::string("SELECT ") + filter_columns +
                             " FROM filters f WHERE f.id = ? AND f.account_id = ?",
                         id, account_id);
    if (!st.step()) return std::nullopt;
    return read_filter(st);
}

void insert_filter(Connection& conn, const Filter& f) {
    conn.query("INSERT INTO filters (id, account_id, title, context, filter_action, expires_at, "
               "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
               f.id, f.account_id, f.title, join_context(f.context), f.action, f.expires_at,
               f.created_at)
        .run();
}

void update_filter(Connection& conn, const Filter& f) {
    conn.query("UPDATE filters SET title = ?, context = ?, filter_action = ?, expires_at = ? "
               "WHERE id = ?",
               f.title, join_context(f.context), f.action, f.expires_at, f.id)
        .run();
}

void delete_filter(Connection& conn, std::int64_t id) {
    conn.query("DELETE FROM filters WHERE id = ?", id).run();
}

std::vector<Filter> list_active_filters(Connection& conn, std::int64_t account_id,
                                        std::int64_t now_ms) {
    return all<Filter>(
        conn.query(std::string("SELECT ") + filter_columns +
                       " FROM filters f WHERE f.account_id = ? AND (f.expires_at IS NULL OR "
                       "f.expires_at > ?) ORDER BY f.id",
                   account_id, now_ms),
        read_filter);
}

std::vector<FilterKeyword> list_filter_keywords(Connection& conn, std::int64_t filter_id) {
    return keywords.of_filter(conn, filter_id);
}

std::vector<FilterKeyword> list_account_filter_keywords(Connection& conn, std::int64_t account_id) {
    return keywords.of_account(conn, account_id);
}

std::optional<FilterKeyword> find_filter_keyword(Connection& conn, std::int64_t account_id,
                                                 std::int64_t id) {
    return keywords.find(conn, account_id, id);
}

void insert_filter_keyword(Connection& conn, const FilterKeyword& k) {
    conn.query("INSERT INTO filter_keywords (id, filter_id, keyword, whole_word) VALUES (?, ?, ?, "
               "?)",
               k.id, k.filter_id, k.keyword, k.whole_word)
        .run();
}

void update_filter_keyword(Connection& conn, const FilterKeyword& k) {
    conn.query("UPDATE filter_keywords SET keyword = ?, whole_word = ? WHERE id = ?", k.keyword,
               k.whole_word, k.id)
        .run();
}

void delete_filter_keyword(Connection& conn, std::int64_t id) {
    conn.query("DELETE FROM filter_keywords WHERE id = ?", id).run();
}

std::vector<FilterStatus> list_filter_statuses(Connection& conn, std::int64_t filter_id) {
    return statuses.of_filter(conn, filter_id);
}

std::vector<FilterStatus> list_account_filter_statuses(Connection& conn, std::int64_t account_id) {
    return statuses.of_account(conn, account_id);
}

std::optional<FilterStatus> find_filter_status(Connection& conn, std::int64_t account_id,
                                               std::int64_t id) {
    return statuses.find(conn, account_id, id);
}

bool insert_filter_status(Connection& conn, const FilterStatus& s) {
    conn.query("INSERT INTO filter_statuses (id, filter_id, status_id) VALUES (?, ?, ?) ON "
               "CONFLICT DO NOTHING",
               s.id, s.filter_id, s.status_id)
        .run();
    return conn.changes() > 0;
}

void delete_filter_status(Connection& conn, std::int64_t id) {
    conn.query("DELETE FROM filter_statuses WHERE id = ?", id).run();
}

} // namespace agora::store

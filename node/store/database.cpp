// SQLite access: connections with cached prepared statements, a small pool, transactions.
#include "store/database.hpp"

#include "store/migrations.hpp"
#include "store/write_batch.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>

namespace agora::store {

namespace {
constexpr int busy_timeout_ms = 5000;

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
    std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    if ((rc & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError(message);
    throw DatabaseError(message);
}
} // namespace

Statement::~Statement() {
    if (!stmt_) return;
    if (owned_) {
        sqlite3_finalize(stmt_);
        return;
    }
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    int rc = sqlite3_bind_text(stmt_, index, value.data(), int(value.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, Null) {
    if (int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind_all(const std::vector<SqlValue>& values) {
    int index = 1;
    for (const auto& v : values)
        std::visit([&](const auto& x) { bind(index++, x); }, v);
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc, sqlite3_sql(stmt_));
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

std::string Statement::text(int column) const {
    auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return data ? std::string(data, std::size_t(sqlite3_column_bytes(stmt_, column)))
                : std::string();
}

std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
}

Connection::Connection(const std::string& path) {
    int rc =
        sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = "cannot open database " + path + ": " +
                              (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw DatabaseError(message);
    }
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
         "PRAGMA mmap_size=268435456;");
}

Connection::~Connection() {
    for (auto& [sql, stmt] : cache_)
        sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
}

void Connection::exec(std::string_view sql) {
    std::string text(sql);
    char* error = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        if ((rc & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError(message);
        throw DatabaseError(message);
    }
}

namespace {
std::atomic<std::uint64_t> statement_count{0};
}

std::uint64_t statements_run() {
    return statement_count.load(std::memory_order_relaxed);
}

Statement Connection::prepare(std::string_view sql) {
    statement_count.fetch_add(1, std::memory_order_relaxed);
    auto it = cache_.find(std::string(sql));
    if (it == cache_.end()) {
        sqlite3_stmt* stmt = nullptr;
        int rc = sqlite3_prepare_v3(db_, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &stmt, nullptr);
        if (rc != SQLITE_OK) fail(db_, rc, sql);
        it = cache_.emplace(std::string(sql), stmt).first;
    } else if (sqlite3_stmt_busy(it->second)) {
        // The same statement is still being read by a caller further up (two leases can share a
        // connection inside a WriteBatch): this one gets a statement of its own.
        sqlite3_stmt* stmt = nullptr;
        int rc = sqlite3_prepare_v2(db_, sql.data(), int(sql.size()), &stmt, nullptr);
        if (rc != SQLITE_OK) fail(db_, rc, sql);
        return Statement(stmt, db_, true);
    }
    return Statement(it->second, db_);
}

std::int64_t Connection::last_insert_id() const {
    return sqlite3_last_insert_rowid(db_);
}

int Connection::changes() const {
    return sqlite3_changes(db_);
}

Transaction::Transaction(Connection& conn) : conn_(conn) {
    if (auto* batch = conn_.batch()) {
        batch->join();
        try {
            conn_.query("SAVEPOINT batched").run();
        } catch (...) {
            batch->leave();
            throw;
        }
        batch_ = batch;
        return;
    }
    // Waits as long as SQLite's busy timeout would; inside a transaction already, BEGIN fails below
    // as it always did, without waiting.
    if (conn_.write_turns() && sqlite3_get_autocommit(conn_.handle()))
        has_turn_ = conn_.write_turns()->take(std::chrono::milliseconds(busy_timeout_ms));
    try {
        conn_.query("BEGIN IMMEDIATE").run(); // cached: parsing it each time showed in profiles
    } catch (...) {
        give_back_turn();
        throw;
    }
}

Transaction::~Transaction() {
    if (batch_) {
        if (!done_) {
            try {
                conn_.exec("ROLLBACK TO batched; RELEASE batched");
            } catch (...) {
            }
            batch_->leave();
        }
        return;
    }
    if (!done_) {
        try {
            conn_.exec("ROLLBACK");
        } catch (...) {
        }
    }
    give_back_turn();
}

void Transaction::commit() {
    if (batch_) {
        conn_.query("RELEASE batched").run();
        done_ = true;
        batch_->leave();
        return;
    }
    conn_.query("COMMIT").run();
    done_ = true;
    give_back_turn();
}

void Transaction::give_back_turn() {
    if (has_turn_) conn_.write_turns()->give_back();
    has_turn_ = false;
}

Snapshot::Snapshot(Connection& conn) : conn_(conn) {
    // Inside a transaction already (a nested read): that transaction is the snapshot.
    // Cached statements, not exec(): this runs twice per page, where parsing the SQL showed.
    // A WriteBatch's connection reads inside the batch's transaction when it is open.
    if (sqlite3_get_autocommit(conn_.handle()) && !conn_.batch())
        conn_.query("BEGIN").run();
    else
        active_ = false;
}

Snapshot::~Snapshot() {
    if (!active_) return;
    try {
        conn_.query("COMMIT").run();
    } catch (...) {
    }
}

namespace {
// "[1,2,3]": the distinct ids, for json_each.
std::string json_id_array(std::vector<std::int64_t> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::string out = "[";
    for (auto id : ids) {
        if (out.size() > 1) out += ',';
        out += std::to_string(id);
    }
    return out + ']';
}
} // namespace

Statement query_in(Connection& conn, const std::string& sql, const std::vector<std::int64_t>& ids,
                   std::vector<SqlValue> leading) {
    std::string text;
    std::size_t from = 0;
    for (auto at = sql.find('{', from); at != std::string::npos; at = sql.find('{', from)) {
        text.append(sql, from, at - from);
        if (sql.compare(at, 5, "{ids}") == 0) {
            text += id_list(ids, leading);
            from = at + 5;
        } else if (sql.compare(at, 9, "{id_rows}") == 0) {
            // Numbered: the ids may come first in the text and still be bound after `leading`.
            leading.emplace_back(json_id_array(ids));
            text += "(SELECT value AS listed_id FROM json_each(?" + std::to_string(leading.size()) +
                    ")) ids";
            from = at + 9;
        } else {
            text += '{';
            from = at + 1;
        }
    }
    text.append(sql, from);
    auto st = conn.query(text);
    st.bind_all(leading);
    return st;
}

std::string id_list(const std::vector<std::int64_t>& ids, std::vector<SqlValue>& values) {
    std::size_t size = 1;
    while (size < ids.size())
        size *= 2;
    std::string out = "(";
    for (std::size_t i = 0; i < size; ++i) {
        out += i ? ", ?" : "?";
        values.emplace_back(ids[std::min(i, ids.size() - 1)]);
    }
    return out + ")";
}

Lease::~Lease() {
    if (db_ && conn_) db_->give_back(std::move(conn_));
}

Database::Database(std::string path) : path_(std::move(path)) {
    auto lease = acquire();
    apply_migrations(*lease);
}

Database::~Database() {
    close();
}

Lease Database::acquire() {
    if (auto* batched = batch_connection(*this)) return Lease(*batched);
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            auto conn = std::move(idle_.back());
            idle_.pop_back();
            return Lease(*this, std::move(conn));
        }
    }
    auto conn = std::make_unique<Connection>(path_);
    conn->share_write_turns(write_turns_);
    return Lease(*this, std::move(conn));
}

void Database::give_back(std::unique_ptr<Connection> conn) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < 16) idle_.push_back(std::move(conn));
}

int Database::schema_version() {
    auto lease = acquire();
    auto st = lease->query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    st.step();
    return int(st.int64(0));
}

void Database::close() {
    std::lock_guard lock(mutex_);
    idle_.clear();
}

} // namespace agora::store

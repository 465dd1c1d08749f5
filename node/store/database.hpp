// SQLite access: connections with cached prepared statements, a small pool, transactions.
// Repositories (one per aggregate) are written against this; SQL stays portable to PostgreSQL.
#pragma once

#include "store/write_turns.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace agora::store {

struct DatabaseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Raised when a UNIQUE constraint refuses a row: callers turn it into "already taken".
struct ConstraintError : DatabaseError {
    using DatabaseError::DatabaseError;
};

struct Null {};
class WriteBatch;
// A value bound to a statement built at run time (filters that add conditions).
using SqlValue = std::variant<std::int64_t, std::string, Null>;

// A prepared statement borrowed from a connection's cache, reset when it goes out of scope; or,
// when the cached one was still being read, a statement of its own, finalized then.
class Statement {
public:
    Statement(sqlite3_stmt* stmt, sqlite3* db, bool owned = false)
        : stmt_(stmt), db_(db), owned_(owned) {}
    Statement(Statement&& other) noexcept
        : stmt_(other.stmt_), db_(other.db_), owned_(other.owned_) {
        other.stmt_ = nullptr;
    }
    Statement(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, std::int64_t(value)); }
    Statement& bind(int index, bool value) { return bind(index, std::int64_t(value ? 1 : 0)); }
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view(value));
    }
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, Null);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind(index, Null{});
    }

    // Binds `values` to ?1, ?2... in order.
    Statement& bind_all(const std::vector<SqlValue>& values);

    // Advances to the next row; false when done. Throws DatabaseError / ConstraintError.
    bool step();
    // Runs a statement that returns no rows.
    void run() { step(); }

    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    bool boolean(int column) const { return int64(column) != 0; }
    std::string text(int column) const;
    std::optional<std::string> optional_text(int column) const;

private:
    sqlite3_stmt* stmt_;
    sqlite3* db_;
    bool owned_;
};

// Statements run by every connection of the process since it started: tests use it to prove that
// a page costs a fixed number of queries, whatever its length.
std::uint64_t statements_run();

// "(?, ?, ...)" for `ids` (not empty), appending them to `values`; the list is padded to a power
// of two by repeating the last id, so that a few cached statements serve every batch size.
std::string id_list(const std::vector<std::int64_t>& ids, std::vector<SqlValue>& values);

class Connection {
public:
    explicit Connection(const std::string& path);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs one or more statements with no parameters and no rows (schema, pragmas).
    void exec(std::string_view sql);

    // A cached prepared statement with the arguments bound in order (?1, ?2...).
    template <typename... Args>
    Statement query(std::string_view sql, const Args&... args) {
        Statement st = prepare(sql);
        int index = 1;
        (st.bind(index++, args), ...);
        return st;
    }

    // Transactions on this connection wait for their turn among the process's writers.
    void share_write_turns(WriteTurns& turns) { write_turns_ = &turns; }
    WriteTurns* write_turns() { return write_turns_; }
    // The WriteBatch holding this connection, if any: Transactions on it are its savepoints.
    void set_batch(WriteBatch* batch) { batch_ = batch; }
    WriteBatch* batch() const { return batch_; }

    std::int64_t last_insert_id() const;
    // Rows changed by the last INSERT, UPDATE or DELETE.
    int changes() const;
    sqlite3* handle() { return db_; }

private:
    Statement prepare(std::string_view sql);
    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*> cache_;
    WriteTurns* write_turns_ = nullptr;
    WriteBatch* batch_ = nullptr;
};

// `sql` with `ids` (not empty) put in, `leading` bound first as ?1, ?2... (refer to them by
// number when they appear after the ids):
// - each "{ids}" becomes a list for `x IN {ids}` (an id_list);
// - each "{id_rows}" becomes a table of the distinct ids, `ids`, with one column, `listed_id`:
//   `FROM {id_rows} JOIN t ON t.id = ids.listed_id`. Cheaper for the page readers: SQLite walks
//   the ids and seeks each row, where an IN list is first copied into a temporary index.
Statement query_in(Connection& conn, const std::string& sql, const std::vector<std::int64_t>& ids,
                   std::vector<SqlValue> leading = {});

// BEGIN IMMEDIATE ... COMMIT, rolled back if destroyed before commit(); begun in the writer's turn
// (WriteTurns) when the connection came from a Database. On a connection a WriteBatch holds, a
// savepoint inside the batch's transaction instead.
class Transaction {
public:
    explicit Transaction(Connection& conn);
    ~Transaction();
    void commit();

private:
    void give_back_turn();
    Connection& conn_;
    WriteBatch* batch_ = nullptr;
    bool done_ = false;
    bool has_turn_ = false;
};

// BEGIN ... COMMIT around reads: the statements of one answer see one state of the database,
// and the file's read lock is taken once instead of once per statement.
class Snapshot {
public:
    explicit Snapshot(Connection& conn);
    ~Snapshot();

private:
    Connection& conn_;
    bool active_ = true;
};

class Database;

// A connection borrowed from the pool, given back when this goes out of scope; or the connection
// of the calling thread's WriteBatch, which stays with the batch.
class Lease {
public:
    Lease(Database& db, std::unique_ptr<Connection> conn)
        : db_(&db), conn_(std::move(conn)), used_(conn_.get()) {}
    explicit Lease(Connection& batch_connection) : used_(&batch_connection) {}
    Lease(Lease&&) = default;
    ~Lease();
    Connection& operator*() { return *used_; }
    Connection* operator->() { return used_; }

private:
    Database* db_ = nullptr;
    std::unique_ptr<Connection> conn_;
    Connection* used_;
};

class Database {
public:
    // Opens (creating if needed) the file in WAL mode and applies pending migrations.
    explicit Database(std::string path);
    ~Database();

    Lease acquire();
    const std::string& path() const { return path_; }
    // The highest migration applied.
    int schema_version();
    // Closes every pooled connection (checkpointing the WAL); leases taken later reopen.
    void close();

private:
    friend class Lease;
    void give_back(std::unique_ptr<Connection> conn);

    std::string path_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Connection>> idle_;
    WriteTurns write_turns_;
};

} // namespace agora::store

// Versioned schema migrations, applied in order at start; each runs once, in its own transaction.
// SQL stays portable: INTEGER ids (BIGINT on PostgreSQL), times as unix milliseconds, 0/1 flags.
#include "store/migrations.hpp"

#include "store/database.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

namespace agora::store {

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> list = {
        {1, "accounts, users, statuses, follows", R"sql(
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    domain TEXT,                                  -- NULL for local accounts
    display_name TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',                -- HTML (sanitised for remote accounts)
    kind TEXT NOT NULL DEFAULT 'person',          -- person, organization, public_body, business, group, bot
    locked INTEGER NOT NULL DEFAULT 0,
    discoverable INTEGER NOT NULL DEFAULT 1,
    public_key_pem TEXT NOT NULL,
    private_key_pem TEXT,                         -- local accounts only
    uri TEXT,                                     -- remote actor id (local ids are derived)
    url TEXT,
    inbox_url TEXT,
    shared_inbox_url TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX accounts_handle ON accounts (lower(username), COALESCE(domain, ''));
CREATE UNIQUE INDEX accounts_uri ON accounts (uri);

CREATE TABLE users (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member',          -- member, moderator, admin
    approved INTEGER NOT NULL DEFAULT 1,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    last_active_at INTEGER,                       -- a day's precision is kept, never an IP
    created_at INTEGER NOT NULL
);

CREATE TABLE statuses (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    uri TEXT,                                     -- remote object id (local ids are derived)
    local INTEGER NOT NULL,
    visibility TEXT NOT NULL DEFAULT 'public',    -- public, unlisted, private, direct
    content TEXT NOT NULL DEFAULT '',             -- HTML
    created_at INTEGER NOT NULL
);
CREATE INDEX statuses_account ON statuses (account_id, id);

CREATE TABLE follows (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    target_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    uri TEXT,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX follows_pair ON follows (account_id, target_account_id);
CREATE INDEX follows_target ON follows (target_account_id, id);
)sql"},
    };
    return list;
}

int apply_migrations(Connection& conn) {
    conn.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
              "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    int applied = 0;
    for (const auto& m : migrations()) {
        Transaction tx(conn);
        bool present =
            conn.query("SELECT 1 FROM schema_migrations WHERE version = ?", m.version).step();
        if (present) continue;
        conn.exec(m.sql);
        conn.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                   m.version, m.name, now_unix_ms())
            .run();
        tx.commit();
        log::info("database: applied migration " + std::to_string(m.version) + " (" +
                  std::string(m.name) + ")");
        ++applied;
    }
    return applied;
}

} // namespace agora::store

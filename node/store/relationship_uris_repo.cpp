// The ids of the Follow and Block activities behind follows, follow requests and blocks.
#include "store/relationship_uris_repo.hpp"

#include "store/database.hpp"

namespace agora::store {

namespace {
std::string table_name(RelationshipTable table) {
    switch (table) {
    case RelationshipTable::follows:
        return "follows";
    case RelationshipTable::follow_requests:
        return "follow_requests";
    case RelationshipTable::blocks:
        return "blocks";
    }
    return "follows";
}

std::optional<RelationshipRow> read_one(Statement st) {
    if (!st.step()) return std::nullopt;
    return RelationshipRow{st.int64(0), st.int64(1), st.int64(2), st.optional_text(3)};
}

std::string select_from(RelationshipTable table) {
    return "SELECT id, account_id, target_account_id, uri FROM " + table_name(table) + " WHERE ";
}
} // namespace

std::optional<RelationshipRow> find_relationship_by_uri(Connection& conn, RelationshipTable table,
                                                        std::string_view uri) {
    return read_one(conn.query(select_from(table) + "uri = ?", uri));
}

std::optional<RelationshipRow> find_relationship_by_id(Connection& conn, RelationshipTable table,
                                                       std::int64_t id) {
    return read_one(conn.query(select_from(table) + "id = ?", id));
}

std::optional<RelationshipRow> find_relationship(Connection& conn, RelationshipTable table,
                                                 std::int64_t account_id,
                                                 std::int64_t target_account_id) {
    return read_one(conn.query(select_from(table) + "account_id = ? AND target_account_id = ?",
                               account_id, target_account_id));
}

void set_relationship_uri(Connection& conn, RelationshipTable table, std::int64_t account_id,
                          std::int64_t target_account_id, std::string_view uri) {
    conn.query("UPDATE " + table_name(table) +
                   " SET uri = ? WHERE account_id = ? AND target_account_id = ?",
               uri, account_id, target_account_id)
        .run();
}

} // namespace agora::store

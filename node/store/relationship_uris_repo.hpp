// The ids of the Follow and Block activities behind follows, follow requests and blocks, so that
// an Accept, a Reject or an Undo naming one finds its row again: one place for their SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace agora::store {

class Connection;

enum class RelationshipTable { follows, follow_requests, blocks };

struct RelationshipRow {
    std::int64_t id = 0;
    std::int64_t account_id = 0;        // who follows, asks or blocks
    std::int64_t target_account_id = 0; // whom
    std::optional<std::string> uri;     // the activity's id, when one is known
};

std::optional<RelationshipRow> find_relationship_by_uri(Connection& conn, RelationshipTable table,
                                                        std::string_view uri);
std::optional<RelationshipRow> find_relationship_by_id(Connection& conn, RelationshipTable table,
                                                       std::int64_t id);
std::optional<RelationshipRow> find_relationship(Connection& conn, RelationshipTable table,
                                                 std::int64_t account_id,
                                                 std::int64_t target_account_id);
// Records the activity id of the row (account_id, target_account_id), when there is one.
void set_relationship_uri(Connection& conn, RelationshipTable table, std::int64_t account_id,
                          std::int64_t target_account_id, std::string_view uri);

} // namespace agora::store

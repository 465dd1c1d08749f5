// Instance rule rows (ordered; a removed rule keeps its row so that reports naming it stay
// readable): one place for their SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora::store {

class Connection;

struct RuleRow {
    std::int64_t id = 0;
    std::int64_t position = 0;
    std::string text;
    std::string hint;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::optional<std::int64_t> removed_at;
};

// The rules in force, in their order.
std::vector<RuleRow> list_rules(Connection& conn);
// A rule, removed or not.
std::optional<RuleRow> find_rule(Connection& conn, std::int64_t id);
// A rule in force.
std::optional<RuleRow> find_kept_rule(Connection& conn, std::int64_t id);
// Appends the rule after the others (row.id and created_at set by the caller); its position.
std::int64_t append_rule(Connection& conn, RuleRow row);
void update_rule(Connection& conn, const RuleRow& row);
// Marks a rule in force as removed; false when there was none.
bool remove_rule(Connection& conn, std::int64_t id, std::int64_t at);

} // namespace agora::store

// Versioned schema migrations, applied in order at start; each runs once, in its own transaction.
#pragma once

#include <string_view>
#include <vector>

namespace agora::store {

class Connection;

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

const std::vector<Migration>& migrations();
// Applies every migration newer than the database's version. Returns how many were applied.
int apply_migrations(Connection& conn);

} // namespace agora::store

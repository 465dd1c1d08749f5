// What members do with a status: favourite, boost (reblog), bookmark, and their undoing. Each
// leaves its notification and its federation event in the same transaction.
#pragma once

#include "model/account.hpp"
#include "model/status.hpp"

#include <expected>
#include <optional>
#include <string>

namespace agora {

namespace store {
class Database;
}

struct InteractionError {
    int status;
    std::string message;
};

// Each returns the status the client should be shown (for reblog: the new boost).
std::expected<Status, InteractionError> favourite(store::Database& db, const Account& me,
                                                  std::int64_t status_id);
std::expected<Status, InteractionError> unfavourite(store::Database& db, const Account& me,
                                                    std::int64_t status_id);
std::expected<Status, InteractionError> bookmark(store::Database& db, const Account& me,
                                                 std::int64_t status_id);
std::expected<Status, InteractionError> unbookmark(store::Database& db, const Account& me,
                                                   std::int64_t status_id);
// Boosts are statuses too (reblog_of_id set), fanned out to the booster's followers.
std::expected<Status, InteractionError> reblog(store::Database& db, const Account& me,
                                               std::int64_t status_id,
                                               std::optional<Visibility> visibility);
std::expected<Status, InteractionError> unreblog(store::Database& db, const Account& me,
                                                 std::int64_t status_id);

} // namespace agora

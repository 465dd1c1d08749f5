// Notification rows: one per (recipient, type, actor, status), read newest first.
#pragma once

#include "store/statuses_repo.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora::store {

class Connection;

struct Notification {
    std::int64_t id = 0;
    std::int64_t account_id = 0;
    std::string type;
    std::int64_t from_account_id = 0;
    std::optional<std::int64_t> status_id;
    std::int64_t created_at = 0;
};

// Skipped when the recipient blocks the actor or mutes their notifications.
void insert_notification(Connection& conn, std::int64_t recipient, const std::string& type,
                         std::int64_t from_account_id, std::optional<std::int64_t> status_id);
// What a notification list keeps: only `types` (all when empty), none of `exclude_types`, and
// only those from `from_account_id` when it is set.
struct NotificationFilter {
    std::vector<std::string> types;
    std::vector<std::string> exclude_types;
    std::optional<std::int64_t> from_account_id;
};
std::vector<Notification> list_notifications(Connection& conn, std::int64_t recipient,
                                             const PageQuery& page,
                                             const NotificationFilter& filter);
std::optional<Notification> find_notification(Connection& conn, std::int64_t recipient,
                                              std::int64_t id);
bool dismiss_notification(Connection& conn, std::int64_t recipient, std::int64_t id);
void clear_notifications(Connection& conn, std::int64_t recipient);
void delete_notifications_from(Connection& conn, std::int64_t recipient,
                               std::int64_t from_account_id, const std::string& type);

} // namespace agora::store

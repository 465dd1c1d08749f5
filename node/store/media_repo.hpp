// Media attachment rows: reads and writes, one place for their SQL.
#pragma once

#include "model/media.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace agora::store {

class Connection;

void insert_media(Connection& conn, const MediaAttachment& media);
std::optional<MediaAttachment> find_media(Connection& conn, std::int64_t id);
void update_media_description(Connection& conn, std::int64_t id,
                              const std::optional<std::string>& description);
void update_media_focus(Connection& conn, std::int64_t id, double x, double y);
void delete_media_row(Connection& conn, std::int64_t id);

// Attaches the account's unattached media to a status; false when it is not theirs, is already
// attached, or does not exist.
bool attach_media(Connection& conn, std::int64_t media_id, std::int64_t account_id,
                  std::int64_t status_id);
// A status's media, in upload order.
std::vector<MediaAttachment> list_status_media(Connection& conn, std::int64_t status_id);
// The same for a page of statuses, keyed by status id.
std::unordered_map<std::int64_t, std::vector<MediaAttachment>>
list_status_media(Connection& conn, const std::vector<std::int64_t>& status_ids);
// Makes a status's media unattached again (their owner may reuse them in a redraft); remote media
// (a remote URL and no file here) go instead.
void detach_status_media(Connection& conn, std::int64_t status_id);
// Deletes a status's remote media rows (those with a remote URL and no file here).
void delete_remote_status_media(Connection& conn, std::int64_t status_id);
// Unattached media uploaded before `created_before` (unix ms), oldest first.
std::vector<MediaAttachment> list_unattached_media_before(Connection& conn,
                                                          std::int64_t created_before, int limit);

} // namespace agora::store

// Editing a status: the new text written over the old row, its mentions and hashtags replaced,
// and the versions kept in its history. One place for that SQL.
#pragma once

#include "model/status.hpp"
#include "model/status_edit.hpp"

#include <cstdint>
#include <vector>

namespace agora::store {

class Connection;

void insert_status_edit(Connection& conn, const StatusEdit& edit);
// The versions of a status, oldest first (empty when it was never edited).
std::vector<StatusEdit> list_status_edits(Connection& conn, std::int64_t status_id);
bool has_status_edits(Connection& conn, std::int64_t status_id);

// Writes the editable fields: text, content, spoiler_text, sensitive, language, edited_at.
void update_status_text(Connection& conn, const Status& status);
// Forgets the status's mentions and hashtags (the edit writes the new ones).
void clear_mentions_and_tags(Connection& conn, std::int64_t status_id);
// Takes the status out of `owner`'s home feed.
void remove_feed_entry(Connection& conn, std::int64_t owner, std::int64_t status_id);
// Local accounts that boosted the status.
std::vector<std::int64_t> local_reblogger_ids(Connection& conn, std::int64_t status_id);

} // namespace agora::store

// Direct conversations as Mastodon keeps them: one row per participant, grouped by who else is in
// it, kept in step with the direct statuses posted and deleted, each change told to the
// participant's direct stream through a "conversation.updated" event.
#pragma once

#include "model/status.hpp"

#include <cstdint>
#include <vector>

namespace agora {

namespace store {
class Connection;
}

// Call inside the transaction that writes a direct status: the conversation of its (local)
// author, read, and of each mentioned account (but those blocked either way), unread.
void record_direct_status(store::Connection& conn, const Status& status,
                          const std::vector<std::int64_t>& mentioned_ids);

// Call inside the transaction that deletes statuses, after the deletion: conversations fall back
// to their previous status, or go when they held only what was deleted.
void update_conversations_after_delete(store::Connection& conn);

// Marks one of the account's conversations read (and tells its direct stream).
void mark_conversation_read(store::Connection& conn, std::int64_t conversation_id,
                            std::int64_t account_id);

} // namespace agora

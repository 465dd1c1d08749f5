// Conversation rows (conversations, conversation_statuses): one place for their SQL. Lookups by
// id take the owner, so that someone else's conversation is simply not found.
#pragma once

#include "model/conversation.hpp"
#include "store/statuses_repo.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace agora::store {

class Connection;

// Adds a status to `account_id`'s conversation with `participant_ids` (created on first use):
// it becomes the last status if it is the newest, and `unread` is set as given. Returns the
// conversation's id.
std::int64_t add_status_to_conversation(Connection& conn, std::int64_t account_id,
                                        std::vector<std::int64_t> participant_ids,
                                        std::int64_t status_id, bool unread, std::int64_t now_ms);

// The account's conversations by their last status, newest first (max_id, since_id, min_id
// compare last status ids, as Mastodon pages them).
std::vector<Conversation> list_conversations(Connection& conn, std::int64_t account_id,
                                             const PageQuery& page);
std::optional<Conversation> find_conversation(Connection& conn, std::int64_t account_id,
                                              std::int64_t id);
void mark_conversation_read(Connection& conn, std::int64_t id);
void delete_conversation(Connection& conn, std::int64_t id);

// After statuses were deleted: each conversation that lost its last status falls back to its
// newest remaining one, or goes when none remains. Returns the conversations that remain.
std::vector<Conversation> repair_conversations(Connection& conn);

} // namespace agora::store

// The replies to a status that anyone may read (public and unlisted), as a status's ActivityPub
// `replies` collection lists them: its author's own replies, then everyone else's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora::store {

class Connection;

struct PublicReply {
    std::int64_t id = 0;
    std::optional<std::string> uri; // a remote reply's object id; a local one's is derived
    std::string author_username;    // to derive a local reply's id
};

enum class ReplyAuthors { status_author, others };

// Replies to `status_id` by `authors` (relative to `author_id`, the status's author), oldest
// first, with ids above `after_id`, at most `limit`.
std::vector<PublicReply> list_public_replies_by(Connection& conn, std::int64_t status_id,
                                                std::int64_t author_id, ReplyAuthors authors,
                                                std::int64_t after_id, int limit);

} // namespace agora::store

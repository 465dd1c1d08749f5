// The replies anyone may read, for a status's ActivityPub replies collection.
#include "store/replies_repo.hpp"

#include "store/database.hpp"

namespace agora::store {

std::vector<PublicReply> list_public_replies_by(Connection& conn, std::int64_t status_id,
                                                std::int64_t author_id, ReplyAuthors authors,
                                                std::int64_t after_id, int limit) {
    std::string sql = "SELECT s.id, s.uri, a.username FROM statuses s JOIN accounts a ON a.id = "
                      "s.account_id WHERE s.in_reply_to_id = ? AND s.visibility IN ('public', "
                      "'unlisted') AND s.id > ? AND ";
    sql += authors == ReplyAuthors::status_author ? "s.account_id = ?" : "s.account_id <> ?";
    sql += " ORDER BY s.id ASC LIMIT ?";
    auto st = conn.query(sql, status_id, after_id, author_id, limit);
    std::vector<PublicReply> replies;
    while (st.step()) {
        PublicReply reply;
        reply.id = st.int64(0);
        if (!st.is_null(1)) reply.uri = st.text(1);
        reply.author_username = st.text(2);
        replies.push_back(std::move(reply));
    }
    return replies;
}

} // namespace agora::store

// The replies collection of a local status: on the Note, and its pages.
#include "federation/ap_replies.hpp"

#include "config/config.hpp"
#include "model/local_urls.hpp"
#include "store/replies_repo.hpp"

namespace agora::federation {

namespace {
using nlohmann::json;

std::string replies_id(const StatusRecords& records) {
    return records.uri + "/replies";
}

std::string page_url(const StatusRecords& records, bool only_other_accounts, std::int64_t min_id) {
    std::string url = replies_id(records) + "?";
    if (only_other_accounts) url += "only_other_accounts=true&";
    if (min_id > 0) url += "min_id=" + std::to_string(min_id) + "&";
    return url + "page=true";
}

std::string reply_uri(const store::PublicReply& reply, const LocalUrls& urls) {
    return reply.uri ? *reply.uri : urls.status(reply.author_username, reply.id);
}
} // namespace

void load_self_replies(store::Connection& conn, const Config& config, StatusRecords& records) {
    LocalUrls urls(config);
    auto replies =
        store::list_public_replies_by(conn, records.status.id, records.status.account_id,
                                      store::ReplyAuthors::status_author, 0, replies_on_note);
    records.self_replies.clear();
    for (const auto& reply : replies)
        records.self_replies.push_back(reply_uri(reply, urls));
    records.last_self_reply_id = replies.empty() ? 0 : replies.back().id;
}

json replies_collection(const StatusRecords& records) {
    // As Mastodon: the next page continues after the last self-reply listed, or goes on to the
    // other accounts' replies when there is none.
    auto next = records.last_self_reply_id > 0
                    ? page_url(records, false, records.last_self_reply_id)
                    : page_url(records, true, 0);
    return {{"id", replies_id(records)},
            {"type", "Collection"},
            {"first",
             {{"type", "CollectionPage"},
              {"next", next},
              {"partOf", replies_id(records)},
              {"items", records.self_replies}}}};
}

json replies_document(store::Connection& conn, const Config& config, const StatusRecords& records,
                      const RepliesQuery& query) {
    if (!query.page) {
        json collection = replies_collection(records);
        collection["@context"] = "https://www.w3.org/ns/activitystreams";
        return collection;
    }
    LocalUrls urls(config);
    auto authors = query.only_other_accounts ? store::ReplyAuthors::others
                                             : store::ReplyAuthors::status_author;
    auto replies = store::list_public_replies_by(conn, records.status.id, records.status.account_id,
                                                 authors, query.min_id, replies_page_size);
    json items = json::array();
    for (const auto& reply : replies)
        items.push_back(reply_uri(reply, urls));
    json page = {{"@context", "https://www.w3.org/ns/activitystreams"},
                 {"id", page_url(records, query.only_other_accounts, query.min_id)},
                 {"type", "CollectionPage"},
                 {"partOf", replies_id(records)},
                 {"items", items}};
    // A full page may have more after it; the author's replies are followed by the others'.
    if (int(replies.size()) == replies_page_size)
        page["next"] = page_url(records, query.only_other_accounts, replies.back().id);
    else if (!query.only_other_accounts)
        page["next"] = page_url(records, true, 0);
    return page;
}

} // namespace agora::federation

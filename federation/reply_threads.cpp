// Reply threads of remote posts fetched on demand, in the background and bounded.
#include "federation/reply_threads.hpp"

#include "federation/as_values.hpp"
#include "federation/federation_client.hpp"
#include "federation/remote_documents.hpp"
#include "federation/remote_url.hpp"
#include "federation/status_intake.hpp"
#include "store/database.hpp"
#include "store/statuses_repo.hpp"
#include "util/log.hpp"

#include <nlohmann/json.hpp>

namespace agora::federation {

namespace {
using nlohmann::json;

bool stopped(const ThreadWalk& walk) {
    return walk.stopped && walk.stopped();
}

// A collection or one of its pages: as embedded in a document its origin served, or fetched by
// its id, which must be on that origin (and served from it).
std::optional<json> collection_at(InboxContext& context, const json& value,
                                  const std::string& origin_of) {
    if (value.is_object()) return value;
    if (!value.is_string()) return std::nullopt;
    std::string url = value.get<std::string>();
    if (!same_origin(url, origin_of)) return std::nullopt;
    auto document = fetch_activity_document(context.client.signed_client(),
                                            context.client.instance_actor().signing_key(), url);
    if (!document || !same_origin(document->url, origin_of)) return std::nullopt;
    return std::move(document->body);
}

// The ids a page lists (items or orderedItems, as ids or embedded objects).
std::vector<std::string> item_ids(const json& page) {
    std::vector<std::string> ids;
    for (const char* key : {"items", "orderedItems"})
        for (const auto& item : values_of(page, key))
            if (auto id = id_of(item)) ids.push_back(std::move(*id));
    return ids;
}
} // namespace

int fetch_reply_thread(InboxContext& context, const std::string& uri, ThreadWalk& walk) {
    if (walk.depth <= 0 || walk.budget <= 0 || stopped(walk)) return 0;
    auto post = fetch_post_document(context, uri);
    if (!post) {
        log::info("federation: the replies of " + uri + " stay unknown: " + post.error().message);
        return 0;
    }
    if (!post->is_object() || !post->contains("replies")) return 0;
    auto page = collection_at(context, (*post)["replies"], uri);
    if (page && page->contains("first")) page = collection_at(context, (*page)["first"], uri);
    int found = 0;
    std::vector<std::string> replies;
    for (int pages = 0; page && pages < max_reply_pages && !stopped(walk); ++pages) {
        for (auto& id : item_ids(*page)) {
            // As Mastodon: only replies on the post's own server are fetched from its list.
            if (id == uri || !same_origin(id, uri)) continue;
            if (walk.budget <= 0 || stopped(walk)) break;
            --walk.budget;
            auto reply = resolve_status(context, id, 1);
            if (!reply) {
                log::info("federation: a reply of " + uri +
                          " was not taken in: " + reply.error().message);
                continue;
            }
            ++found;
            replies.push_back(std::move(id));
        }
        if (walk.budget <= 0 || !page->contains("next")) break;
        page = collection_at(context, (*page)["next"], uri);
    }
    --walk.depth;
    for (const auto& reply : replies)
        found += fetch_reply_thread(context, reply, walk);
    ++walk.depth;
    return found;
}

ReplyThreadFetcher::~ReplyThreadFetcher() {
    stop();
}

void ReplyThreadFetcher::fetch_replies(std::int64_t status_id) {
    {
        std::lock_guard lock(mutex_);
        auto now = std::chrono::steady_clock::now();
        auto asked = asked_.find(status_id);
        if (asked != asked_.end() && now - asked->second < reply_fetch_interval) return;
        if (queue_.size() >= max_reply_queue) return;
        if (asked_.size() > 10000) asked_.clear(); // bounded: a post forgotten is asked again
        asked_[status_id] = now;
        queue_.push_back(status_id);
    }
    wake_.notify_one();
}

void ReplyThreadFetcher::start() {
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void ReplyThreadFetcher::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::optional<std::int64_t> ReplyThreadFetcher::next() {
    std::lock_guard lock(mutex_);
    if (queue_.empty()) return std::nullopt;
    auto id = queue_.front();
    queue_.pop_front();
    return id;
}

void ReplyThreadFetcher::drain() {
    while (auto id = next())
        walk(*id);
}

void ReplyThreadFetcher::run() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
        }
        if (auto id = next()) walk(*id);
    }
}

void ReplyThreadFetcher::walk(std::int64_t status_id) {
    std::optional<std::string> uri;
    {
        auto conn = node_.database().acquire();
        auto status = store::find_status(*conn, status_id);
        if (status && !status->local && !status->reblog_of_id) uri = status->uri;
    }
    if (!uri) return;
    try {
        InboxContext context{node_, client_};
        ThreadWalk limits;
        limits.stopped = [this] { return stopping_.load(); };
        fetch_reply_thread(context, *uri, limits);
    } catch (const std::exception& e) {
        log::warn("federation: fetching the replies of " + *uri + " failed: " + e.what());
    }
}

} // namespace agora::federation

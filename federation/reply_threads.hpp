// Reply threads of remote posts fetched on demand, as Mastodon fetches them when a thread is
// opened: the post's `replies` collection (embedded or fetched, pages followed by `next`), each
// reply on the post's own origin taken in through resolve_status (a signed fetch by id, FEP-fe34
// checks, the intake of inbox Creates), then the replies of those, bounded in depth, posts and
// pages. Asked by the client API (node's RemoteThreadFetcher) and run by one background thread,
// never on a server thread, at most once per post every few minutes.
#pragma once

#include "federation/inbox_activity.hpp"
#include "statuses/remote_thread_fetcher.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

namespace agora::federation {

class FederationClient;

inline constexpr int max_reply_fetch_depth = 3;     // replies, their replies, and theirs
inline constexpr int max_reply_fetch_posts = 40;    // replies taken in per thread, in all
inline constexpr int max_reply_pages = 5;           // pages read per collection
inline constexpr std::size_t max_reply_queue = 256; // threads waiting; more are dropped
inline constexpr std::chrono::minutes reply_fetch_interval{10}; // per post

// The limits of one walk through a thread, shared by its levels.
struct ThreadWalk {
    int depth = max_reply_fetch_depth;
    int budget = max_reply_fetch_posts; // replies still to take in
    std::function<bool()> stopped;      // checked between requests; may be empty
};

// Takes in the replies of the remote post `uri` (and theirs, to walk.depth levels). Blocking;
// call it outside transactions. Returns how many replies were found (stored now or before).
int fetch_reply_thread(InboxContext& context, const std::string& uri, ThreadWalk& walk);

class ReplyThreadFetcher : public RemoteThreadFetcher {
public:
    ReplyThreadFetcher(Node& node, FederationClient& client) : node_(node), client_(client) {}
    ~ReplyThreadFetcher() override;

    void fetch_replies(std::int64_t status_id) override;
    void start() override;
    void stop() override;
    // Walks every queued thread now, on the calling thread (tests).
    void drain();

private:
    void run();
    std::optional<std::int64_t> next();
    void walk(std::int64_t status_id);

    Node& node_;
    FederationClient& client_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::int64_t> queue_;
    std::unordered_map<std::int64_t, std::chrono::steady_clock::time_point> asked_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

} // namespace agora::federation

// Who listens to which stream ("user:42", "public:local", "hashtag:agora"...), and delivery of
// what happened to them. Thread-safe; holds listeners weakly, so a closed connection just falls
// off.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace agora {

// What happened: Mastodon's event name and the id of what it is about (a status or a notification).
struct StreamEvent {
    std::string event; // update, status.update, delete, notification
    std::int64_t id = 0;
};

class StreamListener {
public:
    virtual ~StreamListener() = default;
    virtual void deliver(const std::string& key, const StreamEvent& event) = 0;
};

class StreamHub {
public:
    void subscribe(const std::string& key, const std::shared_ptr<StreamListener>& listener);
    void unsubscribe(const std::string& key, const StreamListener* listener);
    bool has_listeners(const std::string& key);
    void publish(const std::string& key, const StreamEvent& event);
    // To every listener of every stream (deletions: each listener decides what concerns it).
    void broadcast(const StreamEvent& event);

private:
    std::vector<std::pair<std::string, std::shared_ptr<StreamListener>>>
    live(const std::string* key);
    std::mutex mutex_;
    std::unordered_map<std::string, std::vector<std::weak_ptr<StreamListener>>> listeners_;
};

} // namespace agora

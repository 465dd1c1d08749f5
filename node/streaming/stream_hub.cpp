// Who listens to which stream, and delivery of what happened to them.
#include "streaming/stream_hub.hpp"

#include <algorithm>

namespace agora {

void StreamHub::subscribe(const std::string& key, const std::shared_ptr<StreamListener>& listener) {
    std::lock_guard lock(mutex_);
    auto& list = listeners_[key];
    for (auto& weak : list)
        if (weak.lock() == listener) return;
    list.push_back(listener);
}

void StreamHub::unsubscribe(const std::string& key, const StreamListener* listener) {
    std::lock_guard lock(mutex_);
    auto it = listeners_.find(key);
    if (it == listeners_.end()) return;
    auto& list = it->second;
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const std::weak_ptr<StreamListener>& w) {
                                  auto l = w.lock();
                                  return !l || l.get() == listener;
                              }),
               list.end());
    if (list.empty()) listeners_.erase(it);
}

bool StreamHub::has_listeners(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = listeners_.find(key);
    return it != listeners_.end() && !it->second.empty();
}

// The live listeners of `key` (or of every key), pruning the dead ones on the way.
std::vector<std::pair<std::string, std::shared_ptr<StreamListener>>>
StreamHub::live(const std::string* key) {
    std::vector<std::pair<std::string, std::shared_ptr<StreamListener>>> out;
    std::lock_guard lock(mutex_);
    // Takes the live listeners of one entry, and the entry away when none is left.
    auto collect = [&](decltype(listeners_)::iterator it) {
        auto& list = it->second;
        list.erase(std::remove_if(list.begin(), list.end(),
                                  [&](const std::weak_ptr<StreamListener>& w) {
                                      auto l = w.lock();
                                      if (l) out.emplace_back(it->first, l);
                                      return !l;
                                  }),
                   list.end());
        return list.empty() ? listeners_.erase(it) : std::next(it);
    };
    // One key is looked up, not searched for: a fan-out publishes to each of thousands of feeds.
    if (key) {
        if (auto it = listeners_.find(*key); it != listeners_.end()) collect(it);
    } else {
        for (auto it = listeners_.begin(); it != listeners_.end();)
            it = collect(it);
    }
    return out;
}

void StreamHub::publish(const std::string& key, const StreamEvent& event) {
    for (auto& [k, listener] : live(&key))
        listener->deliver(k, event);
}

void StreamHub::broadcast(const StreamEvent& event) {
    std::vector<StreamListener*> seen;
    for (auto& [k, listener] : live(nullptr)) {
        if (std::find(seen.begin(), seen.end(), listener.get()) != seen.end()) continue;
        seen.push_back(listener.get());
        listener->deliver(k, event);
    }
}

} // namespace agora

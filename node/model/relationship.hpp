// What one account is to another: Mastodon's Relationship entity as a plain record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora {

struct Relationship {
    std::int64_t target_id = 0;
    bool following = false;
    bool followed_by = false;
    bool requested = false;    // a follow request from the viewer awaits the target
    bool requested_by = false; // a follow request from the target awaits the viewer
    bool blocking = false;
    bool blocked_by = false;
    bool muting = false;
    bool muting_notifications = false;
    bool endorsed = false; // the viewer features the target on their profile
    // The follow's (or the pending request's) options; false and null without either.
    bool showing_reblogs = false;
    bool notifying = false;
    std::optional<std::vector<std::string>> languages;
};

} // namespace agora

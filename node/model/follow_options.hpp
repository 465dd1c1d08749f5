// How a member follows an account (Mastodon's follow options): whether its boosts reach their home
// feed, whether its new posts notify them, and in which languages its posts reach them.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace agora {

struct FollowOptions {
    bool show_reblogs = true;
    bool notify = false;
    // ISO 639 codes; nullopt when never set. Either that or an empty list lets every language in.
    std::optional<std::vector<std::string>> languages;
};

// What a follow call asks to change: an option left out keeps its value (a new follow starts from
// the defaults above), as Mastodon does when follow is called again.
struct FollowOptionsChange {
    std::optional<bool> reblogs;
    std::optional<bool> notify;
    std::optional<std::vector<std::string>> languages;

    FollowOptions applied_to(FollowOptions options) const {
        if (reblogs) options.show_reblogs = *reblogs;
        if (notify) options.notify = *notify;
        if (languages) options.languages = languages;
        return options;
    }
};

} // namespace agora

// Plain status records: visibility names as Mastodon's API spells them.
#include "model/status.hpp"

#include <string_view>

namespace agora {

const char* to_string(Visibility visibility) {
    switch (visibility) {
    case Visibility::public_:
        return "public";
    case Visibility::unlisted:
        return "unlisted";
    case Visibility::private_:
        return "private";
    case Visibility::direct:
        return "direct";
    }
    return "direct";
}

std::optional<Visibility> parse_visibility(std::string_view text) {
    for (auto v :
         {Visibility::public_, Visibility::unlisted, Visibility::private_, Visibility::direct})
        if (text == to_string(v)) return v;
    return std::nullopt;
}

const char* to_string(FeedReason reason) {
    switch (reason) {
    case FeedReason::own:
        return "own";
    case FeedReason::followed:
        return "followed";
    case FeedReason::boosted_by:
        return "boosted_by";
    case FeedReason::mention:
        return "mention";
    case FeedReason::hashtag:
        return "hashtag";
    case FeedReason::list:
        return "list";
    }
    return "own";
}

std::optional<FeedReason> parse_feed_reason(std::string_view text) {
    for (auto r : {FeedReason::own, FeedReason::followed, FeedReason::boosted_by,
                   FeedReason::mention, FeedReason::hashtag, FeedReason::list})
        if (text == to_string(r)) return r;
    return std::nullopt;
}

} // namespace agora

// Hashtags as readers meet them: finding and searching tags, their recent use, the tags members
// follow and the home feeds those follows feed. One place for their SQL.
#pragma once

#include "model/tag.hpp"
#include "store/statuses_repo.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora::store {

class Connection;

// The tag with this normalised name, if anyone used or followed it.
std::optional<Tag> find_tag(Connection& conn, const std::string& name);

// Tags whose normalised name starts with `prefix` (only the one named `prefix` with
// `exact_only`), shortest first, then by name.
std::vector<Tag> search_tags(Connection& conn, const std::string& prefix, bool exact_only,
                             int limit, int offset);

// The tag's use over the `days` UTC days ending with the one holding `now_ms`, newest day first:
// public statuses (boosts aside) that carried it and the accounts that wrote them.
std::vector<TagUse> tag_history(Connection& conn, std::int64_t tag_id, std::int64_t now_ms,
                                int days = 7);

bool follows_tag(Connection& conn, std::int64_t account_id, std::int64_t tag_id);
// Following twice is following once.
void insert_tag_follow(Connection& conn, std::int64_t account_id, std::int64_t tag_id);
bool delete_tag_follow(Connection& conn, std::int64_t account_id, std::int64_t tag_id);

// Tags an account follows, newest follow first; the cursors are the follows' own ids.
struct FollowedTagPage {
    std::vector<Tag> tags;
    std::vector<std::int64_t> cursors;
};
FollowedTagPage list_followed_tags(Connection& conn, std::int64_t account_id,
                                   const PageQuery& page);

// Who gets status `status_id` (by `author_id`) in their home feed for following one of its
// tags, and for which tag (the first by name): the tags' followers, except the author, those the
// author blocks or who block the author, and those who mute the author.
struct HashtagFeedTarget {
    std::int64_t owner_id;
    std::string tag;
};
std::vector<HashtagFeedTarget> hashtag_feed_targets(Connection& conn, std::int64_t status_id,
                                                    std::int64_t author_id);

// Takes out of `owner`'s home feed what is there only because they followed `tag`.
void remove_tag_from_feed(Connection& conn, std::int64_t owner, const std::string& tag);

} // namespace agora::store

// The `replies` collection of a local status, as Mastodon serves it: on the Note, a Collection
// whose `first` page lists the author's own first replies (self-replies); at
// <status id>/replies, pages of the author's replies (?page=true&min_id=...) followed by everyone
// else's (?page=true&only_other_accounts=true&min_id=...), oldest first, each with `next`.
// Only replies anyone may read (public, unlisted) are listed.
#pragma once

#include "federation/ap_status.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

namespace agora {
struct Config;
namespace store {
class Connection;
}
} // namespace agora

namespace agora::federation {

// How many self-replies the Note's embedded first page lists, and how many a page lists.
inline constexpr int replies_on_note = 5;
inline constexpr int replies_page_size = 20;

// The ids of the first self-replies of `records` (replies_on_note at most) and the local id of
// the last of them (0 when there is none), for StatusRecords.
void load_self_replies(store::Connection& conn, const Config& config, StatusRecords& records);

// {"id": <status>/replies, "type": "Collection", "first": {CollectionPage}} for the Note.
nlohmann::json replies_collection(const StatusRecords& records);

// What GET <status>/replies answers: the collection (no `page`), or one of its pages.
struct RepliesQuery {
    bool page = false;
    bool only_other_accounts = false;
    std::int64_t min_id = 0;
};
nlohmann::json replies_document(store::Connection& conn, const Config& config,
                                const StatusRecords& records, const RepliesQuery& query);

} // namespace agora::federation

// Status rows and the home feed: reads and writes, one place for their SQL.
#pragma once

#include "model/status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace agora::store {

class Connection;

void insert_status(Connection& conn, const Status& status);
std::optional<Status> find_status(Connection& conn, std::int64_t id);
// The statuses of `ids` that exist, in no particular order.
std::vector<Status> find_statuses(Connection& conn, const std::vector<std::int64_t>& ids);
void delete_status(Connection& conn, std::int64_t id);

void insert_mention(Connection& conn, std::int64_t status_id, std::int64_t account_id);
std::vector<std::int64_t> mentioned_account_ids(Connection& conn, std::int64_t status_id);
// The tag's id, creating it on first use.
std::int64_t upsert_tag(Connection& conn, const std::string& name, const std::string& display_name);
void insert_status_tag(Connection& conn, std::int64_t status_id, std::int64_t tag_id);
std::vector<std::string> status_tag_names(Connection& conn, std::int64_t status_id);
// Batch forms for pages: keyed by status id, statuses without any left out.
std::unordered_map<std::int64_t, std::vector<std::int64_t>>
mentioned_account_ids(Connection& conn, const std::vector<std::int64_t>& status_ids);
std::unordered_map<std::int64_t, std::vector<std::string>>
status_tag_names(Connection& conn, const std::vector<std::int64_t>& status_ids);

// A page of ids: newest first, ids in (min_id or since_id, max_id); with min_id alone, the
// page just above min_id (read upwards, returned newest first).
struct PageQuery {
    std::optional<std::int64_t> max_id, since_id, min_id;
    int limit = 20;
};

// Public and unlisted statuses of an account, boosts included, newest first, with ids in
// (min_id, max_id): its ActivityPub outbox.
std::vector<Status> list_public_statuses(Connection& conn, std::int64_t account_id,
                                         std::optional<std::int64_t> max_id,
                                         std::optional<std::int64_t> min_id, int limit);
std::int64_t count_public_statuses(Connection& conn, std::int64_t account_id);

// An account's statuses as `viewer` may see them (public, unlisted; private when following or
// mentioned; direct when mentioned; everything for the author).
struct AccountStatusFilter {
    bool exclude_replies = false;
    bool exclude_reblogs = false;
    std::optional<std::string> tagged; // a normalised hashtag name
    bool only_media = false;           // statuses with media attachments
};
std::vector<Status> list_account_statuses(Connection& conn, std::int64_t account_id,
                                          std::optional<std::int64_t> viewer, const PageQuery& page,
                                          const AccountStatusFilter& filter);
// Public statuses carrying a hashtag (normalised name), newest first.
std::vector<Status> list_tag_timeline(Connection& conn, const std::string& tag,
                                      const PageQuery& page, bool local_only,
                                      std::optional<std::int64_t> viewer, bool only_media = false);

// The public timeline: public statuses, optionally local or remote only.
// A signed-in viewer does not see the accounts they block or mute, nor those who block them.
// `only_media`: statuses with media attachments only.
std::vector<Status> list_public_timeline(Connection& conn, const PageQuery& page, bool local_only,
                                         bool remote_only, std::optional<std::int64_t> viewer,
                                         bool only_media = false);
// The home feed of `owner`, newest first, with why each status is there (`list` rows, the
// statuses of exclusive lists' members, are left out).
std::vector<FeedEntry> list_home_feed(Connection& conn, std::int64_t owner, const PageQuery& page);
// The part of `owner`'s home feed written (or boosted) by the members of `list` that its replies
// policy shows (blocks and mutes apply), each with reason `list` naming the list and the member.
std::vector<FeedEntry> list_feed_of_list(Connection& conn, std::int64_t owner, const FeedList& list,
                                         const PageQuery& page);
// A row of `owner`'s home feed; a mention by a member of one of their exclusive lists becomes a
// `list` row.
void insert_feed_entry(Connection& conn, std::int64_t owner, std::int64_t status_id,
                       FeedReason reason, std::optional<std::int64_t> reason_account_id,
                       const std::optional<std::string>& reason_tag);

std::int64_t count_replies(Connection& conn, std::int64_t status_id);
// The public and unlisted replies to a status, oldest first (a status page's thread).
std::vector<Status> list_public_replies(Connection& conn, std::int64_t status_id, int limit);
// Whether `viewer` follows `account`.
bool follows(Connection& conn, std::int64_t viewer, std::int64_t account);

// Idempotency-Key: the status a key already produced for this account, if any.
std::optional<std::int64_t> find_idempotent_status(Connection& conn, std::int64_t account_id,
                                                   const std::string& key);
void remember_idempotency_key(Connection& conn, std::int64_t account_id, const std::string& key,
                              std::int64_t status_id, std::int64_t now);

} // namespace agora::store

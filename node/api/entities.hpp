// Mastodon API entities (Account, Status...) from the node's records: the one place that decides
// their JSON shape, as GoToSocial's typeutils does.
#pragma once

#include "model/account.hpp"
#include "model/conversation.hpp"
#include "model/filter.hpp"
#include "model/media.hpp"
#include "model/poll.hpp"
#include "model/profile.hpp"
#include "model/relationship.hpp"
#include "model/status.hpp"
#include "model/status_edit.hpp"
#include "model/tag.hpp"
#include "statuses/status_filters.hpp"
#include "store/account_moderation_repo.hpp"
#include "store/interactions_repo.hpp"
#include "store/polls_repo.hpp"
#include "store/reports_repo.hpp"
#include "store/stats_repo.hpp"
#include "util/json_writer.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace agora {
struct Config;
namespace store {
class Connection;
}
} // namespace agora

namespace agora::api {

struct AccountInputs;

class EntityWriter {
public:
    EntityWriter(store::Connection& conn, const Config& config, std::optional<std::int64_t> viewer)
        : conn_(conn), config_(config), viewer_(viewer) {}

    // Entities of a page are written as JSON text, with no document tree: these are the source of
    // their shapes. A status or notification is nullopt when what it shows is gone, or when the
    // viewer's `hide` filters take it out of `hide_context` (home, notifications, public, thread,
    // account; empty: never hidden).
    const std::string& account_text(const Account& account);
    std::optional<std::string> status_text(const Status& status,
                                           std::string_view hide_context = {});
    // A home-feed or list status, with `agora.reason` saying why it is there (in a list, the list
    // and the member who brought it).
    std::optional<std::string> feed_status_text(const FeedEntry& entry,
                                                std::string_view hide_context = "home");
    // The same, appended to `out` (a page being written): false, and nothing appended, when the
    // status is not shown.
    bool append_status(std::string& out, const Status& status, std::string_view hide_context = {});
    bool append_feed_status(std::string& out, const FeedEntry& entry,
                            std::string_view hide_context = "home");
    std::optional<std::string> notification_text(std::int64_t id, const std::string& type,
                                                 std::int64_t created_at,
                                                 std::int64_t from_account_id,
                                                 std::optional<std::int64_t> status_id,
                                                 std::string_view hide_context = {});

    // The same entities as documents, for answers that hold one or embed them.
    nlohmann::json account(const Account& account);
    // verify_credentials: the account plus `source` and `role`.
    nlohmann::json credential_account(const Account& account, const User& user);
    // null when it cannot be shown.
    nlohmann::json status(const Status& status);
    nlohmann::json relationship(const Relationship& r);
    // A MediaAttachment (type, url, preview_url, meta with sizes and focus, alt text, blurhash).
    nlohmann::json media_attachment(const MediaAttachment& media);
    // A Poll of a status by `author_id`; `voted` and `own_votes` only for a signed-in viewer.
    nlohmann::json poll(const Poll& poll, std::int64_t author_id);
    // A StatusEdit: one version in a status's history.
    nlohmann::json status_edit(const StatusEdit& edit);
    // A Notification; null when what it points at is gone.
    nlohmann::json notification(std::int64_t id, const std::string& type, std::int64_t created_at,
                                std::int64_t from_account_id,
                                std::optional<std::int64_t> status_id);

    // A Tag: name as first written, URL, the last seven days of public use and, for a signed-in
    // viewer, whether they follow it (entities_tags.cpp).
    nlohmann::json tag(const Tag& tag);
    // Filters (entities_filters.cpp): a Filter, with its keywords and statuses when `with_rules`
    // (not inside a FilterResult); a FilterKeyword; a FilterStatus; a v1 Filter (one keyword).
    nlohmann::json filter(const Filter& filter, bool with_rules);
    nlohmann::json filter_keyword(const FilterKeyword& keyword);
    nlohmann::json filter_status(const FilterStatus& status);
    nlohmann::json v1_filter(const Filter& filter, const FilterKeyword& keyword);
    // A Conversation (entities_conversations.cpp), its last status as this viewer may see it.
    nlohmann::json conversation(const Conversation& conversation);
    // Reports (entities_reports.cpp): Mastodon's Report (for its reporter), Admin::Report and
    // Admin::Account (for moderators).
    nlohmann::json report(const store::Report& report);
    nlohmann::json admin_report(const store::Report& report);
    nlohmann::json admin_account(const Account& account);

    std::optional<Account> account_by_id(std::int64_t id);

    // Reads, in one batch per kind, what rendering `statuses` will need: authors and their
    // counters, boosted statuses, mentions, tags, media, polls, what the viewer did with each.
    // A page then costs a fixed number of queries; rendering a status not prefetched reads its
    // own the same way.
    void prefetch(const std::vector<Status>& statuses,
                  std::vector<std::int64_t> more_account_ids = {});
    void prefetch(const std::vector<FeedEntry>& entries);
    void prefetch_accounts(std::vector<std::int64_t> ids);

private:
    // What a status shows beyond its own row.
    struct Details {
        std::vector<std::int64_t> mention_ids;
        std::vector<std::string> tags;
        std::vector<MediaAttachment> media;
        std::optional<Poll> poll;
        store::StatusCounts counts;
        store::ViewerState viewer;
        bool pinned = false; // by the viewer
    };
    // A status ready to be written: its author, what it shows, the viewer's filters it matches.
    struct Shown {
        const Status* status = nullptr;
        const Account* author = nullptr;
        const Details* details = nullptr;
        std::vector<FilterMatch> matches;
    };
    // What showing `status` needs (the boosted status for a boost); nullopt when it is gone.
    std::optional<Shown> shown(const Status& status);
    // The viewer's filters `status` matches, loaded on first use (entities_filters.cpp).
    std::vector<FilterMatch> filter_matches(const Status& status, const Details& details);
    // Whether the viewer's hide filters take `shown` (by `author_id`) out of `context`.
    bool hidden(const Shown& shown, std::int64_t author_id, std::string_view context) const;
    void write_account(JsonWriter& w, const Account& account);
    void write_account(JsonWriter& w, const AccountInputs& inputs,
                       std::optional<std::int64_t> moved_to);
    AccountProfile profile_of(std::int64_t account_id);
    store::AccountStats stats_of(std::int64_t account_id);
    // What moderators did to the account (prefetched with it, else read now).
    store::AccountModeration moderation_of(std::int64_t account_id);
    void write_status(JsonWriter& w, const Status& status, const Shown& shown);
    // A boost: Mastodon's wrapper status, the booster as account and the original inside.
    void write_boost(JsonWriter& w, const Status& boost, const Account& booster,
                     const Shown& original);
    // What the viewer did with a status, and its `filtered` results.
    void write_viewer_state(JsonWriter& w, const Shown& shown);
    void write_media(JsonWriter& w, const MediaAttachment& media);
    void write_poll(JsonWriter& w, const Poll& poll, std::int64_t author_id);
    void write_application(JsonWriter& w, std::int64_t id);
    bool prefetched(const Status& status) const;

    store::Connection& conn_;
    const Config& config_;
    std::optional<std::int64_t> viewer_;
    std::unordered_map<std::int64_t, Details> details_;
    std::unordered_map<std::int64_t, Status> boosted_;
    std::unordered_map<std::int64_t, std::optional<Account>> accounts_;
    std::unordered_map<std::int64_t, store::AccountStats> account_stats_;
    std::unordered_map<std::int64_t, AccountProfile> profiles_;
    std::unordered_map<std::int64_t, store::AccountModeration> moderations_;
    std::unordered_map<std::int64_t, std::string> account_texts_;
    std::unordered_map<std::int64_t, std::optional<std::string>> applications_;
    std::unordered_map<std::int64_t, store::PollTally> poll_tallies_;
    std::shared_ptr<const StatusFilters> filters_;
};

} // namespace agora::api

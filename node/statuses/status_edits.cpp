// Editing a status, as Mastodon does: re-rendered text, mentions, hashtags, poll, history, event.
#include "statuses/status_edits.hpp"

#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/interactions_repo.hpp"
#include "store/notifications_repo.hpp"
#include "store/polls_repo.hpp"
#include "store/relationships_repo.hpp"
#include "store/status_edits_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace agora {

namespace {
// The status as it stands, for its history.
StatusEdit snapshot(const Status& status, const std::optional<Poll>& poll, std::int64_t account_id,
                    std::int64_t at) {
    StatusEdit edit;
    edit.id = next_id();
    edit.status_id = status.id;
    edit.account_id = account_id;
    edit.text = status.text;
    edit.spoiler_text = status.spoiler_text;
    edit.sensitive = status.sensitive;
    edit.content = status.content;
    if (poll) edit.poll_options = poll->options;
    edit.created_at = at;
    return edit;
}

// Writes the poll the edit asks for over the one the status had. True when the poll changed.
bool apply_poll(store::Connection& conn, const Status& status, const std::optional<Poll>& previous,
                std::optional<Poll>& next) {
    if (!next) {
        if (previous) store::delete_poll(conn, *previous);
        return previous.has_value();
    }
    next->status_id = status.id;
    if (!previous) {
        next->id = next_id();
        store::insert_poll(conn, *next);
        return true;
    }
    // Other options, or another way of choosing, make the votes cast so far meaningless.
    bool reset = next->options != previous->options || next->multiple != previous->multiple;
    next->id = previous->id;
    store::update_poll(conn, *next, reset);
    return reset || next->hide_totals != previous->hide_totals ||
           next->expires_at != previous->expires_at;
}

// Accounts no longer mentioned who may no longer see the status lose it from their feed and
// their notification of it.
void withdraw_mentions(store::Connection& conn, const Status& status,
                       const std::vector<std::int64_t>& before,
                       const std::vector<std::int64_t>& after) {
    for (auto id : before) {
        if (std::find(after.begin(), after.end(), id) != after.end()) continue;
        if (can_see(conn, status, id)) continue;
        store::remove_feed_entry(conn, id, status.id);
        store::delete_notifications_for_status(conn, id, status.account_id, "mention", status.id);
    }
}
} // namespace

std::expected<Status, StatusError> edit_status(store::Database& db, const Config& config,
                                               const Account& author, std::int64_t id,
                                               const StatusChange& change,
                                               RemoteAccountFinder* remote) {
    auto conn = db.acquire();
    auto original = store::find_status(*conn, id);
    if (!original || original->account_id != author.id || original->reblog_of_id)
        return std::unexpected(StatusError{404, "Record not found"});
    auto rendered = render_status_text(*conn, config, change.text, change.spoiler_text, remote);
    if (!rendered) return std::unexpected(rendered.error());
    if (change.language && !change.language->empty() && !valid_language(*change.language))
        return std::unexpected(
            StatusError{422, "Validation failed: Language is not a valid ISO 639 code"});
    auto now = now_unix_ms();
    std::optional<Poll> poll;
    if (change.poll) {
        auto prepared = prepare_poll(*change.poll, now);
        if (!prepared)
            return std::unexpected(StatusError{prepared.error().status, prepared.error().message});
        poll = std::move(*prepared);
    }

    Status edited = *original;
    edited.text = change.text;
    edited.spoiler_text = change.spoiler_text;
    edited.sensitive = change.sensitive.value_or(false) || !change.spoiler_text.empty();
    if (change.language && !change.language->empty()) edited.language = change.language;
    edited.content = rendered->html;

    store::Transaction tx(*conn);
    auto previous_poll = store::find_poll_of_status(*conn, id);
    bool poll_changed = apply_poll(*conn, edited, previous_poll, poll);
    bool text_changed =
        edited.text != original->text || edited.spoiler_text != original->spoiler_text ||
        edited.sensitive != original->sensitive || edited.language != original->language;
    if (!text_changed && !poll_changed) return *original; // nothing to record; rolled back

    // The first edit keeps the original version too, dated when it was posted.
    if (!store::has_status_edits(*conn, id))
        store::insert_status_edit(
            *conn, snapshot(*original, previous_poll, original->account_id, original->created_at));
    edited.edited_at = now;
    store::update_status_text(*conn, edited);
    auto mentioned_before = store::mentioned_account_ids(*conn, id);
    store::clear_mentions_and_tags(*conn, id);
    for (auto account_id : rendered->mentioned_ids)
        store::insert_mention(*conn, id, account_id);
    for (const auto& tag : rendered->hashtags)
        store::insert_status_tag(*conn, id, store::upsert_tag(*conn, tag, tag));
    withdraw_mentions(*conn, edited, mentioned_before, rendered->mentioned_ids);
    store::insert_status_edit(*conn, snapshot(edited, poll, author.id, now));
    store::insert_event(*conn, "status.updated",
                        nlohmann::json{{"status_id", id}, {"account_id", author.id}}.dump());
    tx.commit();
    return edited;
}

void fan_out_status_update(store::Connection& conn, std::int64_t status_id) {
    auto status = store::find_status(conn, status_id);
    if (!status) return; // deleted since
    for (auto id : store::mentioned_account_ids(conn, status_id)) {
        if (id == status->account_id || store::blocked_either_way(conn, id, status->account_id))
            continue;
        store::insert_feed_entry(conn, id, status_id, FeedReason::mention, status->account_id,
                                 std::nullopt);
        store::insert_notification(conn, id, "mention", status->account_id, status_id);
    }
    // Mastodon keeps one `update` notification per edit; one row per (reader, status) is kept
    // here, so the newest edit replaces the previous notification and comes first again.
    for (auto booster : store::local_reblogger_ids(conn, status_id)) {
        if (booster == status->account_id || !can_see(conn, *status, booster)) continue;
        store::delete_notifications_for_status(conn, booster, status->account_id, "update",
                                               status_id);
        store::insert_notification(conn, booster, "update", status->account_id, status_id);
    }
}

} // namespace agora

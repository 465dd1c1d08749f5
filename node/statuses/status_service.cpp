// Posting and deleting statuses: validation, formatting, mentions and hashtags, the author's own
// feed row and the event that drives fan-out, all in one transaction.
#include "statuses/status_service.hpp"

#include "accounts/remote_account_finder.hpp"

#include "config/config.hpp"
#include "model/local_urls.hpp"
#include "statuses/conversations.hpp"
#include "statuses/status_deleted_event.hpp"
#include "statuses/text_format.hpp"
#include "store/account_moderation_repo.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/media_repo.hpp"
#include "store/notifications_repo.hpp"
#include "store/polls_repo.hpp"
#include "store/profiles_repo.hpp"
#include "store/relationships_repo.hpp"

#include "store/search_repo.hpp"
#include "store/statuses_repo.hpp"
#include "store/tags_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace agora {

bool valid_language(const std::string& code) {
    return (code.size() == 2 || code.size() == 3) &&
           std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool can_see(store::Connection& conn, const Status& status, std::optional<std::int64_t> viewer) {
    if (viewer && *viewer == status.account_id) return true;
    if (store::is_account_suspended(conn, status.account_id)) return false;
    if (viewer && store::blocked_either_way(conn, *viewer, status.account_id)) return false;
    if (status.visibility == Visibility::public_ || status.visibility == Visibility::unlisted)
        return true;
    if (!viewer) return false;
    auto mentioned = store::mentioned_account_ids(conn, status.id);
    if (std::find(mentioned.begin(), mentioned.end(), *viewer) != mentioned.end()) return true;
    return status.visibility == Visibility::private_ &&
           store::follows(conn, *viewer, status.account_id);
}

std::expected<RenderedText, StatusError>
render_status_text(store::Connection& conn, const Config& config, const std::string& text,
                   const std::string& spoiler_text, RemoteAccountFinder* remote_finder) {
    if (!valid_utf8(text) || !valid_utf8(spoiler_text))
        return std::unexpected(StatusError{422, "Validation failed: Text is not valid UTF-8"});
    auto trimmed = text.find_first_not_of(" \t\r\n");
    if (trimmed == std::string::npos)
        return std::unexpected(StatusError{422, "Validation failed: Text can't be blank"});
    auto length = countable_length(text);
    auto spoiler_length = countable_length(spoiler_text);
    if (!length || !spoiler_length || *length + *spoiler_length > default_max_characters)
        return std::unexpected(StatusError{422, "Validation failed: Text character limit of " +
                                                    std::to_string(default_max_characters) +
                                                    " exceeded"});
    LocalUrls urls(config);
    RenderedText rendered;
    auto resolve = [&](const MentionRef& ref) -> std::optional<ResolvedMention> {
        // Remote accounts known here, or found with the finder; else the handle stays text.
        bool remote = ref.domain && *ref.domain != config.instance.domain;
        auto account = remote ? store::find_remote_account(conn, ref.username, *ref.domain)
                              : store::find_local_account(conn, ref.username);
        if (!account && remote && remote_finder)
            if (auto id = remote_finder->by_handle(ref.username, *ref.domain))
                account = store::find_account(conn, *id);
        if (!account) return std::nullopt;
        auto& ids = rendered.mentioned_ids;
        if (std::find(ids.begin(), ids.end(), account->id) == ids.end()) ids.push_back(account->id);
        auto page = remote ? account->remote_page() : urls.profile(account->username);
        return ResolvedMention{page, account->username};
    };
    auto formatted = format_status_text(text, config.base_url(), resolve);
    if (!formatted)
        return std::unexpected(StatusError{422, "Validation failed: " + formatted.error().message});
    rendered.html = std::move(formatted->html);
    rendered.hashtags = std::move(formatted->hashtags);
    return rendered;
}

namespace {
StatusError media_not_attachable(std::int64_t id) {
    return {422, "Validation failed: Media attachment " + std::to_string(id) +
                     " is not one of your unattached uploads"};
}

// Each id must name an upload of the author that no status uses yet; at most four.
std::optional<StatusError> media_ids_error(store::Connection& conn, const Account& author,
                                           const std::vector<std::int64_t>& ids, bool with_poll) {
    if (ids.empty()) return std::nullopt;
    if (ids.size() > max_media_attachments || with_poll)
        return StatusError{422, "Cannot attach more than " + std::to_string(max_media_attachments) +
                                    " files"};
    for (auto id : ids) {
        auto media = store::find_media(conn, id);
        if (!media || media->account_id != author.id || media->status_id)
            return media_not_attachable(id);
    }
    return std::nullopt;
}

// A status with media may have no text (as in Mastodon): only its content warning is checked.
std::expected<RenderedText, StatusError> render_media_caption(const std::string& spoiler_text) {
    if (!valid_utf8(spoiler_text))
        return std::unexpected(StatusError{422, "Validation failed: Text is not valid UTF-8"});
    auto length = countable_length(spoiler_text);
    if (!length || *length > default_max_characters)
        return std::unexpected(StatusError{422, "Validation failed: Text character limit of " +
                                                    std::to_string(default_max_characters) +
                                                    " exceeded"});
    return RenderedText{};
}
} // namespace

std::expected<Status, StatusError> create_status(store::Database& db, const Config& config,
                                                 const Account& author, const NewStatus& request,
                                                 RemoteAccountFinder* remote) {
    auto conn = db.acquire();
    if (request.idempotency_key) {
        if (auto previous =
                store::find_idempotent_status(*conn, author.id, *request.idempotency_key))
            if (auto status = store::find_status(*conn, *previous)) return *status;
    }
    std::vector<std::int64_t> media_ids;
    for (auto id : request.media_ids)
        if (std::find(media_ids.begin(), media_ids.end(), id) == media_ids.end())
            media_ids.push_back(id);
    if (auto error = media_ids_error(*conn, author, media_ids, request.poll.has_value()))
        return std::unexpected(*error);
    bool blank = request.text.find_first_not_of(" \t\r\n") == std::string::npos;
    auto rendered = !media_ids.empty() && blank ? render_media_caption(request.spoiler_text)
                                                : render_status_text(*conn, config, request.text,
                                                                     request.spoiler_text, remote);
    if (!rendered) return std::unexpected(rendered.error());
    if (request.language && !request.language->empty() && !valid_language(*request.language))
        return std::unexpected(
            StatusError{422, "Validation failed: Language is not a valid ISO 639 code"});

    // What the client leaves out comes from the author's posting defaults (source[privacy]...).
    auto defaults = store::find_posting_defaults(*conn, author.id);
    Status status;
    status.account_id = author.id;
    status.local = true;
    status.visibility = request.visibility.value_or(defaults.visibility);
    status.text = request.text;
    status.spoiler_text = request.spoiler_text;
    status.sensitive =
        request.sensitive.value_or(defaults.sensitive) || !request.spoiler_text.empty();
    status.language =
        request.language && !request.language->empty() ? request.language : defaults.language;
    status.application_id = request.application_id;
    status.content = rendered->html;

    if (request.in_reply_to_id) {
        auto parent = store::find_status(*conn, *request.in_reply_to_id);
        if (!parent || !can_see(*conn, *parent, author.id))
            return std::unexpected(StatusError{404, "Record not found"});
        status.in_reply_to_id = parent->id;
        status.in_reply_to_account_id = parent->account_id;
    }

    status.id = next_id();
    status.created_at = id_time_ms(status.id);
    std::optional<Poll> poll;
    if (request.poll) {
        auto prepared = prepare_poll(*request.poll, status.created_at);
        if (!prepared)
            return std::unexpected(StatusError{prepared.error().status, prepared.error().message});
        poll = std::move(*prepared);
        poll->id = next_id();
        poll->status_id = status.id;
    }
    store::Transaction tx(*conn);
    store::insert_status(*conn, status);
    if (poll) store::insert_poll(*conn, *poll);
    for (auto id : media_ids) // checked above; a concurrent post may have taken one since
        if (!store::attach_media(*conn, id, author.id, status.id))
            return std::unexpected(media_not_attachable(id)); // rolls the transaction back
    for (auto id : rendered->mentioned_ids)
        store::insert_mention(*conn, status.id, id);
    record_direct_status(*conn, status, rendered->mentioned_ids);
    for (const auto& tag : rendered->hashtags)
        store::insert_status_tag(*conn, status.id, store::upsert_tag(*conn, tag, tag));
    store::insert_feed_entry(*conn, author.id, status.id, FeedReason::own, std::nullopt,
                             std::nullopt);
    store::insert_event(*conn, "status.created", nlohmann::json{{"status_id", status.id}}.dump());
    if (request.idempotency_key)
        store::remember_idempotency_key(*conn, author.id, *request.idempotency_key, status.id,
                                        status.created_at);
    tx.commit();
    return status;
}

std::expected<Status, StatusError> delete_status(store::Database& db, const Account& author,
                                                 std::int64_t id) {
    auto conn = db.acquire();
    auto status = store::find_status(*conn, id);
    if (!status || status->account_id != author.id)
        return std::unexpected(StatusError{404, "Record not found"});
    store::Transaction tx(*conn);
    write_status_deleted_event(*conn, *status); // before the rows it reads go
    // Its media become unattached uploads again, so that a redraft can reuse them (Mastodon's
    // default); they are removed with other stale uploads a day later.
    store::detach_status_media(*conn, id);
    store::delete_status(*conn, id);
    update_conversations_after_delete(*conn);
    tx.commit();
    return *status;
}

void fan_out_status(store::Connection& conn, std::int64_t status_id) {
    auto status = store::find_status(conn, status_id);
    if (!status) return; // deleted before fan-out: nothing to deliver
    auto mentioned = store::mentioned_account_ids(conn, status_id);
    for (auto id : mentioned) {
        if (id == status->account_id || store::blocked_either_way(conn, id, status->account_id))
            continue;
        store::insert_feed_entry(conn, id, status_id, FeedReason::mention, status->account_id,
                                 std::nullopt);
        store::insert_notification(conn, id, "mention", status->account_id, status_id);
    }
    // The followers' feeds are filled before, a slice per transaction (fill_follower_feeds).
    // Followed hashtags bring public statuses only, after the follows (the first reason stays).
    if (status->visibility != Visibility::public_ || status->reblog_of_id) return;
    for (const auto& target : store::hashtag_feed_targets(conn, status_id, status->account_id))
        if (can_see(conn, *status, target.owner_id))
            store::insert_feed_entry(conn, target.owner_id, status_id, FeedReason::hashtag,
                                     std::nullopt, target.tag);
}

} // namespace agora

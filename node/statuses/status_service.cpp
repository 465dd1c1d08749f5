// Posting and deleting statuses: validation, formatting, mentions and hashtags, the author's own
// feed row and the event that drives fan-out, all in one transaction.
#include "statuses/status_service.hpp"

#include "config/config.hpp"
#include "model/local_urls.hpp"
#include "statuses/text_format.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/notifications_repo.hpp"
#include "store/relationships_repo.hpp"

#include "store/statuses_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace agora {

namespace {
bool valid_language(const std::string& code) {
    return (code.size() == 2 || code.size() == 3) &&
           std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}
} // namespace

bool can_see(store::Connection& conn, const Status& status, std::optional<std::int64_t> viewer) {
    if (viewer && *viewer == status.account_id) return true;
    if (viewer && store::blocked_either_way(conn, *viewer, status.account_id)) return false;
    if (status.visibility == Visibility::public_ || status.visibility == Visibility::unlisted)
        return true;
    if (!viewer) return false;
    auto mentioned = store::mentioned_account_ids(conn, status.id);
    if (std::find(mentioned.begin(), mentioned.end(), *viewer) != mentioned.end()) return true;
    return status.visibility == Visibility::private_ &&
           store::follows(conn, *viewer, status.account_id);
}

std::expected<Status, StatusError> create_status(store::Database& db, const Config& config,
                                                 const Account& author, const NewStatus& request) {
    auto conn = db.acquire();
    if (request.idempotency_key) {
        if (auto previous =
                store::find_idempotent_status(*conn, author.id, *request.idempotency_key))
            if (auto status = store::find_status(*conn, *previous)) return *status;
    }
    if (!valid_utf8(request.text) || !valid_utf8(request.spoiler_text))
        return std::unexpected(StatusError{422, "Validation failed: Text is not valid UTF-8"});
    auto trimmed = request.text.find_first_not_of(" \t\r\n");
    if (trimmed == std::string::npos)
        return std::unexpected(StatusError{422, "Validation failed: Text can't be blank"});
    auto length = countable_length(request.text);
    auto spoiler_length = countable_length(request.spoiler_text);
    if (!length || !spoiler_length || *length + *spoiler_length > default_max_characters)
        return std::unexpected(StatusError{422, "Validation failed: Text character limit of " +
                                                    std::to_string(default_max_characters) +
                                                    " exceeded"});
    if (request.language && !request.language->empty() && !valid_language(*request.language))
        return std::unexpected(
            StatusError{422, "Validation failed: Language is not a valid ISO 639 code"});

    Status status;
    status.account_id = author.id;
    status.local = true;
    status.visibility = request.visibility.value_or(Visibility::public_);
    status.text = request.text;
    status.spoiler_text = request.spoiler_text;
    status.sensitive = request.sensitive.value_or(false) || !request.spoiler_text.empty();
    if (request.language && !request.language->empty()) status.language = request.language;
    status.application_id = request.application_id;

    if (request.in_reply_to_id) {
        auto parent = store::find_status(*conn, *request.in_reply_to_id);
        if (!parent || !can_see(*conn, *parent, author.id))
            return std::unexpected(StatusError{404, "Record not found"});
        status.in_reply_to_id = parent->id;
        status.in_reply_to_account_id = parent->account_id;
    }

    LocalUrls urls(config);
    std::vector<std::int64_t> mentioned;
    auto resolve = [&](const MentionRef& ref) -> std::optional<ResolvedMention> {
        if (ref.domain && *ref.domain != config.instance.domain)
            return std::nullopt; // remote: federation issue
        auto account = store::find_local_account(*conn, ref.username);
        if (!account) return std::nullopt;
        if (std::find(mentioned.begin(), mentioned.end(), account->id) == mentioned.end())
            mentioned.push_back(account->id);
        return ResolvedMention{urls.profile(account->username), account->username};
    };
    auto formatted = format_status_text(request.text, config.base_url(), resolve);
    if (!formatted)
        return std::unexpected(StatusError{422, "Validation failed: " + formatted.error().message});
    status.content = formatted->html;

    status.id = next_id();
    status.created_at = id_time_ms(status.id);
    store::Transaction tx(*conn);
    store::insert_status(*conn, status);
    for (auto id : mentioned)
        store::insert_mention(*conn, status.id, id);
    for (const auto& tag : formatted->hashtags)
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
    store::delete_status(*conn, id);
    store::insert_event(*conn, "status.deleted",
                        nlohmann::json{{"status_id", id}, {"account_id", author.id}}.dump());
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
    if (status->visibility == Visibility::direct) return;
    std::optional<Status> original;
    if (status->reblog_of_id) original = store::find_status(conn, *status->reblog_of_id);
    for (auto follower : store::local_follower_ids(conn, status->account_id)) {
        if (original) {
            // A boost of the follower's own post, or of one they cannot see, is not brought to
            // them.
            if (original->account_id == follower || !can_see(conn, *original, follower)) continue;
            store::insert_feed_entry(conn, follower, status_id, FeedReason::boosted_by,
                                     status->account_id, std::nullopt);
        } else {
            store::insert_feed_entry(conn, follower, status_id, FeedReason::followed,
                                     status->account_id, std::nullopt);
        }
    }
}

} // namespace agora

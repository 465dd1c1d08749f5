// Remote posts kept as statuses rows through node code: stored, edited, found by their ids.
#include "federation/remote_statuses.hpp"

#include "config/config.hpp"
#include "model/local_urls.hpp"
#include "statuses/conversations.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/media_repo.hpp"
#include "store/polls_repo.hpp"
#include "store/remote_statuses_repo.hpp"
#include "store/status_edits_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

namespace agora::federation {

namespace {

// "{prefix}{name}{rest}" → name, when `uri` starts with `prefix` and the name is a username.
std::optional<std::string_view> name_after(std::string_view uri, std::string_view prefix) {
    if (!uri.starts_with(prefix)) return std::nullopt;
    auto rest = uri.substr(prefix.size());
    auto end = rest.find('/');
    auto name = rest.substr(0, end);
    if (name.empty() || name.size() > 30) return std::nullopt;
    return name;
}

Poll poll_of(const RemotePoll& remote, std::int64_t status_id, std::int64_t now) {
    Poll poll;
    poll.status_id = status_id;
    poll.options = remote.options;
    poll.multiple = remote.multiple;
    poll.expires_at = remote.expires_at;
    poll.created_at = now;
    return poll;
}

// The voters a remote poll shows: its votersCount, else (single choice) its votes.
std::int64_t voters_of(const RemotePoll& remote) {
    if (remote.voters_count) return *remote.voters_count;
    std::int64_t most = 0, sum = 0;
    for (auto count : remote.counts) {
        most = std::max(most, count);
        sum += count;
    }
    return remote.multiple ? most : sum;
}

void insert_poll_with_counts(store::Connection& conn, Poll poll, const RemotePoll& remote) {
    poll.id = next_id();
    store::insert_poll(conn, poll);
    store::set_remote_poll_counts(conn, poll.id, remote.counts, voters_of(remote));
}

void insert_media(store::Connection& conn, const RemoteStatusRecord& record, std::int64_t status_id,
                  std::int64_t now) {
    for (const auto& a : record.object.attachments) {
        MediaAttachment m;
        m.id = next_id();
        m.account_id = record.author_id;
        m.status_id = status_id;
        m.type = a.type;
        m.content_type = a.media_type.value_or("");
        m.width = m.preview_width = a.width;
        m.height = m.preview_height = a.height;
        m.description = a.description;
        m.focus_x = a.focus_x;
        m.focus_y = a.focus_y;
        m.blurhash = a.blurhash;
        m.remote_url = a.url;
        m.created_at = now;
        store::insert_media(conn, m);
    }
}

void insert_tags(store::Connection& conn, std::int64_t status_id,
                 const std::vector<RemoteHashtag>& tags) {
    for (const auto& tag : tags)
        store::insert_status_tag(conn, status_id,
                                 store::upsert_tag(conn, tag.name, tag.display_name));
}

// Whether the stored media differ from the post's (by URL, alt text, blurhash, focus).
bool media_differ(const std::vector<MediaAttachment>& stored,
                  const std::vector<RemoteAttachment>& next) {
    if (stored.size() != next.size()) return true;
    for (std::size_t i = 0; i < stored.size(); ++i) {
        const auto& s = stored[i];
        const auto& n = next[i];
        if (s.remote_url != n.url || s.description != n.description || s.blurhash != n.blurhash ||
            s.focus_x != n.focus_x || s.focus_y != n.focus_y || s.type != n.type)
            return true;
    }
    return false;
}

StatusEdit snapshot(const Status& status, const std::optional<Poll>& poll,
                    const std::vector<MediaAttachment>& media, std::int64_t at) {
    StatusEdit edit;
    edit.id = next_id();
    edit.status_id = status.id;
    edit.account_id = status.account_id;
    edit.spoiler_text = status.spoiler_text;
    edit.sensitive = status.sensitive;
    edit.content = status.content;
    for (const auto& m : media)
        edit.media_ids.push_back(m.id);
    if (poll) edit.poll_options = poll->options;
    edit.created_at = at;
    return edit;
}

// Writes the poll of the post over the stored one. Returns true when it changed significantly
// (options or their kind: votes reset; added; removed) — only allowed with `significant`.
bool write_poll(store::Connection& conn, const Status& status, const std::optional<Poll>& previous,
                const std::optional<RemotePoll>& next, bool significant, std::int64_t now) {
    if (!next) {
        if (!previous || !significant) return false;
        store::delete_poll(conn, *previous);
        return true;
    }
    if (!previous) {
        if (!significant) return false;
        insert_poll_with_counts(conn, poll_of(*next, status.id, now), *next);
        return true;
    }
    bool reset = next->options != previous->options || next->multiple != previous->multiple;
    if (reset && !significant) return false;
    if (reset || next->expires_at != previous->expires_at) {
        Poll poll = poll_of(*next, status.id, previous->created_at);
        poll.id = previous->id;
        store::update_poll(conn, poll, reset);
    }
    store::set_remote_poll_counts(conn, previous->id, next->counts, voters_of(*next));
    return reset;
}
} // namespace

std::optional<Account> local_account_by_uri(store::Connection& conn, const Config& config,
                                            std::string_view uri) {
    LocalUrls urls(config);
    for (const auto& prefix : {urls.actor(""), urls.profile("")}) {
        auto name = name_after(uri, prefix);
        if (!name || uri.size() != prefix.size() + name->size()) continue;
        auto account = store::find_local_account(conn, *name);
        if (account && account->local()) return account;
    }
    return std::nullopt;
}

std::optional<Status> find_status_by_object_id(store::Connection& conn, const Config& config,
                                               std::string_view id) {
    LocalUrls urls(config);
    std::string prefix = urls.actor("");
    if (auto name = name_after(id, prefix)) {
        constexpr std::string_view middle = "/statuses/";
        auto rest = id.substr(prefix.size() + name->size());
        if (!rest.starts_with(middle)) return std::nullopt;
        auto digits = rest.substr(middle.size());
        std::int64_t status_id = 0;
        auto [end, error] =
            std::from_chars(digits.data(), digits.data() + digits.size(), status_id);
        if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
        auto status = store::find_status(conn, status_id);
        auto author = status ? store::find_account(conn, status->account_id) : std::nullopt;
        if (!status || !status->local || !author || !author->local() ||
            urls.actor(author->username) != prefix + std::string(*name))
            return std::nullopt;
        return status;
    }
    if (id.starts_with(urls.base + "/")) return std::nullopt; // ours, but no status
    return store::find_status_by_uri(conn, id);
}

StoredStatus store_remote_status(store::Database& db, const RemoteStatusRecord& record) {
    const auto& object = record.object;
    auto conn = db.acquire();
    auto now = now_unix_ms();
    for (int attempt = 0;; ++attempt) {
        try {
            store::Transaction tx(*conn);
            if (store::has_status_tombstone(*conn, object.uri, record.author_id))
                return {StoreOutcome::deleted_before, std::nullopt};
            if (auto existing = store::find_status_by_uri(*conn, object.uri))
                return {StoreOutcome::duplicate, existing};
            Status status;
            status.id = next_id();
            status.account_id = record.author_id;
            status.uri = object.uri;
            status.local = false;
            status.visibility = record.visibility;
            status.content = object.content;
            status.created_at = std::min(object.published.value_or(now), now);
            status.spoiler_text = object.spoiler_text;
            status.sensitive = object.sensitive;
            status.language = object.language;
            status.url = object.url.value_or(object.uri);
            if (object.updated && object.updated != object.published)
                status.edited_at = object.updated;
            if (record.parent) {
                status.in_reply_to_id = record.parent->id;
                status.in_reply_to_account_id = record.parent->account_id;
            }
            store::insert_status(*conn, status);
            for (auto id : record.mentioned_ids)
                store::insert_mention(*conn, status.id, id);
            insert_tags(*conn, status.id, object.hashtags);
            insert_media(*conn, record, status.id, now);
            if (object.poll)
                insert_poll_with_counts(*conn, poll_of(*object.poll, status.id, now), *object.poll);
            record_direct_status(*conn, status, record.mentioned_ids);
            if (!record.parent && object.in_reply_to)
                store::insert_reply_uri(*conn, status.id, *object.in_reply_to);
            store::adopt_waiting_replies(*conn, status);
            if (record.distribute)
                store::insert_event(*conn, "status.created",
                                    nlohmann::json{{"status_id", status.id}}.dump());
            tx.commit();
            return {StoreOutcome::stored, status};
        } catch (const store::ConstraintError&) {
            // The same object stored meanwhile by another worker: the next pass finds it.
            if (attempt == 1) throw;
        }
    }
}

EditOutcome apply_remote_edit(store::Database& db, const Status& current,
                              const RemoteStatusRecord& next) {
    const auto& object = next.object;
    auto conn = db.acquire();
    auto now = now_unix_ms();
    store::Transaction tx(*conn);
    auto stored = store::find_status(*conn, current.id);
    if (!stored) return EditOutcome::stale;
    if (stored->edited_at && object.updated && *stored->edited_at > *object.updated)
        return EditOutcome::stale;
    bool explicit_edit =
        object.updated && (!stored->edited_at || *object.updated > *stored->edited_at);
    auto previous_poll = store::find_poll_of_status(*conn, stored->id);
    if (!explicit_edit) {
        write_poll(*conn, *stored, previous_poll, object.poll, false, now);
        tx.commit();
        return EditOutcome::counts_updated;
    }

    auto previous_media = store::list_status_media(*conn, stored->id);
    bool first_edit = !store::has_status_edits(*conn, stored->id);
    std::optional<StatusEdit> original;
    if (first_edit) original = snapshot(*stored, previous_poll, previous_media, stored->created_at);

    bool media_changed = media_differ(previous_media, object.attachments);
    if (media_changed) {
        store::delete_remote_status_media(*conn, stored->id);
        insert_media(*conn, next, stored->id, now);
    }
    bool poll_changed = write_poll(*conn, *stored, previous_poll, object.poll, true, now);
    Status edited = *stored;
    edited.content = object.content;
    edited.spoiler_text = object.spoiler_text;
    edited.sensitive = object.sensitive;
    if (object.language) edited.language = object.language;
    if (object.url) edited.url = object.url;
    bool significant = edited.content != stored->content ||
                       edited.spoiler_text != stored->spoiler_text || media_changed || poll_changed;
    if (significant) edited.edited_at = std::min(*object.updated, now);
    store::update_status_text(*conn, edited);
    store::clear_status_tags(*conn, stored->id);
    insert_tags(*conn, stored->id, object.hashtags);
    // Those no longer named keep their access (Mastodon makes them silent mentions).
    for (auto id : next.mentioned_ids)
        store::insert_mention(*conn, stored->id, id);
    if (!significant) {
        tx.commit();
        return EditOutcome::counts_updated;
    }
    if (original) store::insert_status_edit(*conn, *original);
    store::insert_status_edit(*conn, snapshot(edited, store::find_poll_of_status(*conn, stored->id),
                                              store::list_status_media(*conn, stored->id),
                                              *edited.edited_at));
    store::insert_event(
        *conn, "status.updated",
        nlohmann::json{{"status_id", stored->id}, {"account_id", stored->account_id}}.dump());
    tx.commit();
    return EditOutcome::edited;
}

} // namespace agora::federation

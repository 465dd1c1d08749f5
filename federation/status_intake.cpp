// Taking remote posts in: relevance, parents, mentions, and fetching posts by id.
#include "federation/status_intake.hpp"

#include "events/event_worker.hpp"
#include "federation/as_values.hpp"
#include "federation/domain_gate.hpp"
#include "federation/federation_client.hpp"
#include "federation/remote_documents.hpp"
#include "federation/remote_url.hpp"
#include "moderation/domain_policy.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "store/remote_accounts_repo.hpp"
#include "store/remote_statuses_repo.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

#include <algorithm>

namespace agora::federation {

namespace {
std::unexpected<IntakeProblem> problem(bool retry, std::string message) {
    return std::unexpected(IntakeProblem{retry, std::move(message)});
}

void add_once(std::vector<std::int64_t>& ids, std::int64_t id) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
}

// Media of a domain whose policy rejects media, as Mastodon keeps them (it never downloads
// them): links to where they live, of type unknown (clients show a link, load no preview),
// with their alt text, and nothing read from the file (type, size).
void keep_media_as_links(std::vector<RemoteAttachment>& attachments) {
    for (auto& a : attachments) {
        a.type = "unknown";
        a.media_type.reset();
        a.width = a.height = 0;
    }
}

// Mastodon's related_to_local_activity?: a delivered post is kept when someone here follows its
// author, it names someone here, or (public and unlisted posts) it answers a post of someone
// here or of an account someone here follows.
bool concerns_someone_here(store::Connection& conn, const Config& config,
                           const RemoteStatusRecord& record) {
    auto names_someone_here = [&] {
        for (const auto& id : record.object.to)
            if (local_account_by_uri(conn, config, id)) return true;
        for (const auto& id : record.object.cc)
            if (local_account_by_uri(conn, config, id)) return true;
        for (const auto& href : record.object.mention_hrefs)
            if (local_account_by_uri(conn, config, href)) return true;
        return false;
    };
    bool followed = store::has_local_follower(conn, record.author_id);
    switch (record.visibility) {
    case Visibility::public_:
    case Visibility::unlisted: {
        if (followed || names_someone_here()) return true;
        if (!record.parent) return false;
        if (record.parent->local) return true;
        return store::has_local_follower(conn, record.parent->account_id);
    }
    case Visibility::private_:
        return followed || names_someone_here();
    case Visibility::direct:
        return names_someone_here();
    }
    return false;
}

// A fetched post's document, checked: the id asked for (a different id on the same origin is
// fetched in its turn, once), served from that id's origin.
std::expected<FetchedDocument, IntakeProblem> fetch_post(FederationClient& client,
                                                         const std::string& uri, bool may_follow) {
    auto document =
        fetch_activity_document(client.signed_client(), client.instance_actor().signing_key(), uri);
    if (!document)
        return problem(document.error().failure == DocumentFailure::unreachable,
                       document.error().message);
    auto id = string_at(document->body, "id");
    if (!id) return problem(false, uri + " serves no id");
    if (*id != uri) {
        if (!may_follow || !same_origin(*id, uri))
            return problem(false, uri + " serves a document whose id is " + *id);
        return fetch_post(client, *id, false);
    }
    if (!same_origin(*id, document->url))
        return problem(false, uri + " was served from another origin: " + document->url);
    return std::move(*document);
}
} // namespace

RemoteStatusRecord status_record(store::Connection& conn, const Config& config,
                                 const RemoteAccount& author, const RemoteStatusObject& object) {
    RemoteStatusRecord record;
    record.object = object;
    record.author_id = author.account.id;
    record.visibility = visibility_from_audience(object.to, object.cc, author.followers_url);
    if (object.in_reply_to)
        record.parent = find_status_by_object_id(conn, config, *object.in_reply_to);
    for (const auto& href : object.mention_hrefs) {
        if (auto local = local_account_by_uri(conn, config, href))
            add_once(record.mentioned_ids, local->id);
        else if (auto remote = store::find_remote_account_by_uri(conn, href))
            add_once(record.mentioned_ids, remote->account.id);
    }
    // Members addressed without being named must still see a post meant for a few.
    if (record.visibility == Visibility::private_ || record.visibility == Visibility::direct) {
        for (const auto* audience : {&object.to, &object.cc})
            for (const auto& id : *audience)
                if (auto local = local_account_by_uri(conn, config, id))
                    add_once(record.mentioned_ids, local->id);
    }
    if (moderation::policy_for_url(conn, config, author.uri).reject_media)
        keep_media_as_links(record.object.attachments);
    auto now = now_unix_ms();
    record.distribute = !object.published || *object.published >= now - realtime_window_ms;
    return record;
}

std::expected<Intake, IntakeProblem> take_in_status(InboxContext& context,
                                                    const RemoteAccount& author,
                                                    const RemoteStatusObject& object,
                                                    bool delivered, int depth) {
    auto& node = context.node;
    RemoteStatusRecord record;
    {
        auto conn = node.database().acquire();
        if (auto existing = store::find_status_by_uri(*conn, object.uri))
            return Intake{IntakeOutcome::duplicate, existing};
        if (store::has_status_tombstone(*conn, object.uri, author.account.id))
            return Intake{IntakeOutcome::deleted_before, std::nullopt};
        record = status_record(*conn, node.config(), author, object);
        if (delivered && !concerns_someone_here(*conn, node.config(), record))
            return Intake{IntakeOutcome::unrelated, std::nullopt};
    }
    if (object.in_reply_to && !record.parent && depth > 0) {
        auto parent = resolve_status(context, *object.in_reply_to, depth - 1);
        if (parent)
            record.parent = *parent;
        else
            log::info("federation: the parent of " + object.uri +
                      " stays unknown for now: " + parent.error().message);
    }
    auto stored = store_remote_status(node.database(), record);
    switch (stored.outcome) {
    case StoreOutcome::stored:
        node.events().notify();
        return Intake{IntakeOutcome::stored, stored.status};
    case StoreOutcome::duplicate:
        return Intake{IntakeOutcome::duplicate, stored.status};
    case StoreOutcome::deleted_before:
        return Intake{IntakeOutcome::deleted_before, std::nullopt};
    }
    return Intake{IntakeOutcome::duplicate, stored.status};
}

std::expected<nlohmann::json, IntakeProblem> fetch_post_document(InboxContext& context,
                                                                 const std::string& uri) {
    if (!parse_remote_url(uri) || same_origin(uri, context.node.config().base_url()))
        return problem(false, "not a remote http(s) id: " + uri);
    if (!federates_with_url(context.node, uri))
        return problem(false, uri + ": its domain is suspended or not allowed");
    auto document = fetch_post(context.client, uri, true);
    if (!document) return std::unexpected(document.error());
    return std::move(document->body);
}

std::expected<Status, IntakeProblem> resolve_status(InboxContext& context, const std::string& uri,
                                                    int depth) {
    const auto& config = context.node.config();
    {
        auto conn = context.node.database().acquire();
        if (auto known = find_status_by_object_id(*conn, config, uri)) return *known;
    }
    auto document = fetch_post_document(context, uri);
    if (!document) return std::unexpected(document.error());
    const auto& body = *document;
    auto id = *string_at(body, "id");
    if (id != uri) { // fetched by the id it gave: perhaps stored under that one
        auto conn = context.node.database().acquire();
        if (auto known = find_status_by_object_id(*conn, config, id)) return *known;
    }
    if (!is_status_type(body))
        return problem(false, id + " is a " + type_of(body) + ", not a post");
    auto authors = ids_at(body, "attributedTo", 1);
    if (authors.empty()) return problem(false, id + " names no author");
    if (!same_origin(authors.front(), id))
        return problem(false, id + " is attributed to another origin: " + authors.front());
    auto author = context.client.actors().resolve_actor(authors.front());
    if (!author)
        return problem(author.error().failure == ResolveFailure::unreachable,
                       "the author of " + id + ": " + author.error().message);
    auto object = read_remote_status(body, nlohmann::json(), config.base_url(), now_unix_ms());
    if (!object) return problem(false, id + ": " + object.error());
    auto taken = take_in_status(context, *author, *object, false, depth);
    if (!taken) return std::unexpected(taken.error());
    if (!taken->status) return problem(false, id + " was deleted by its author");
    return *taken->status;
}

} // namespace agora::federation

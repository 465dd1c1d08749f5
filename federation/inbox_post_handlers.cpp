// Inbox handlers of remote posts: Create (and poll votes), Update and Delete.
#include "events/event_worker.hpp"
#include "federation/as_values.hpp"
#include "federation/inbox_status_handlers.hpp"
#include "federation/remote_interactions.hpp"
#include "federation/remote_status_reader.hpp"
#include "federation/remote_statuses.hpp"
#include "federation/remote_url.hpp"
#include "federation/status_intake.hpp"
#include "node.hpp"
#include "statuses/polls.hpp"
#include "statuses/status_service.hpp"
#include "store/database.hpp"
#include "store/polls_repo.hpp"
#include "store/remote_statuses_repo.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

#include <algorithm>

namespace agora::federation {

namespace {
using nlohmann::json;

// Updates to unknown posts older than this are not taken as their creation (as Mastodon).
constexpr std::int64_t update_creates_within_ms = 24 * 3600 * 1000;

bool is_actor(const json& object) {
    return has_type(object, {"Person", "Service", "Application", "Group", "Organization"});
}

const json& object_of(const json& activity) {
    static const json none;
    auto it = activity.find("object");
    return it == activity.end() ? none : *it;
}

// A post named by its id only: fetched from its server, which must be the sender's.
std::expected<json, IntakeProblem> dereference(InboxContext& context, const RemoteAccount& sender,
                                               const json& object) {
    if (!object.is_string()) return object;
    auto id = object.get<std::string>();
    if (!same_origin(id, sender.uri))
        return std::unexpected(IntakeProblem{false, id + " is not on the sender's origin"});
    return fetch_post_document(context, id);
}

// The sender may only speak for posts of their own origin that they wrote (FEP-fe34).
std::optional<std::string> not_theirs(const RemoteStatusObject& post, const RemoteAccount& sender) {
    if (!same_origin(post.uri, sender.uri)) return post.uri + " is not on the sender's origin";
    if (post.attributed_to != sender.uri)
        return post.uri + " is attributed to " + post.attributed_to;
    return std::nullopt;
}

// Mastodon's poll votes: a Note naming an option of a local poll it answers. nullopt when the
// post is no vote.
std::optional<InboxOutcome> vote(InboxContext& context, const InboxActivity& in,
                                 const RemoteAccount& sender, const RemoteStatusObject& post) {
    if (!post.name || !post.in_reply_to) return std::nullopt;
    std::optional<Poll> poll;
    {
        auto conn = context.node.database().acquire();
        auto question = find_status_by_object_id(*conn, context.node.config(), *post.in_reply_to);
        if (!question || !question->local) return std::nullopt;
        poll = store::find_poll_of_status(*conn, question->id);
    }
    if (!poll) return std::nullopt;
    auto option = std::find(poll->options.begin(), poll->options.end(), *post.name);
    if (option == poll->options.end()) return std::nullopt;
    auto voted = vote_in_poll(context.node.database(), sender.account, poll->id,
                              {std::to_string(option - poll->options.begin())});
    if (!voted) return ignored_because(in, "vote refused: " + voted.error().message);
    context.node.events().notify();
    return InboxOutcome::applied;
}

InboxOutcome take_in(InboxContext& context, const InboxActivity& in, const RemoteAccount& sender,
                     const RemoteStatusObject& post) {
    auto taken = take_in_status(context, sender, post, true, max_thread_fetch_depth);
    if (!taken) return outcome_of_problem(in, taken.error());
    switch (taken->outcome) {
    case IntakeOutcome::stored:
        return InboxOutcome::applied;
    case IntakeOutcome::duplicate:
        return ignored_because(in, post.uri + " is stored already");
    case IntakeOutcome::deleted_before:
        return ignored_because(in, post.uri + " was deleted before it arrived");
    case IntakeOutcome::unrelated:
        return ignored_because(in, post.uri + " concerns nobody here");
    }
    return InboxOutcome::ignored;
}

InboxOutcome on_create(InboxContext& context, const InboxActivity& in) {
    auto sender = inbox_sender(context, in);
    if (!sender) return ignored_because(in, "unknown sender");
    auto object = dereference(context, *sender, object_of(in.activity));
    if (!object) return outcome_of_problem(in, object.error());
    if (!is_status_type(*object)) return ignored_because(in, "not a post: " + type_of(*object));
    auto post =
        read_remote_status(*object, in.activity, context.node.config().base_url(), now_unix_ms());
    if (!post) return ignored_because(in, post.error());
    if (auto why = not_theirs(*post, *sender)) return ignored_because(in, *why);
    if (auto voted = vote(context, in, *sender, *post)) return *voted;
    return take_in(context, in, *sender, *post);
}

InboxOutcome on_update(InboxContext& context, const InboxActivity& in) {
    const json& value = object_of(in.activity);
    if (is_actor(value)) return InboxOutcome::not_mine;
    auto id = id_of(value);
    if (!id || *id == in.actor_uri) return InboxOutcome::not_mine;
    if (value.is_object() && !is_status_type(value)) return InboxOutcome::not_mine;
    auto sender = inbox_sender(context, in);
    if (!sender) return ignored_because(in, "unknown sender");
    if (value.is_string()) { // a post we know, named by its id: fetched
        auto conn = context.node.database().acquire();
        if (!store::find_status_by_uri(*conn, *id)) return InboxOutcome::not_mine;
    }
    auto object = dereference(context, *sender, value);
    if (!object) return outcome_of_problem(in, object.error());
    if (!is_status_type(*object)) return ignored_because(in, "not a post: " + type_of(*object));
    auto now = now_unix_ms();
    auto post = read_remote_status(*object, in.activity, context.node.config().base_url(), now);
    if (!post) return ignored_because(in, post.error());
    if (auto why = not_theirs(*post, *sender)) return ignored_because(in, *why);

    std::optional<Status> current;
    RemoteStatusRecord record;
    {
        auto conn = context.node.database().acquire();
        current = store::find_status_by_uri(*conn, post->uri);
        if (current && (current->account_id != sender->account.id || current->reblog_of_id))
            return ignored_because(in, post->uri + " is not the sender's post");
        if (current) record = status_record(*conn, context.node.config(), *sender, *post);
    }
    if (!current) { // Create and Update may arrive out of order
        if (post->published && *post->published < now - update_creates_within_ms)
            return ignored_because(in, "an update of an old post we do not have");
        return take_in(context, in, *sender, *post);
    }
    switch (apply_remote_edit(context.node.database(), *current, record)) {
    case EditOutcome::edited:
        context.node.events().notify();
        return InboxOutcome::applied;
    case EditOutcome::counts_updated:
        return InboxOutcome::applied;
    case EditOutcome::stale:
        return ignored_because(in, "an older version of " + post->uri);
    }
    return InboxOutcome::ignored;
}

InboxOutcome on_delete(InboxContext& context, const InboxActivity& in) {
    const json& value = object_of(in.activity);
    auto id = id_of(value);
    if (!id) return ignored_because(in, "no object id");
    if (*id == in.actor_uri || is_actor(value)) return InboxOutcome::not_mine;
    auto sender = inbox_sender(context, in);
    if (!sender) return ignored_because(in, "unknown sender");
    if (!same_origin(*id, sender->uri))
        return ignored_because(in, *id + " is not on the sender's origin");
    std::optional<Status> status;
    {
        auto conn = context.node.database().acquire();
        status = store::find_status_by_uri(*conn, *id);
        if (status && status->account_id != sender->account.id)
            return ignored_because(in, *id + " is not the sender's");
        if (!status) { // remembered, so that a late Create does not bring it back
            store::Transaction tx(*conn);
            store::insert_status_tombstone(*conn, *id, sender->account.id, now_unix_ms());
            tx.commit();
            return ignored_because(in, *id + " is not stored");
        }
    }
    if (status->reblog_of_id) {
        remove_remote_boost(context.node.database(), sender->account.id, *id);
    } else {
        {
            auto conn = context.node.database().acquire();
            store::Transaction tx(*conn);
            store::insert_status_tombstone(*conn, *id, sender->account.id, now_unix_ms());
            tx.commit();
        }
        auto deleted = delete_status(context.node.database(), sender->account, status->id);
        if (!deleted) return ignored_because(in, *id + ": " + deleted.error().message);
    }
    context.node.events().notify();
    return InboxOutcome::applied;
}
} // namespace

void add_post_handlers(InboxHandlers& handlers) {
    handlers.emplace("Create", on_create);
    handlers.emplace("Update", on_update);
    handlers.emplace("Delete", on_delete);
}

} // namespace agora::federation

// Statuses as ActivityStreams objects: what a local status's Note (or Question, for a poll) is made
// of, read from the store once, and the document rendered from it as Mastodon renders it.
#include "federation/ap_status.hpp"

#include "federation/activitypub.hpp"
#include "federation/ap_activities.hpp"
#include "federation/ap_replies.hpp"
#include "media/media_service.hpp"
#include "store/accounts_repo.hpp"
#include "store/media_repo.hpp"
#include "store/polls_repo.hpp"
#include "store/statuses_repo.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace agora::federation {

namespace {
using nlohmann::json;

// How far up a thread its root is looked for.
constexpr int max_thread_depth = 64;

std::optional<std::string> uri_of(store::Connection& conn, const LocalUrls& urls,
                                  const Status& status) {
    if (status.uri) return status.uri;
    auto author = store::find_account(conn, status.account_id);
    if (!author) return std::nullopt;
    return status_uri(status, author->username, urls);
}

// The thread's conversation, as Mastodon names one it started: a tag: URI made from the thread's
// first status, when that status is local. A thread started elsewhere gets none here: receivers
// take the conversation from the status replied to.
std::optional<std::string> conversation_of(store::Connection& conn, const Config& config,
                                           const Status& status) {
    Status root = status;
    for (int depth = 0; root.in_reply_to_id; ++depth) {
        auto parent = depth < max_thread_depth ? store::find_status(conn, *root.in_reply_to_id)
                                               : std::nullopt;
        if (!parent) return std::nullopt;
        root = std::move(*parent);
    }
    if (!root.local) return std::nullopt;
    return "tag:" + config.instance.domain + "," + ap_timestamp(root.created_at).substr(0, 10) +
           ":objectId=" + std::to_string(root.id) + ":objectType=Conversation";
}

json attachment_of(const MediaAttachment& m, const Config& config) {
    json doc = {{"type", "Document"},
                {"mediaType", m.content_type},
                {"url", m.remote_url ? *m.remote_url : media_url(config, m, false)},
                {"name", m.description ? json(*m.description) : json(nullptr)},
                {"blurhash", m.blurhash ? json(*m.blurhash) : json(nullptr)},
                {"focalPoint", json::array({m.focus_x, m.focus_y})}};
    if (m.width > 0) doc["width"] = m.width;
    if (m.height > 0) doc["height"] = m.height;
    return doc;
}

void add_poll(json& object, const StatusRecords& r) {
    const Poll& poll = *r.poll;
    json options = json::array();
    for (std::size_t i = 0; i < poll.options.size(); ++i) {
        std::int64_t votes = i < r.poll_counts.size() ? r.poll_counts[i] : 0;
        options.push_back({{"type", "Note"},
                           {"name", poll.options[i]},
                           {"replies", {{"type", "Collection"}, {"totalItems", votes}}}});
    }
    object[poll.multiple ? "anyOf" : "oneOf"] = std::move(options);
    if (poll.expires_at) object["endTime"] = ap_timestamp(*poll.expires_at);
    if (poll.expires_at && r.poll_closed) object["closed"] = ap_timestamp(*poll.expires_at);
    object["votersCount"] = poll.voters_count;
}
} // namespace

std::string status_uri(const Status& status, const std::string& author_username,
                       const LocalUrls& urls) {
    if (status.uri) return *status.uri;
    auto uri = urls.status(author_username, status.id);
    return status.reblog_of_id ? uri + "/activity" : uri;
}

std::optional<StatusRecords> load_status_records(store::Connection& conn, const Config& config,
                                                 std::int64_t status_id, std::int64_t now_ms) {
    LocalUrls urls(config);
    auto status = store::find_status(conn, status_id);
    if (!status) return std::nullopt;
    auto author = store::find_account(conn, status->account_id);
    if (!author || !author->local()) return std::nullopt;
    StatusRecords r;
    r.uri = status_uri(*status, author->username, urls);
    r.author_uri = urls.actor(author->username);
    r.followers = urls.followers(author->username);
    if (status->reblog_of_id) {
        auto original = store::find_status(conn, *status->reblog_of_id);
        if (!original) return std::nullopt;
        auto original_author = load_actor_refs(conn, config, {original->account_id});
        auto original_uri = uri_of(conn, urls, *original);
        if (original_author.empty() || !original_uri) return std::nullopt;
        r.reblog_uri = std::move(original_uri);
        r.reblog_author_uri = original_author.front().uri;
    } else {
        if (status->in_reply_to_id)
            if (auto parent = store::find_status(conn, *status->in_reply_to_id))
                r.in_reply_to_uri = uri_of(conn, urls, *parent);
        r.conversation = conversation_of(conn, config, *status);
        r.mentions = load_actor_refs(conn, config, store::mentioned_account_ids(conn, status->id));
        r.tags = store::status_tag_names(conn, status->id);
        r.media = store::list_status_media(conn, status->id);
        r.poll = store::find_poll_of_status(conn, status->id);
        if (r.poll) {
            auto tallies = store::poll_tallies(conn, {&*r.poll}, std::nullopt);
            r.poll_counts = tallies[r.poll->id].option_counts;
            r.poll_closed = r.poll->expired(now_ms);
        }
    }
    r.status = std::move(*status);
    r.author = std::move(*author);
    if (!r.reblog_uri) load_self_replies(conn, config, r);
    return r;
}

Audience status_records_audience(const StatusRecords& r) {
    if (r.reblog_author_uri)
        return boost_audience(r.status.visibility, r.followers, *r.reblog_author_uri);
    std::vector<std::string> mentioned;
    for (const auto& m : r.mentions)
        mentioned.push_back(m.uri);
    return status_audience(r.status.visibility, r.followers, mentioned);
}

json status_object(const StatusRecords& r, const Config& config) {
    LocalUrls urls(config);
    const Status& s = r.status;
    auto audience = status_records_audience(r);
    json tags = json::array();
    for (const auto& m : r.mentions)
        tags.push_back({{"type", "Mention"}, {"href", m.uri}, {"name", "@" + m.acct}});
    for (const auto& name : r.tags)
        tags.push_back({{"type", "Hashtag"}, {"href", urls.tag_page(name)}, {"name", "#" + name}});
    json attachments = json::array();
    for (const auto& m : r.media)
        attachments.push_back(attachment_of(m, config));
    json object = {
        {"id", r.uri},
        {"type", r.poll ? "Question" : "Note"},
        {"summary", s.spoiler_text.empty() ? json(nullptr) : json(s.spoiler_text)},
        {"inReplyTo", r.in_reply_to_uri ? json(*r.in_reply_to_uri) : json(nullptr)},
        {"published", ap_timestamp(s.created_at)},
        {"url", s.url ? *s.url : urls.status_page(r.author.username, s.id)},
        {"attributedTo", r.author_uri},
        {"to", audience.to},
        {"cc", audience.cc},
        {"sensitive", s.sensitive},
        {"content", s.content},
        {"attachment", std::move(attachments)},
        {"tag", std::move(tags)},
    };
    object["replies"] = replies_collection(r);
    if (r.conversation) object["conversation"] = *r.conversation;
    if (s.language && !s.language->empty()) object["contentMap"] = {{*s.language, s.content}};
    if (s.edited_at) object["updated"] = ap_timestamp(*s.edited_at);
    if (r.poll) add_poll(object, r);
    return object;
}

json status_activity(const StatusRecords& r, const Config& config) {
    json activity = r.reblog_uri ? announce_activity(r.author_uri, r.uri, r.status.created_at,
                                                     *r.reblog_uri, status_records_audience(r))
                                 : create_activity(status_object(r, config));
    activity.erase("@context");
    return activity;
}

std::vector<json> load_vote_activities(store::Connection& conn, const Config& config,
                                       std::int64_t poll_id, std::int64_t voter_id,
                                       const std::vector<int>& choices) {
    LocalUrls urls(config);
    auto poll = store::find_poll(conn, poll_id);
    auto status = poll ? store::find_status(conn, poll->status_id) : std::nullopt;
    auto question = status ? uri_of(conn, urls, *status) : std::nullopt;
    auto people = status ? load_actor_refs(conn, config, {voter_id, status->account_id})
                         : std::vector<ActorRef>{};
    if (!question || people.size() != 2 || !people.front().local) return {};
    std::vector<VoteRef> votes;
    for (const auto& row : store::list_vote_rows(conn, poll_id, voter_id)) {
        bool chosen = std::find(choices.begin(), choices.end(), row.choice) != choices.end();
        if (chosen && row.choice >= 0 && row.choice < int(poll->options.size()))
            votes.push_back({row.id, poll->options[row.choice]});
    }
    return vote_activities(people.front().uri, *question, people.back().uri, votes);
}

} // namespace agora::federation

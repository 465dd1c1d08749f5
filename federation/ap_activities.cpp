// The activities Agora sends, built from plain values: every id stable and derived from the
// actor and the row it describes, every shape the one Mastodon sends.
#include "federation/ap_activities.hpp"

#include "federation/activitypub.hpp"
#include "federation/ap_context.hpp"

namespace agora::federation {

namespace {
using nlohmann::json;

std::string row_id(const std::string& actor, const char* kind, std::int64_t id) {
    return actor + "#" + kind + "/" + std::to_string(id);
}

json activity(std::string id, const char* type, const std::string& actor, json object) {
    return {{"id", std::move(id)}, {"type", type}, {"actor", actor}, {"object", std::move(object)}};
}

// Wraps a Note or Question in an activity that shares its author and addressing.
json wrap_object(std::string id, const char* type, const json& object, const json& published) {
    json a = activity(std::move(id), type, object.at("attributedTo").get<std::string>(), object);
    a["published"] = published;
    a["to"] = object.value("to", json::array());
    a["cc"] = object.value("cc", json::array());
    a["object"].erase("@context");
    return with_context(std::move(a));
}

json follow_object(const FollowRef& f) {
    return {{"id", f.id}, {"type", "Follow"}, {"actor", f.actor}, {"object", f.object}};
}
} // namespace

json create_activity(const json& object) {
    return wrap_object(object.at("id").get<std::string>() + "/activity", "Create", object,
                       object.at("published"));
}

json update_activity(const json& object, std::int64_t updated_ms) {
    return wrap_object(object.at("id").get<std::string>() + "#updates/" +
                           std::to_string(updated_ms / 1000),
                       "Update", object, ap_timestamp(updated_ms));
}

json poll_update_activity(const json& object, std::int64_t at_ms) {
    return wrap_object(object.at("id").get<std::string>() + "#updates/votes/" +
                           std::to_string(at_ms),
                       "Update", object, ap_timestamp(at_ms));
}

json delete_status_activity(const std::string& actor, const std::string& status_uri) {
    json a = activity(status_uri + "#delete", "Delete", actor,
                      {{"id", status_uri}, {"type", "Tombstone"}});
    a["to"] = json::array({public_collection});
    return with_context(std::move(a));
}

json announce_activity(const std::string& actor, const std::string& boost_uri,
                       std::int64_t published_ms, const std::string& object,
                       const Audience& audience) {
    json a = activity(boost_uri, "Announce", actor, object);
    a["published"] = ap_timestamp(published_ms);
    a["to"] = audience.to;
    a["cc"] = audience.cc;
    return with_context(std::move(a));
}

json undo_announce_activity(const json& announce, std::int64_t boost_id) {
    const auto actor = announce.at("actor").get<std::string>();
    json inner = announce;
    inner.erase("@context");
    json a = activity(row_id(actor, "announces", boost_id) + "/undo", "Undo", actor, inner);
    a["to"] = json::array({public_collection});
    return with_context(std::move(a));
}

json like_activity(const std::string& actor, std::int64_t favourite_id,
                   const std::string& status_uri) {
    return with_context(activity(row_id(actor, "likes", favourite_id), "Like", actor, status_uri));
}

json undo_like_activity(const std::string& actor, std::int64_t favourite_id,
                        const std::string& status_uri) {
    json like = like_activity(actor, favourite_id, status_uri);
    like.erase("@context");
    return with_context(
        activity(row_id(actor, "likes", favourite_id) + "/undo", "Undo", actor, like));
}

std::string local_follow_id(const std::string& actor, std::int64_t request_id) {
    return row_id(actor, "follows", request_id);
}

json follow_activity(const FollowRef& follow) {
    return with_context(follow_object(follow));
}

json undo_follow_activity(const FollowRef& follow, std::int64_t follow_id) {
    return with_context(activity(row_id(follow.actor, "follows", follow_id) + "/undo", "Undo",
                                 follow.actor, follow_object(follow)));
}

json accept_follow_activity(const FollowRef& follow, std::int64_t follow_id) {
    return with_context(activity(row_id(follow.object, "accepts/follows", follow_id), "Accept",
                                 follow.object, follow_object(follow)));
}

json reject_follow_activity(const FollowRef& follow, std::int64_t follow_id) {
    return with_context(activity(row_id(follow.object, "rejects/follows", follow_id), "Reject",
                                 follow.object, follow_object(follow)));
}

json flag_activity(const std::string& instance_actor, std::int64_t report_id,
                   const std::vector<std::string>& objects, const std::string& comment) {
    json a = activity(row_id(instance_actor, "flags", report_id), "Flag", instance_actor, objects);
    a["content"] = comment;
    return with_context(std::move(a));
}

json block_activity(const std::string& actor, std::int64_t block_id, const std::string& target) {
    return with_context(activity(row_id(actor, "blocks", block_id), "Block", actor, target));
}

json undo_block_activity(const std::string& actor, std::int64_t block_id,
                         const std::string& target) {
    json block = block_activity(actor, block_id, target);
    block.erase("@context");
    return with_context(
        activity(row_id(actor, "blocks", block_id) + "/undo", "Undo", actor, block));
}

json add_featured_activity(const std::string& actor, std::int64_t event_id,
                           const std::string& status_uri, const std::string& featured) {
    json a = activity(row_id(actor, "featured/adds", event_id), "Add", actor, status_uri);
    a["target"] = featured;
    return with_context(std::move(a));
}

json remove_featured_activity(const std::string& actor, std::int64_t event_id,
                              const std::string& status_uri, const std::string& featured) {
    json a = activity(row_id(actor, "featured/removes", event_id), "Remove", actor, status_uri);
    a["target"] = featured;
    return with_context(std::move(a));
}

json update_actor_activity(const json& actor_document, std::int64_t updated_at_ms) {
    const auto actor = actor_document.at("id").get<std::string>();
    json object = actor_document;
    json context = object.value("@context", json("https://www.w3.org/ns/activitystreams"));
    object.erase("@context");
    json a = activity(actor + "#updates/" + std::to_string(updated_at_ms / 1000), "Update", actor,
                      object);
    a["to"] = json::array({public_collection});
    return with_context(std::move(a), context);
}

json delete_actor_activity(const std::string& actor) {
    json a = activity(actor + "#delete", "Delete", actor, actor);
    a["to"] = json::array({public_collection});
    return with_context(std::move(a));
}

std::vector<json> vote_activities(const std::string& voter, const std::string& question,
                                  const std::string& poll_author,
                                  const std::vector<VoteRef>& votes) {
    std::vector<json> out;
    for (const auto& vote : votes) {
        std::string note_id = row_id(voter, "votes", vote.vote_id);
        json note = {{"id", note_id},         {"type", "Note"},        {"name", vote.option},
                     {"attributedTo", voter}, {"inReplyTo", question}, {"to", poll_author}};
        json a = activity(note_id + "/activity", "Create", voter, std::move(note));
        a["to"] = poll_author;
        out.push_back(with_context(std::move(a)));
    }
    return out;
}

} // namespace agora::federation

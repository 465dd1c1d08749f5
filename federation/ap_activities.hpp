// The activities Agora sends, built from plain values: every id stable and derived from the
// actor and the row it describes, every shape the one Mastodon sends. Top-level documents carry
// their @context; embedded objects do not.
//
// Ids (A is the acting actor's id, S a status's id):
//   Create S/activity · Update S#updates/<edited, unix seconds> · Delete S#delete
//   Update of a poll's counts S#updates/votes/<unix ms when sent>
//   Announce <boost id> (.../statuses/<boost>/activity) · Undo A#announces/<boost>/undo
//   Like A#likes/<favourite> · Undo A#likes/<favourite>/undo
//   Follow A#follows/<request> (or the id it was received with) · Undo A#follows/<follow>/undo
//   Accept A#accepts/follows/<follow> · Reject A#rejects/follows/<follow>
//   Block A#blocks/<block> · Undo A#blocks/<block>/undo
//   Update A#updates/<account updated_at, unix seconds> · Delete A#delete
//   vote A#votes/<vote>/activity wrapping the Note A#votes/<vote>
//   Flag I#flags/<report> (I: the instance actor, which sends every forwarded report)
//   Add A#featured/adds/<event> · Remove A#featured/removes/<event> (the pin's or unpin's event)
#pragma once

#include "federation/ap_addressing.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace agora::federation {

// Create of a Note or Question (from status_object): same actor, addressing and publication
// time as the object.
nlohmann::json create_activity(const nlohmann::json& object);
// Update of an edited Note or Question; `updated_ms` is the edit's time (the status's edited_at).
nlohmann::json update_activity(const nlohmann::json& object, std::int64_t updated_ms);
// Update of a Question whose vote counts changed (or that closed), as Mastodon sends it: the
// object as it now stands, the status's addressing; `at_ms` is when it is sent.
nlohmann::json poll_update_activity(const nlohmann::json& object, std::int64_t at_ms);
// Delete of a status: a Tombstone with its id, to Public (as Mastodon, whatever the visibility).
nlohmann::json delete_status_activity(const std::string& actor, const std::string& status_uri);

// A boost: `boost_uri` is its id (status_uri of the boost), `object` the original's id.
nlohmann::json announce_activity(const std::string& actor, const std::string& boost_uri,
                                 std::int64_t published_ms, const std::string& object,
                                 const Audience& audience);
// Its withdrawal: `announce` as announce_activity made it, `boost_id` the boost's status id.
nlohmann::json undo_announce_activity(const nlohmann::json& announce, std::int64_t boost_id);

nlohmann::json like_activity(const std::string& actor, std::int64_t favourite_id,
                             const std::string& status_uri);
nlohmann::json undo_like_activity(const std::string& actor, std::int64_t favourite_id,
                                  const std::string& status_uri);

// A Follow as sent or received: its id, who follows (actor) and whom (object).
struct FollowRef {
    std::string id;
    std::string actor;
    std::string object;
};
// The id of a Follow Agora sends for the follow request row `request_id`.
std::string local_follow_id(const std::string& actor, std::int64_t request_id);
nlohmann::json follow_activity(const FollowRef& follow);
// `follow_id`: the follows (or follow_requests) row the activities are about.
nlohmann::json undo_follow_activity(const FollowRef& follow, std::int64_t follow_id);
nlohmann::json accept_follow_activity(const FollowRef& follow, std::int64_t follow_id);
nlohmann::json reject_follow_activity(const FollowRef& follow, std::int64_t follow_id);

// A report forwarded to the reported account's instance, as Mastodon sends it: from the instance
// actor (the reporter stays anonymous), object = [the account, its reported statuses], content =
// the reporter's comment.
nlohmann::json flag_activity(const std::string& instance_actor, std::int64_t report_id,
                             const std::vector<std::string>& objects, const std::string& comment);

nlohmann::json block_activity(const std::string& actor, std::int64_t block_id,
                              const std::string& target);
nlohmann::json undo_block_activity(const std::string& actor, std::int64_t block_id,
                                   const std::string& target);

// A pin (Add) or unpin (Remove) of the actor's own post on its featured collection, as Mastodon
// sends them: object = the post's id, target = the collection, no addressing (they go to the
// actor's followers). `event_id` is the events row of the pin or unpin.
nlohmann::json add_featured_activity(const std::string& actor, std::int64_t event_id,
                                     const std::string& status_uri, const std::string& featured);
nlohmann::json remove_featured_activity(const std::string& actor, std::int64_t event_id,
                                        const std::string& status_uri, const std::string& featured);

// Update of a profile: `actor_document` as federation/actor.cpp serves it (its @context becomes
// the activity's), `updated_at_ms` the account's updated_at.
nlohmann::json update_actor_activity(const nlohmann::json& actor_document,
                                     std::int64_t updated_at_ms);
// Deletion of an account.
nlohmann::json delete_actor_activity(const std::string& actor);

// Votes in a poll, as Mastodon sends them: one Create{Note} per chosen option, the Note named
// after the option, in reply to the Question and addressed to its author only.
struct VoteRef {
    std::int64_t vote_id = 0; // the poll_votes row
    std::string option;       // the chosen option's title
};
std::vector<nlohmann::json> vote_activities(const std::string& voter, const std::string& question,
                                            const std::string& poll_author,
                                            const std::vector<VoteRef>& votes);

} // namespace agora::federation

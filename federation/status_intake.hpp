// Taking remote posts in: what must be checked against the database or the network before a
// post is stored — whether a delivered post concerns anyone here (Mastodon's rule), the post it
// replies to (fetched when unknown, to a bounded depth), the accounts it names — and fetching a
// post by its id with a signed GET, checked as FEP-fe34 asks (the answer's id and origin, an
// author on the same origin), never trusting a copy embedded by someone else.
#pragma once

#include "federation/inbox_activity.hpp"
#include "federation/remote_statuses.hpp"
#include "model/remote_account.hpp"

#include <nlohmann/json.hpp>

#include <expected>
#include <optional>
#include <string>

namespace agora::federation {

// How many ancestors of a post are fetched when it arrives (Mastodon resolves threads too).
inline constexpr int max_thread_fetch_depth = 3;

struct IntakeProblem {
    bool retry = false; // a server could not be reached: worth trying again later
    std::string message;
};

enum class IntakeOutcome {
    stored,
    duplicate,      // already stored (status: that one)
    deleted_before, // deleted by its author before it arrived
    unrelated,      // delivered, but concerns nobody here (nobody follows, names or is answered)
};
struct Intake {
    IntakeOutcome outcome;
    std::optional<Status> status;
};

// What storing (or editing) `object` by `author` needs from the database: its visibility, its
// known parent, the accounts it names (local ones, and remote ones already known; local
// accounts in the audience of a followers-only or direct post count as named, so that they may
// see it), and whether it is recent enough for home feeds.
RemoteStatusRecord status_record(store::Connection& conn, const Config& config,
                                 const RemoteAccount& author, const RemoteStatusObject& object);

// Stores a post read and origin-checked by the caller. With `delivered`, a post that concerns
// nobody here is refused (unrelated). An unknown parent is fetched while `depth` > 0; when it
// cannot be, the reply is stored without it and linked when it arrives.
std::expected<Intake, IntakeProblem> take_in_status(InboxContext& context,
                                                    const RemoteAccount& author,
                                                    const RemoteStatusObject& object,
                                                    bool delivered, int depth);

// A post's document fetched by id (signed, as the instance actor): it must carry the id asked
// for (a different id on the same origin is fetched once in its turn) and come from that id's
// origin. The document's id is then the one to trust.
std::expected<nlohmann::json, IntakeProblem> fetch_post_document(InboxContext& context,
                                                                 const std::string& uri);

// The status whose ActivityPub id is `uri`: the stored one (ours included), else fetched from
// its server (signed, as the instance actor) and taken in. The answer must carry the id asked
// for (a different id on the same origin is fetched once in its turn), come from the id's
// origin, be a post type and be attributed to an actor of that origin, who is then resolved.
std::expected<Status, IntakeProblem> resolve_status(InboxContext& context, const std::string& uri,
                                                    int depth = max_thread_fetch_depth);

} // namespace agora::federation

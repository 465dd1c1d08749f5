// Remote actors on demand: fetched (signed as the instance actor), validated, stored as accounts
// rows and refreshed when stale (in the background while its refresher runs:
// federation/actor_refresher.hpp); their keys found for the inbox's signature checks (fetched when
// unknown, fetched again when a signature fails: key rotation); WebFinger handles resolved to
// actors. Blocking calls: use them from request handlers or workers, not from the HTTP client's
// own threads.
#pragma once

#include "federation/actor_refresher.hpp"
#include "federation/instance_actor.hpp"
#include "federation/parsed_keys.hpp"
#include "federation/signature_keys.hpp"
#include "federation/signed_client.hpp"
#include "model/remote_account.hpp"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace agora {
class Node;
}

namespace agora::federation {

struct ResolverOptions {
    std::chrono::seconds refresh_after{24 * 3600}; // federation.actor_refresh_interval
    // refetch_key fetches an actor again at most this often (a stream of bad signatures must
    // not become a stream of fetches).
    std::chrono::seconds min_refetch_interval{60};
};

enum class ResolveFailure {
    invalid_uri,     // not an http(s) URL, or not a handle
    local,           // names this instance: nothing to fetch
    unreachable,     // the server could not be reached or failed (5xx, timeouts, refused...)
    gone,            // 404 or 410
    refused,         // 401, 403 and other 4xx
    invalid,         // not an acceptable actor (see actor_reader.hpp), or ids that disagree
    not_found,       // WebFinger has no ActivityPub actor for the handle
    handle_mismatch, // the actor found is not the handle asked for
    key_not_found,   // the actor does not (or no longer) have this key id
    conflict,        // its handle belongs to another stored actor id of the same domain
};
std::string_view failure_name(ResolveFailure failure);

struct ResolveError {
    ResolveFailure failure;
    std::string message;
};

// The key behind a key id, and whose it is.
struct ActorKey {
    std::int64_t account_id = 0;
    std::string actor_uri;
    std::string key_id;
    PublicKey key;
    bool local = false;
};

class ActorResolver {
public:
    ActorResolver(Node& node, SignedClient& client, InstanceActor& instance_actor,
                  ResolverOptions options);

    // The actor whose id is `uri`: the stored copy while fresh; an unknown one fetched (the
    // document served must carry exactly this id, from the same origin as the URL that answered,
    // after redirects). A stale one (older than refresh_after) is answered as stored at once and
    // refreshed in the background while refresher() runs (else fetched now, as the command line
    // tool does). `force_refresh` fetches it now. When a refresh fails for want of an answer, the
    // stored copy is returned.
    std::expected<RemoteAccount, ResolveError> resolve_actor(std::string_view uri,
                                                             bool force_refresh = false);
    // An actor found by a URL that may not be its id (a profile page from a search): fetched,
    // then fetched again by the id it gives, which must serve the same id.
    std::expected<RemoteAccount, ResolveError> resolve_actor_url(std::string_view url);

    // The public key of `key_id` and its owner; local keys are read from the database, remote
    // ones from the stored actor, or else fetched (the key id's document, then its owner).
    std::expected<ActorKey, ResolveError> key_for(std::string_view key_id);
    // After a signature failed with the stored key: the owner is fetched again (at most once per
    // min_refetch_interval) and the key it now publishes returned.
    std::expected<ActorKey, ResolveError> refetch_key(std::string_view key_id);

    // WebFinger: "acct:user@domain", "user@domain" or "@user@domain" → the actor id its `self`
    // link gives, asked over https (with federation.allow_http, a test setting: http, then https).
    std::expected<std::string, ResolveError> webfinger(std::string_view handle);
    // WebFinger, then the actor, which must have the handle asked for (user and domain).
    std::expected<RemoteAccount, ResolveError> resolve_handle(std::string_view handle);

    // Refreshes stale actors in the background; started and stopped by Federation.
    ActorRefresher& refresher() { return refresher_; }

private:
    std::expected<RemoteAccount, ResolveError> fetch_and_store(const std::string& uri);
    std::expected<RemoteAccount, ResolveError> store(const nlohmann::json& document,
                                                     const std::string& served_from);
    std::expected<ActorKey, ResolveError> local_key(std::string_view key_id);
    std::expected<ActorKey, ResolveError> key_of(const RemoteAccount& actor,
                                                 std::string_view key_id);
    bool is_local(std::string_view url) const;

    Node& node_;
    SignedClient& client_;
    InstanceActor& instance_actor_;
    ResolverOptions options_;
    ParsedKeys parsed_keys_;   // keys of stored actors, parsed once
    ActorRefresher refresher_; // last: its thread uses the members above
};

} // namespace agora::federation

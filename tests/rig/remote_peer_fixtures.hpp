// A remote server for inbox tests: a loopback FakePeer that serves actors (with keys) and posts,
// writes the activities such a server sends, shaped as Mastodon's, and hands them to a test
// node's inbox handlers as the inbox worker would once the delivery's signature is checked.
#pragma once

#include "config/config.hpp"
#include "crypto/keys.hpp"
#include "federation/inbox_activity.hpp"
#include "rig/fake_peer.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace agora::testing {

inline constexpr const char* as_public = "https://www.w3.org/ns/activitystreams#Public";

// For TestNode: federation may reach loopback peers over plain http.
std::function<void(Config&)> loopback_federation();

class RemoteServer {
public:
    RemoteServer();

    FakePeer peer;
    crypto::KeyPair keys;

    std::string origin() const { return peer.origin(); }
    std::string actor_id(const std::string& name) const { return peer.url("/users/" + name); }
    std::string followers(const std::string& name) const { return actor_id(name) + "/followers"; }
    std::string featured(const std::string& name) const {
        return actor_id(name) + "/collections/featured";
    }

    // Serves the Person `name` (inbox, followers, featured, its key) and returns its id.
    std::string add_actor(const std::string& name);
    // Serves `document` at the path of its id.
    void serve(const nlohmann::json& document);
    // Answers GETs of the path of `id` with `status` (404, 503...).
    void fail(const std::string& id, int status);

    // A new post id of `name`: <actor>/statuses/<n>.
    std::string next_post_id(const std::string& name);
    // A Note by `name`, published now, addressed as Mastodon addresses `visibility` (public,
    // unlisted, private, direct), `mentions` (actor ids) in cc (to for direct) and in its tags.
    nlohmann::json note(const std::string& name, const std::string& html,
                        const std::string& visibility = "public",
                        const std::vector<std::string>& mentions = {});
    // Create of `object`, by its author, with its addressing.
    nlohmann::json create(const nlohmann::json& object) const;
    // Update of `object`, by its author.
    nlohmann::json update(const nlohmann::json& object) const;
    // An activity of `type` by `name` about `object`, with a new id on this server.
    nlohmann::json activity(const std::string& type, const std::string& name,
                            const nlohmann::json& object);

private:
    int counter_ = 0;
};

// Gives `activity` to `node`'s inbox handlers of its type, as the inbox worker would: its actor
// resolved (fetched from its server), then each handler of the type asked in turn until one
// answers something else than not_mine (which is answered when none does). Runs the event
// consumers afterwards, so that fan-out has happened when it returns. `handlers`: another table
// than the node's (one family of handlers alone).
federation::InboxOutcome deliver(TestNode& node, const nlohmann::json& activity,
                                 const federation::InboxHandlers* handlers = nullptr);

// The stored account of a remote actor (resolved from its server when unknown).
std::int64_t remote_account_id(TestNode& node, const std::string& actor_uri);
// A follows row from the local `follower` to the remote actor.
void follow_remote(TestNode& node, const Account& follower, const std::string& actor_uri);

// The scene of inbox tests: a node, a remote server with bob, and two members: carol follows
// bob, alice does not (her actor id is alice_uri).
struct FederatedWorld {
    FederatedWorld();

    TestNode t;
    RemoteServer remote;
    Member alice, carol;
    std::string bob;
    httplib::Client client;
    const std::string alice_uri = "https://agora.test/users/alice";

    // deliver(), by name: "applied", "ignored", "not_mine", "retry_later".
    std::string deliver(const nlohmann::json& activity);
    // The local id of the status stored with this uri; "" when there is none.
    std::string local_id(const std::string& uri);
    // The one number `sql` answers.
    std::int64_t count(const std::string& sql);
};

// An instant `ms` milliseconds from now (negative: ago), as ActivityPub writes them.
std::string iso_in(std::int64_t ms);

// "applied", "ignored", "not_mine", "retry_later": what tests compare.
std::string outcome_name(federation::InboxOutcome outcome);

} // namespace agora::testing

// The instance actor: the account that speaks for the instance itself, as Mastodon's and
// GoToSocial's do. It signs the GETs the instance makes on nobody's behalf (actors, keys,
// objects), so that servers requiring signed fetches answer them. It is a local accounts row
// with actor_type 'Application', no user (nobody signs in as it), named after the instance's
// host ("social.example.org", or "instance.actor" when the host has no dot): member names cannot
// contain a dot, so it never takes one. It is served at /actor (key /actor#main-key) and found
// by WebFinger as acct:<host>@<domain>; /users/<host> does not serve it, and it appears in no
// member count or search.
#pragma once

#include "federation/signed_client.hpp"
#include "model/account.hpp"

#include <nlohmann/json_fwd.hpp>

#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace agora {
class Node;
struct Config;
namespace store {
class Connection;
class Database;
} // namespace store
} // namespace agora

namespace agora::federation {

std::string instance_actor_username(const Config& config);
std::string instance_actor_url(const Config& config);    // https://example.org/actor
std::string instance_actor_key_id(const Config& config); // https://example.org/actor#main-key
// Whether a local username can only be the instance actor's (it contains a dot).
bool is_instance_actor_username(std::string_view username);

// The instance actor's row, created with a fresh RSA key pair the first time it is needed.
Account ensure_instance_actor(store::Database& db, const Config& config);
// The same on a connection (inside a transaction: the delivery of a forwarded report).
Account ensure_instance_actor(store::Connection& conn, const Config& config);

// The instance actor's row and signing key, read once and kept.
class InstanceActor {
public:
    explicit InstanceActor(Node& node) : node_(node) {}
    const SigningKey& signing_key();

private:
    Node& node_;
    std::mutex mutex_;
    std::optional<SigningKey> key_;
};

// Its ActivityPub document: an Application with inbox and outbox, and its public key.
nlohmann::json instance_actor_document(const Account& account, const Config& config);

// GET /actor (the document) and GET /actor/outbox (an empty collection).
void install_instance_actor_routes(Node& node);

} // namespace agora::federation

// A remote actor for federation tests, served by a FakePeer: its key pair (RSA, or Ed25519), its
// actor document at /users/<name> (inbox, sharedInbox, publicKey), and deliveries of activities
// to a node's inbox, signed as Mastodon signs them (draft-cavage) or with RFC 9421.
#pragma once

#include "crypto/keys.hpp"
#include "federation/http_signature.hpp"
#include "rig/fake_peer.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora {
struct Config;
}

namespace agora::testing {

class TestNode;

// Lets a test node fetch from FakePeers: plain http to loopback.
void allow_loopback_peers(Config& config);

struct DeliveryOptions {
    std::string path = "/inbox"; // the node's inbox: "/inbox" or "/users/<name>/inbox"
    bool sign = true;
    federation::SignatureScheme scheme = federation::SignatureScheme::draft_cavage;
    std::int64_t signed_at = 0;        // unix seconds; 0: now
    std::optional<std::string> key_id; // another key id than the actor's own
    // Another private key (PEM) than the actor's own.
    std::optional<std::string> private_key_pem;
    // Changes the request once signed: tampered bodies, headers dropped...
    std::function<void(federation::OutgoingRequest&)> after_signing;
};

struct DeliveryAnswer {
    int status = 0; // 0 when the request could not be sent
    std::string body;
};

// What a GET of a node's document was answered.
struct FetchAnswer {
    int status = 0; // 0 when the request could not be sent
    std::string body;
    std::vector<http::Header> headers;

    // Every value of the header `name`, joined with ", " (Vary may come twice); empty if absent.
    std::string header(std::string_view name) const;
};

class RemoteActor {
public:
    enum class KeyType { rsa, ed25519 };

    RemoteActor(FakePeer& peer, const std::string& username, KeyType key_type = KeyType::rsa);

    const std::string& id() const { return id_; }
    std::string key_id() const { return id_ + "#main-key"; }
    const std::string& username() const { return username_; }
    std::string private_key_pem() const;

    // The document served at id(): change it with set_document (or edit a copy of this).
    nlohmann::json document() const;
    void set_document(nlohmann::json document);
    // A new key pair under the same key id, published from now on (the node has the old one).
    void rotate_key();
    // From now on the actor's URL answers this status (410: the account was deleted).
    void go_away(int status = 410);

    // A fresh id for an activity of this actor: <id>/activities/<n>.
    std::string next_activity_id();
    // {"@context", "id" (fresh), "type", "actor": id(), "object"}.
    nlohmann::json activity(const std::string& type, nlohmann::json object);

    DeliveryAnswer deliver(TestNode& node, const nlohmann::json& activity,
                           const DeliveryOptions& options = {}) const;
    // The same with a body sent as it is (invalid JSON, huge bodies...).
    DeliveryAnswer post(TestNode& node, const std::string& body,
                        const DeliveryOptions& options = {}) const;

    // GET `path` of the node as Mastodon fetches, Accept: application/activity+json, signed as
    // this actor (draft-cavage) unless `options` say otherwise (options.path is not used).
    FetchAnswer fetch(TestNode& node, const std::string& path,
                      const DeliveryOptions& options = {}) const;

private:
    struct Served; // what the peer's thread reads, behind a mutex
    FakePeer& peer_;
    std::string username_;
    std::string id_;
    KeyType key_type_;
    std::shared_ptr<Served> served_;
    std::atomic<int> activities_{0};
};

} // namespace agora::testing

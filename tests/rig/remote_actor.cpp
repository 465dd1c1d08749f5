// A remote actor for federation tests: served by a FakePeer, delivering signed activities.
#include "rig/remote_actor.hpp"

#include "config/config.hpp"
#include "federation/remote_url.hpp"
#include "federation/signature_keys.hpp"
#include "rig/test_node.hpp"

#include <mutex>
#include <stdexcept>

namespace agora::testing {

using nlohmann::json;

struct RemoteActor::Served {
    std::mutex mutex;
    json document;
    crypto::KeyPair keys;
    int status = 200;
};

namespace {
crypto::KeyPair fresh_keys(RemoteActor::KeyType type) {
    return type == RemoteActor::KeyType::ed25519 ? federation::generate_ed25519_keypair()
                                                 : crypto::generate_rsa_keypair();
}

// Signs `request` as `actor` (unless `options` say not to), lets the test change it, and returns
// its headers for httplib, the Content-Type apart: sent to the node's port, addressed (Host) to
// its public name as a proxy would pass it on.
httplib::Headers prepared_headers(const RemoteActor& actor, TestNode& node,
                                  federation::OutgoingRequest& request,
                                  const DeliveryOptions& options, std::string& content_type) {
    if (options.sign) {
        auto key = federation::PrivateKey::from_pem(
            options.private_key_pem.value_or(actor.private_key_pem()));
        if (!key) throw std::runtime_error("remote actor key: " + key.error());
        auto key_id = options.key_id.value_or(actor.key_id());
        auto signed_request =
            options.scheme == federation::SignatureScheme::rfc9421
                ? federation::sign_rfc9421(request, *key, key_id, options.signed_at)
                : federation::sign_cavage(request, *key, key_id, options.signed_at);
        if (!signed_request) throw std::runtime_error("signing: " + signed_request.error());
    }
    if (options.after_signing) options.after_signing(request);
    httplib::Headers headers;
    bool has_host = false;
    for (const auto& [name, value] : request.headers) {
        if (http::iequals(name, "Content-Type")) {
            content_type = value;
            continue;
        }
        has_host = has_host || http::iequals(name, "Host");
        headers.emplace(name, value);
    }
    if (!has_host)
        headers.emplace("Host",
                        federation::parse_remote_url(node.node().config().base_url())->authority());
    return headers;
}
} // namespace

void allow_loopback_peers(Config& config) {
    config.federation.allow_http = true;
    config.federation.allow_private_addresses = true;
    config.federation.connect_timeout_seconds = 2;
    config.federation.request_timeout_seconds = 5;
}

RemoteActor::RemoteActor(FakePeer& peer, const std::string& username, KeyType key_type)
    : peer_(peer), username_(username), id_(peer.url("/users/" + username)), key_type_(key_type),
      served_(std::make_shared<Served>()) {
    served_->keys = fresh_keys(key_type);
    served_->document = {
        {"@context", {"https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"}},
        {"id", id_},
        {"type", "Person"},
        {"preferredUsername", username},
        {"name", username + " far away"},
        {"summary", "<p>A remote actor</p>"},
        {"inbox", id_ + "/inbox"},
        {"outbox", id_ + "/outbox"},
        {"followers", id_ + "/followers"},
        {"endpoints", {{"sharedInbox", peer.url("/inbox")}}},
        {"publicKey", {{"id", key_id()}, {"owner", id_}, {"publicKeyPem", ""}}}};
    served_->document["publicKey"]["publicKeyPem"] = served_->keys.public_pem;
    peer_.on("/users/" + username, [served = served_](const PeerRequest&) {
        std::lock_guard lock(served->mutex);
        if (served->status != 200) return PeerResponse{served->status, "application/json", "{}"};
        return PeerResponse{200, "application/activity+json", served->document.dump()};
    });
}

std::string RemoteActor::private_key_pem() const {
    std::lock_guard lock(served_->mutex);
    return served_->keys.private_pem;
}

json RemoteActor::document() const {
    std::lock_guard lock(served_->mutex);
    return served_->document;
}

void RemoteActor::set_document(json document) {
    std::lock_guard lock(served_->mutex);
    served_->document = std::move(document);
}

void RemoteActor::rotate_key() {
    std::lock_guard lock(served_->mutex);
    served_->keys = fresh_keys(key_type_);
    served_->document["publicKey"]["publicKeyPem"] = served_->keys.public_pem;
}

void RemoteActor::go_away(int status) {
    std::lock_guard lock(served_->mutex);
    served_->status = status;
}

std::string RemoteActor::next_activity_id() {
    return id_ + "/activities/" + std::to_string(++activities_);
}

json RemoteActor::activity(const std::string& type, json object) {
    return {{"@context", "https://www.w3.org/ns/activitystreams"},
            {"id", next_activity_id()},
            {"type", type},
            {"actor", id_},
            {"object", std::move(object)}};
}

DeliveryAnswer RemoteActor::deliver(TestNode& node, const json& activity,
                                    const DeliveryOptions& options) const {
    return post(node, activity.dump(), options);
}

DeliveryAnswer RemoteActor::post(TestNode& node, const std::string& body,
                                 const DeliveryOptions& options) const {
    federation::OutgoingRequest request{"POST",
                                        node.node().config().base_url() + options.path,
                                        {{"Content-Type", "application/activity+json"}},
                                        body};
    std::string content_type;
    auto headers = prepared_headers(*this, node, request, options, content_type);
    auto client = node.client();
    auto target = options.path;
    auto result = client.Post(target, headers, request.body, content_type);
    if (!result) return {};
    return {result->status, result->body};
}

std::string FetchAnswer::header(std::string_view name) const {
    std::string values;
    for (const auto& [key, value] : headers) {
        if (!http::iequals(key, name)) continue;
        if (!values.empty()) values += ", ";
        values += value;
    }
    return values;
}

FetchAnswer RemoteActor::fetch(TestNode& node, const std::string& path,
                               const DeliveryOptions& options) const {
    federation::OutgoingRequest request{"GET",
                                        node.node().config().base_url() + path,
                                        {{"Accept", "application/activity+json"}},
                                        ""};
    std::string content_type;
    auto headers = prepared_headers(*this, node, request, options, content_type);
    auto client = node.client();
    auto result = client.Get(path, headers);
    if (!result) return {};
    FetchAnswer answer{result->status, result->body, {}};
    for (const auto& [name, value] : result->headers)
        answer.headers.emplace_back(name, value);
    return answer;
}

} // namespace agora::testing

// The instance actor: the accounts row that signs the instance's own requests, and its document.
#include "federation/instance_actor.hpp"

#include "crypto/keys.hpp"
#include "federation/activitypub.hpp"
#include "node.hpp"
#include "store/accounts_repo.hpp"
#include "store/remote_accounts_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <stdexcept>

namespace agora::federation {

std::string instance_actor_username(const Config& config) {
    std::string host = config.instance.domain.substr(0, config.instance.domain.rfind(':'));
    if (host.find('.') == std::string::npos || host.front() == '[') return "instance.actor";
    return host;
}

std::string instance_actor_url(const Config& config) {
    return config.base_url() + "/actor";
}

std::string instance_actor_key_id(const Config& config) {
    return instance_actor_url(config) + "#main-key";
}

bool is_instance_actor_username(std::string_view username) {
    return username.find('.') != std::string_view::npos;
}

Account ensure_instance_actor(store::Database& db, const Config& config) {
    auto conn = db.acquire();
    return ensure_instance_actor(*conn, config);
}

Account ensure_instance_actor(store::Connection& conn, const Config& config) {
    if (auto existing = store::find_instance_actor(conn)) return *existing;
    auto keys = crypto::generate_rsa_keypair();
    Account a;
    a.id = next_id();
    a.username = instance_actor_username(config);
    a.display_name = config.instance.title;
    a.kind = AccountKind::bot;
    a.locked = true;
    a.discoverable = false;
    a.public_key_pem = std::move(keys.public_pem);
    a.private_key_pem = std::move(keys.private_pem);
    a.created_at = a.updated_at = now_unix_ms();
    return store::insert_instance_actor(conn, a);
}

const SigningKey& InstanceActor::signing_key() {
    std::lock_guard lock(mutex_);
    if (!key_) {
        auto account = ensure_instance_actor(node_.database(), node_.config());
        std::optional<std::string> pem;
        {
            auto conn = node_.database().acquire();
            pem = store::find_private_key(*conn, account.id);
        }
        if (!pem) throw std::runtime_error("the instance actor has no private key");
        auto key = PrivateKey::from_pem(*pem);
        if (!key) throw std::runtime_error("the instance actor's key: " + key.error());
        key_ = SigningKey{std::move(*key), instance_actor_key_id(node_.config())};
    }
    return *key_;
}

nlohmann::json instance_actor_document(const Account& account, const Config& config) {
    std::string id = instance_actor_url(config);
    return {
        {"@context",
         {"https://www.w3.org/ns/activitystreams",
          "https://w3id.org/security/v1",
          {{"manuallyApprovesFollowers", "as:manuallyApprovesFollowers"}}}},
        {"id", id},
        {"type", "Application"},
        {"preferredUsername", account.username},
        {"name", config.instance.title},
        {"url", config.base_url() + "/"},
        {"inbox", config.base_url() + "/inbox"},
        {"outbox", id + "/outbox"},
        {"endpoints", {{"sharedInbox", config.base_url() + "/inbox"}}},
        {"manuallyApprovesFollowers", true},
        {"publicKey",
         {{"id", instance_actor_key_id(config)},
          {"owner", id},
          {"publicKeyPem", account.public_key_pem}}},
    };
}

void install_instance_actor_routes(Node& node) {
    // Rendered once: the row and its key never change.
    auto rendered = std::make_shared<std::string>();
    auto mutex = std::make_shared<std::mutex>();
    node.router().add("GET", "/actor",
                      [&node, rendered, mutex](http::Request&) {
                          std::lock_guard lock(*mutex);
                          if (rendered->empty()) {
                              auto account = ensure_instance_actor(node.database(), node.config());
                              *rendered = instance_actor_document(account, node.config()).dump();
                          }
                          http::Response r;
                          r.content_type = activity_json;
                          r.body = *rendered;
                          return r;
                      },
                      {.cors = true});
    node.router().add("GET", "/actor/outbox",
                      [&node](http::Request&) {
                          return json_document(
                              {{"@context", "https://www.w3.org/ns/activitystreams"},
                               {"id", instance_actor_url(node.config()) + "/outbox"},
                               {"type", "OrderedCollection"},
                               {"totalItems", 0},
                               {"orderedItems", nlohmann::json::array()}},
                              activity_json);
                      },
                      {.cors = true});
}

} // namespace agora::federation

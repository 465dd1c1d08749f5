// A remote server for inbox tests, and delivering its activities to a test node's handlers.
#include "rig/remote_peer_fixtures.hpp"

#include "federation/federation.hpp"
#include "federation/federation_client.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <stdexcept>

namespace agora::testing {

using nlohmann::json;

std::function<void(Config&)> loopback_federation() {
    return [](Config& config) {
        config.federation.allow_http = true;
        config.federation.allow_private_addresses = true;
        config.federation.connect_timeout_seconds = 2;
        config.federation.request_timeout_seconds = 3;
    };
}

RemoteServer::RemoteServer() : keys(crypto::generate_rsa_keypair()) {}

std::string RemoteServer::add_actor(const std::string& name) {
    std::string id = actor_id(name);
    json actor = {
        {"@context", {"https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"}},
        {"id", id},
        {"type", "Person"},
        {"preferredUsername", name},
        {"name", name + " (remote)"},
        {"inbox", id + "/inbox"},
        {"outbox", id + "/outbox"},
        {"followers", followers(name)},
        {"following", id + "/following"},
        {"featured", featured(name)},
        {"url", peer.url("/@" + name)},
        {"endpoints", {{"sharedInbox", peer.url("/inbox")}}},
        {"publicKey",
         {{"id", id + "#main-key"}, {"owner", id}, {"publicKeyPem", keys.public_pem}}}};
    serve(actor);
    return id;
}

void RemoteServer::serve(const json& document) {
    std::string id = document.at("id");
    peer.serve_json(id.substr(origin().size()), document.dump());
}

void RemoteServer::fail(const std::string& id, int status) {
    peer.on(id.substr(origin().size()), [status](const PeerRequest&) {
        return PeerResponse{status, "application/json", "{}"};
    });
}

std::string RemoteServer::next_post_id(const std::string& name) {
    return actor_id(name) + "/statuses/" + std::to_string(++counter_);
}

json RemoteServer::note(const std::string& name, const std::string& html,
                        const std::string& visibility, const std::vector<std::string>& mentions) {
    std::string id = next_post_id(name);
    json to = json::array(), cc = json::array();
    if (visibility == "public") {
        to.push_back(as_public);
        cc.push_back(followers(name));
    } else if (visibility == "unlisted") {
        to.push_back(followers(name));
        cc.push_back(as_public);
    } else if (visibility == "private") {
        to.push_back(followers(name));
    }
    json tags = json::array();
    for (const auto& m : mentions) {
        (visibility == "direct" ? to : cc).push_back(m);
        tags.push_back({{"type", "Mention"}, {"href", m}, {"name", "@someone"}});
    }
    return {{"id", id},
            {"type", "Note"},
            {"summary", nullptr},
            {"inReplyTo", nullptr},
            {"published", iso8601(now_unix_ms())},
            {"url", peer.url("/@" + name + "/" + std::to_string(counter_))},
            {"attributedTo", actor_id(name)},
            {"to", to},
            {"cc", cc},
            {"sensitive", false},
            {"content", html},
            {"contentMap", {{"en", html}}},
            {"attachment", json::array()},
            {"tag", tags}};
}

json RemoteServer::create(const json& object) const {
    return {{"@context", "https://www.w3.org/ns/activitystreams"},
            {"id", object.at("id").get<std::string>() + "/activity"},
            {"type", "Create"},
            {"actor", object.at("attributedTo")},
            {"published", object.value("published", iso8601(now_unix_ms()))},
            {"to", object.value("to", json::array())},
            {"cc", object.value("cc", json::array())},
            {"object", object}};
}

json RemoteServer::update(const json& object) const {
    return {
        {"@context", "https://www.w3.org/ns/activitystreams"},
        {"id", object.at("id").get<std::string>() + "#updates/" + std::to_string(now_unix_ms())},
        {"type", "Update"},
        {"actor", object.at("attributedTo")},
        {"to", object.value("to", json::array())},
        {"cc", object.value("cc", json::array())},
        {"object", object}};
}

json RemoteServer::activity(const std::string& type, const std::string& name, const json& object) {
    return {{"@context", "https://www.w3.org/ns/activitystreams"},
            {"id", actor_id(name) + "#" + type + "/" + std::to_string(++counter_)},
            {"type", type},
            {"actor", actor_id(name)},
            {"object", object}};
}

std::int64_t remote_account_id(TestNode& node, const std::string& actor_uri) {
    auto account =
        federation::Federation::of(node.node()).client().actors().resolve_actor(actor_uri);
    if (!account) throw std::runtime_error("test actor not resolved: " + account.error().message);
    return account->account.id;
}

federation::InboxOutcome deliver(TestNode& node, const json& activity,
                                 const federation::InboxHandlers* handlers) {
    auto& federation = federation::Federation::of(node.node());
    std::string actor = activity.at("actor");
    federation::InboxActivity in{activity, actor, remote_account_id(node, actor)};
    federation::InboxContext context{node.node(), federation.client()};
    auto outcome = federation::InboxOutcome::not_mine;
    if (!handlers) handlers = &federation.inbox_handlers();
    auto [first, last] = handlers->equal_range(activity.at("type").get<std::string>());
    for (auto it = first; it != last && outcome == federation::InboxOutcome::not_mine; ++it)
        outcome = it->second(context, in);
    node.drain_events();
    return outcome;
}

void follow_remote(TestNode& node, const Account& follower, const std::string& actor_uri) {
    auto target = remote_account_id(node, actor_uri);
    auto conn = node.node().database().acquire();
    store::Transaction tx(*conn);
    auto id = next_id();
    store::insert_follow(*conn, id, follower.id, target, id_time_ms(id));
    tx.commit();
}

FederatedWorld::FederatedWorld()
    : t(loopback_federation()), alice(member(t, "alice")), carol(member(t, "carol")),
      bob(remote.add_actor("bob")), client(t.client()) {
    follow_remote(t, carol.created.account, bob);
}

std::string FederatedWorld::deliver(const json& activity) {
    return outcome_name(testing::deliver(t, activity));
}

std::string FederatedWorld::local_id(const std::string& uri) {
    auto conn = t.node().database().acquire();
    auto st = conn->query("SELECT id FROM statuses WHERE uri = ?", uri);
    return st.step() ? std::to_string(st.int64(0)) : "";
}

std::int64_t FederatedWorld::count(const std::string& sql) {
    auto conn = t.node().database().acquire();
    auto st = conn->query(sql);
    st.step();
    return st.int64(0);
}

std::string iso_in(std::int64_t ms) {
    return iso8601(now_unix_ms() + ms);
}

std::string outcome_name(federation::InboxOutcome outcome) {
    switch (outcome) {
    case federation::InboxOutcome::applied:
        return "applied";
    case federation::InboxOutcome::ignored:
        return "ignored";
    case federation::InboxOutcome::not_mine:
        return "not_mine";
    case federation::InboxOutcome::retry_later:
        return "retry_later";
    }
    return "?";
}

} // namespace agora::testing

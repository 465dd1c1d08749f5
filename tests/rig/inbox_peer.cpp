// A remote instance for delivery tests: stored remote accounts, inboxes that record and check.
#include "rig/inbox_peer.hpp"

#include "crypto/keys.hpp"
#include "federation/http_signature.hpp"
#include "federation/signature_keys.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/remote_accounts_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <mutex>
#include <stdexcept>

namespace agora::testing {

namespace {
// One key pair for every remote account: delivery tests never check their signatures.
const crypto::KeyPair& remote_keys() {
    static const crypto::KeyPair keys = crypto::generate_rsa_keypair();
    return keys;
}
} // namespace

struct InboxPeer::State {
    std::mutex mutex;
    InboxAnswer answer;
};

InboxPeer::InboxPeer(TestNode& node) : node_(node), state_(std::make_shared<State>()) {
    serve_inbox("/inbox");
}

void InboxPeer::serve_inbox(const std::string& path) {
    peer_.on(path, [state = state_](const PeerRequest&) {
        InboxAnswer answer;
        {
            std::lock_guard lock(state->mutex);
            answer = state->answer;
        }
        PeerResponse r{answer.status, "application/json", "{}"};
        r.delay = answer.delay;
        r.headers = answer.headers;
        return r;
    });
}

std::int64_t InboxPeer::add_account(const std::string& username, bool shared_inbox, bool locked) {
    RemoteAccount remote;
    remote.account.id = next_id();
    remote.account.username = username;
    remote.account.domain = peer_.authority();
    remote.account.display_name = username;
    remote.account.locked = locked;
    remote.account.public_key_pem = remote_keys().public_pem;
    remote.account.created_at = remote.account.updated_at = now_unix_ms();
    remote.uri = actor(username);
    remote.inbox_url = remote.uri + "/inbox";
    if (shared_inbox) remote.shared_inbox_url = this->shared_inbox();
    remote.followers_url = remote.uri + "/followers";
    remote.key_id = remote.uri + "#main-key";
    remote.actor_type = "Person";
    remote.fetched_at = now_unix_ms();
    serve_inbox("/users/" + username + "/inbox");
    auto conn = node_.node().database().acquire();
    store::Transaction tx(*conn);
    auto id = store::upsert_remote_account(*conn, remote, {}, now_unix_ms());
    if (!id) throw std::runtime_error("remote account fixture refused");
    tx.commit();
    return *id;
}

void InboxPeer::answer(InboxAnswer answer) {
    std::lock_guard lock(state_->mutex);
    state_->answer = std::move(answer);
}

std::vector<ReceivedActivity> InboxPeer::received() const {
    std::vector<ReceivedActivity> out;
    auto conn = node_.node().database().acquire();
    for (const auto& r : peer_.requests()) {
        if (r.method != "POST") continue;
        ReceivedActivity a;
        a.path = r.path;
        a.content_type = r.header("Content-Type");
        a.activity = nlohmann::json::parse(r.body, nullptr, false);
        federation::VerifyOptions options;
        options.scheme = "http";
        options.expected_authority = peer_.authority();
        federation::ReceivedRequest request{r.method, r.target, r.headers, r.body};
        auto claim = federation::read_signature(request, options);
        if (!claim) {
            a.problem = claim.error().message;
            out.push_back(std::move(a));
            continue;
        }
        a.key_id = claim->key_id;
        // https://agora.test/users/<name>#main-key: the local account's stored public key.
        const std::string prefix = node_.node().config().base_url() + "/users/";
        auto name = a.key_id.starts_with(prefix) && a.key_id.ends_with("#main-key")
                        ? a.key_id.substr(prefix.size(), a.key_id.size() - prefix.size() - 9)
                        : std::string();
        auto account = store::find_local_account(*conn, name);
        // A deleted account signs its Delete with the key it kept.
        if (!account && !name.empty()) {
            auto st = conn->query(
                "SELECT id FROM accounts WHERE lower(username) = lower(?) AND domain IS NULL",
                name);
            if (st.step()) account = store::find_account(*conn, st.int64(0));
        }
        // https://agora.test/actor#main-key: the instance actor's (forwarded reports).
        if (a.key_id == node_.node().config().base_url() + "/actor#main-key")
            account = store::find_instance_actor(*conn);
        std::expected<federation::PublicKey, std::string> key =
            std::unexpected(std::string("no such local account"));
        if (account) key = federation::PublicKey::from_pem(account->public_key_pem);
        if (!key) {
            a.problem = key.error();
        } else if (auto checked = federation::check_signature(*claim, *key); !checked) {
            a.problem = checked.error().message;
        } else {
            a.signature_ok = true;
        }
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<ReceivedActivity> InboxPeer::received(const std::string& type) const {
    auto all = received();
    std::erase_if(all, [&](const ReceivedActivity& a) {
        return !a.activity.is_object() || a.activity.value("type", "") != type;
    });
    return all;
}

void add_remote_follower(TestNode& node, std::int64_t remote_id, std::int64_t local_id,
                         const std::string& follow_uri) {
    auto conn = node.node().database().acquire();
    auto id = next_id();
    store::insert_follow(*conn, id, remote_id, local_id, id_time_ms(id),
                         follow_uri.empty() ? std::nullopt : std::optional(follow_uri));
}

} // namespace agora::testing

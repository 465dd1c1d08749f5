// A remote instance for delivery tests: a FakePeer whose accounts are stored on a TestNode as
// federation stores remote actors, and whose inboxes (personal and shared) record every POST and
// check its signature with the key of the local account that signed it.
#pragma once

#include "rig/fake_peer.hpp"
#include "rig/test_node.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace agora::testing {

// A POST an inbox received, as read and checked by the peer.
struct ReceivedActivity {
    std::string path; // "/inbox" or "/users/<name>/inbox"
    nlohmann::json activity;
    std::string key_id; // the signature's keyId ("" when unreadable)
    bool signature_ok = false;
    std::string problem; // why the signature was refused, when it was
    std::string content_type;
};

// How the peer's inboxes answer, from now on.
struct InboxAnswer {
    int status = 202;
    std::chrono::milliseconds delay{0};
    std::vector<http::Header> headers;
};

class InboxPeer {
public:
    explicit InboxPeer(TestNode& node);

    FakePeer& peer() { return peer_; }
    std::string authority() const { return peer_.authority(); }
    std::string shared_inbox() const { return peer_.url("/inbox"); }

    // Stores a remote account `username` of this peer on the node (actor /users/<username>,
    // inbox /users/<username>/inbox, and the shared inbox /inbox unless `shared_inbox` is false).
    // Returns its account id.
    std::int64_t add_account(const std::string& username, bool shared_inbox = true,
                             bool locked = false);
    std::string actor(const std::string& username) const { return peer_.url("/users/" + username); }

    void answer(InboxAnswer answer);

    // Every POST received so far, in order, each one's signature checked.
    std::vector<ReceivedActivity> received() const;
    // Those whose activity has this type.
    std::vector<ReceivedActivity> received(const std::string& type) const;

private:
    void serve_inbox(const std::string& path);

    TestNode& node_;
    FakePeer peer_;
    struct State;
    std::shared_ptr<State> state_;
};

// The node's remote accounts follow `local_id` (rows written as federation's inbox would).
void add_remote_follower(TestNode& node, std::int64_t remote_id, std::int64_t local_id,
                         const std::string& follow_uri = "");

} // namespace agora::testing

// Remote accounts and their posts written straight into a node's database, as federation stores
// them, for tests that need them without a peer serving them.
#pragma once

#include "model/status.hpp"
#include "rig/test_node.hpp"

#include <cstdint>
#include <string>

namespace agora::testing {

struct StoredRemote {
    std::string username;
    std::string domain = "social.example";
    bool with_page = true;    // a profile page (url) besides the actor id
    bool with_images = false; // an avatar and a header on the remote server
};

// Stores the account as the actor resolver does; returns its id.
std::int64_t store_remote_account(TestNode& node, const StoredRemote& remote);

// Stores a post of the remote account `author` (its object id under https://<domain>/), with one
// image attachment when `with_image`; returns its id.
std::int64_t store_remote_status(TestNode& node, std::int64_t author, const std::string& domain,
                                 const std::string& text, bool with_image = false,
                                 Visibility visibility = Visibility::public_);

} // namespace agora::testing

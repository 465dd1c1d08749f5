// A member as API tests use one: a local account with a bearer token for it.
#pragma once

#include "rig/test_node.hpp"

#include <httplib.h>

#include <string>

namespace agora::testing {

struct Member {
    CreatedAccount created;
    std::string token;
    httplib::Headers auth() const { return {{"Authorization", "Bearer " + token}}; }
    std::string id() const { return std::to_string(created.account.id); }
};

// Creates the account `name` on `node` and signs it in (scopes read, write, follow).
Member member(TestNode& node, const std::string& name);

} // namespace agora::testing

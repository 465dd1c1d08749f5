// A member as API tests use one: a local account with a bearer token for it.
#pragma once

#include "rig/test_node.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

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
// The same with a role (a moderator, an admin), signed in with the admin scopes too.
Member staff(TestNode& node, const std::string& name, Role role);

// The first column of the first row `sql` reads from `node`'s database (a COUNT(*)...), 0 when
// it reads no row.
std::int64_t count(TestNode& node, const std::string& sql);

// Requires an answer with the `expected` status and returns its JSON body.
nlohmann::json answer(const httplib::Result& res, int expected);

// GET, DELETE (or POST, PUT, PATCH with a form `body`) `path` as `who`; requires the `expected`
// status, returns the JSON.
nlohmann::json call(httplib::Client& client, const std::string& method, const std::string& path,
                    const Member& who, const std::string& body = "", int expected = 200);

} // namespace agora::testing

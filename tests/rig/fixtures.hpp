// Steps API tests take again and again: several members signed in at once, a status posted, a
// follow, the ids (or any field) of a JSON list, and the next page a Link header points to.
#pragma once

#include "rig/member.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <array>
#include <string>
#include <vector>

namespace agora::testing {

// The members `names`, created in this order and signed in:
// `auto [alice, bob] = members(t, "alice", "bob");`
template <typename... Names>
std::array<Member, sizeof...(Names)> members(TestNode& node, const Names&... names) {
    return {member(node, names)...}; // a braced list runs in order
}

// POST /api/v1/statuses as `who` with `text` and `visibility`; `more_form` adds form fields
// ("&in_reply_to_id=..."). Requires 200 and returns the Status.
nlohmann::json post_status(httplib::Client& client, const Member& who, const std::string& text,
                           const std::string& visibility = "public",
                           const std::string& more_form = "");

// `who` follows `target` (POST /api/v1/accounts/:id/follow, 200 required).
void follow(httplib::Client& client, const Member& who, const Member& target);

// The `field` of every item of a JSON array, in order ("id" by default).
std::vector<std::string> values_of(const nlohmann::json& list, const std::string& field = "id");

// The path and query of the rel="next" page of a response's Link header, on the test node;
// empty when there is none.
std::string next_page(const httplib::Result& res);

} // namespace agora::testing

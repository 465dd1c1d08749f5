// A member as API tests use one: a local account with a bearer token for it.
#include "rig/member.hpp"

namespace agora::testing {

Member member(TestNode& node, const std::string& name) {
    auto created = node.create_account(name);
    return {created, node.token_for(created.account)};
}

} // namespace agora::testing

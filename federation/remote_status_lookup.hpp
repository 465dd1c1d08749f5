// The finder node code asks for posts on other servers (search with `resolve` and a URL):
// status_intake's resolve_status (a signed fetch as the instance actor, FEP-fe34 origin checks,
// the same intake as inbox Creates) behind node's RemoteStatusFinder interface.
#pragma once

#include "statuses/remote_status_finder.hpp"

namespace agora::federation {

class FederationClient;

class ResolverStatusFinder : public RemoteStatusFinder {
public:
    ResolverStatusFinder(Node& node, FederationClient& client) : node_(node), client_(client) {}

    std::optional<std::int64_t> by_url(std::string_view url) override;

private:
    Node& node_;
    FederationClient& client_;
};

} // namespace agora::federation

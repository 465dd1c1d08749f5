// The finder node code asks for accounts on other servers (mentions while posting, search with
// `resolve`): the actor resolver behind node's RemoteAccountFinder interface.
#pragma once

#include "accounts/remote_account_finder.hpp"

namespace agora::federation {

class ActorResolver;

class ResolverAccountFinder : public RemoteAccountFinder {
public:
    explicit ResolverAccountFinder(ActorResolver& actors) : actors_(actors) {}

    std::optional<std::int64_t> by_handle(std::string_view username,
                                          std::string_view domain) override;
    std::optional<std::int64_t> by_url(std::string_view url) override;

private:
    ActorResolver& actors_;
};

} // namespace agora::federation

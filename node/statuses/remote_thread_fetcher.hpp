// Reply threads of posts on other servers fetched on demand (a client reading a remote post's
// context): the federation room adds the fetcher to the node as a service
// (`node.service<RemoteThreadFetcher>()`). Without one (the command line tool) nothing is fetched.
#pragma once

#include "node.hpp"

#include <cstdint>

namespace agora {

class RemoteThreadFetcher : public BackgroundService {
public:
    // Asks for the replies of the remote status `status_id` to be fetched in the background,
    // bounded in depth and count, at most once per status in a while. Returns at once: what is
    // fetched shows in later answers.
    virtual void fetch_replies(std::int64_t status_id) = 0;
};

} // namespace agora

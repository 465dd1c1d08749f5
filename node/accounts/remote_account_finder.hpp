// Accounts on other servers as node code reaches them (mentions while posting, search with
// `resolve`): found by handle or by URL, fetched and stored by the federation room, which installs
// the finder. Without one (the command line tool) nothing remote is found. Blocking: call it
// outside transactions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace agora {

class RemoteAccountFinder {
public:
    virtual ~RemoteAccountFinder() = default;
    // The accounts row of `username@domain`: stored, or fetched (WebFinger, then the actor).
    virtual std::optional<std::int64_t> by_handle(std::string_view username,
                                                  std::string_view domain) = 0;
    // The accounts row of the actor at `url` (its id or its profile page).
    virtual std::optional<std::int64_t> by_url(std::string_view url) = 0;
};

} // namespace agora

// Posts on other servers as node code reaches them (search with `resolve` and a URL): fetched by
// URL, origin-checked and stored by the federation room, which adds the finder to the node as a
// service (`node.service<RemoteStatusFinder>()`). Without one (the command line tool) nothing
// remote is found. Blocking: call it outside transactions.
#pragma once

#include "node.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace agora {

class RemoteStatusFinder : public BackgroundService {
public:
    // The statuses row of the post at `url` (its id, or an address its server answers with it):
    // stored, or fetched and taken in as a delivered post would be. nullopt when it cannot be.
    virtual std::optional<std::int64_t> by_url(std::string_view url) = 0;
};

} // namespace agora

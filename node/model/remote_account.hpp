// A remote actor as federation keeps it: its accounts row plus where to reach it and when it was
// last fetched. Local and remote accounts share the accounts table; these are the remote columns.
#pragma once

#include "model/account.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora {

struct RemoteAccount {
    Account account;                // domain set; display_name plain text, note sanitised HTML
    std::string uri;                // the actor id
    std::optional<std::string> url; // the profile page
    std::string inbox_url;
    std::optional<std::string> shared_inbox_url;
    std::optional<std::string> outbox_url, followers_url, following_url, featured_url;
    std::string key_id;     // the publicKey id (public_key_pem is on `account`)
    std::string actor_type; // "Person", "Service", "Group"...
    std::vector<std::string> also_known_as;
    std::optional<std::string> moved_to_uri;
    std::int64_t fetched_at = 0; // unix ms
};

} // namespace agora

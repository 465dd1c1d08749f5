// Small readers every inbox handler needs: the id of a value that may be a URI or an embedded
// object, the local account an actor id names, the sender's accounts row.
#pragma once

#include "federation/as_values.hpp"

#include "model/account.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace agora {
class Node;
}

namespace agora::federation {

// The id of activity[key] (see id_of in as_values.hpp); nullopt when absent.
std::optional<std::string> id_at(const nlohmann::json& activity, std::string_view key);

// The local member whose actor id is `actor_uri` (https://example.org/users/alice); nullopt for
// anything else, the instance actor included.
std::optional<Account> local_account_of(Node& node, std::string_view actor_uri);
std::optional<Account> account_by_id(Node& node, std::int64_t id);

} // namespace agora::federation

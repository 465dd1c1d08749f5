// Small readers every inbox handler needs.
#include "federation/inbox_support.hpp"

#include "federation/instance_actor.hpp"
#include "model/local_urls.hpp"
#include "node.hpp"
#include "store/accounts_repo.hpp"

#include <nlohmann/json.hpp>

namespace agora::federation {

std::optional<std::string> id_at(const nlohmann::json& activity, std::string_view key) {
    if (!activity.is_object()) return std::nullopt;
    auto it = activity.find(key);
    if (it == activity.end()) return std::nullopt;
    return id_of(*it);
}

std::optional<Account> local_account_of(Node& node, std::string_view actor_uri) {
    std::string prefix = LocalUrls(node.config()).actor("");
    if (!actor_uri.starts_with(prefix)) return std::nullopt;
    auto username = actor_uri.substr(prefix.size());
    if (username.empty() || username.find_first_of("/?#") != std::string_view::npos ||
        is_instance_actor_username(username))
        return std::nullopt;
    auto conn = node.database().acquire();
    return store::find_local_account(*conn, username); // without regard to capital letters
}

std::optional<Account> account_by_id(Node& node, std::int64_t id) {
    auto conn = node.database().acquire();
    return store::find_account(*conn, id);
}

} // namespace agora::federation

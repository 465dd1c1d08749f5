// Agora's own endpoint for a member deleting their account (Mastodon has it in its web settings
// only): POST /api/v1/agora/accounts/delete with the account's password.
#include "accounts/account_deletion.hpp"
#include "api/api.hpp"
#include "api/routes.hpp"
#include "crypto/password.hpp"
#include "events/event_worker.hpp"
#include "node.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"

#include <nlohmann/json.hpp>

namespace agora::api {

namespace {

http::Response delete_own_account(Call& call) {
    auto password = call.params.get("password");
    if (!password || password->empty()) return validation_error("Password can't be blank");
    const auto& me = call.me();
    {
        auto conn = call.node.database().acquire();
        auto user = store::find_user(*conn, me.id);
        // As Mastodon's settings page: a wrong password deletes nothing.
        if (!user || !crypto::verify_password(*password, user->password_hash))
            return http::error_response(403, "Invalid password");
    }
    auto deleted = delete_local_account(call.node.database(), me.id, std::nullopt);
    if (!deleted) return http::error_response(deleted.error().status, deleted.error().message);
    call.node.accounts_changed();
    call.node.events().notify();
    return json_response(nlohmann::json::object());
}

} // namespace

void install_account_deletion_routes(Node& node) {
    add(node, "POST", "/api/v1/agora/accounts/delete",
        {.access = Access::user, .scope = "write:accounts"}, delete_own_account);
}

} // namespace agora::api

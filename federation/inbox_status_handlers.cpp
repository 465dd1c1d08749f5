// The inbox handlers of remote posts and interactions, gathered.
#include "federation/inbox_status_handlers.hpp"

#include "node.hpp"
#include "store/database.hpp"
#include "store/remote_accounts_repo.hpp"

namespace agora::federation {

void add_status_handlers(InboxHandlers& handlers) {
    add_post_handlers(handlers);
    add_interaction_handlers(handlers);
}

std::optional<RemoteAccount> inbox_sender(InboxContext& context, const InboxActivity& activity) {
    auto conn = context.node.database().acquire();
    auto sender = store::find_remote_account_by_uri(*conn, activity.actor_uri);
    if (!sender || (activity.actor_id != 0 && sender->account.id != activity.actor_id))
        return std::nullopt;
    return sender;
}

} // namespace agora::federation

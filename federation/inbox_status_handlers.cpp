// The inbox handlers of remote posts and interactions, gathered.
#include "federation/inbox_status_handlers.hpp"

#include "federation/as_values.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "store/remote_accounts_repo.hpp"
#include "util/log.hpp"

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

InboxOutcome ignored_because(const InboxActivity& in, std::string_view why) {
    log::debug("inbox: " + type_of(in.activity) + " from " + in.actor_uri +
               " ignored: " + std::string(why));
    return InboxOutcome::ignored;
}

InboxOutcome outcome_of_problem(const InboxActivity& in, const IntakeProblem& problem) {
    if (!problem.retry) return ignored_because(in, problem.message);
    log::info("inbox: " + type_of(in.activity) + " from " + in.actor_uri +
              " waits for a server: " + problem.message);
    return InboxOutcome::retry_later;
}

} // namespace agora::federation

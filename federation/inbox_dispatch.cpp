// The table of what each activity type does when it arrives at an inbox: each family of
// activities adds its handlers here, one line each. Handlers of the same type are asked in the
// order they were added, until one answers something other than not_mine.
#include "federation/inbox_dispatch.hpp"

#include "federation/inbox_actors.hpp"
#include "federation/inbox_flags.hpp"
#include "federation/inbox_follows.hpp"
#include "federation/inbox_status_handlers.hpp"

namespace agora::federation {

InboxHandlers default_inbox_handlers() {
    InboxHandlers handlers;
    add_follow_handlers(handlers); // Follow, Accept, Reject, Undo{Follow}, Block, Undo{Block}
    add_actor_handlers(handlers);  // Update, Delete and Move of actors
    add_status_handlers(handlers); // posts, boosts, likes, reactions, pins and their Undo
    add_flag_handlers(handlers);   // reports from other instances
    return handlers;
}

} // namespace agora::federation

// Inbox handlers for actors: Update of an actor (refetched, never taken as sent), Delete of an
// actor (its content removed here), Move (its followers here follow the new account).
#pragma once

#include "federation/inbox_activity.hpp"

namespace agora::federation {

void add_actor_handlers(InboxHandlers& handlers);

} // namespace agora::federation

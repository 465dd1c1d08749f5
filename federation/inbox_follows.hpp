// Inbox handlers for follows and blocks: Follow of a local account, Accept and Reject of a local
// account's Follow, Undo of a Follow, Block of a local account and its Undo.
#pragma once

#include "federation/inbox_activity.hpp"

namespace agora::federation {

void add_follow_handlers(InboxHandlers& handlers);

} // namespace agora::federation

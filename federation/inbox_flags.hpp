// Inbox handler for Flag: a remote instance reports accounts and statuses to us. Each account
// named that is ours or stored becomes one report (origin "remote", the sender's domain), with
// the statuses named that are ours or stored and written by that account. Nothing is fetched:
// what we do not have cannot be what the sender saw here. A domain whose policy rejects reports
// is ignored, as is a Flag received before (its id).
#pragma once

#include "federation/inbox_activity.hpp"

namespace agora::federation {

void add_flag_handlers(InboxHandlers& handlers);

} // namespace agora::federation

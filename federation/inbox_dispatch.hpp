// The table of what each activity type does when it arrives at an inbox.
#pragma once

#include "federation/inbox_activity.hpp"

namespace agora::federation {

// Every inbox handler, in the order they are asked (federation/inbox_dispatch.cpp).
InboxHandlers default_inbox_handlers();

} // namespace agora::federation

// What delivery tests share: a node allowed to deliver to loopback peers, running its pending
// deliveries now, and the inbox paths a peer received.
#pragma once

#include "config/config.hpp"
#include "rig/inbox_peer.hpp"
#include "rig/test_node.hpp"

#include <functional>
#include <string>
#include <vector>

namespace agora::testing {

// Configures a node to deliver over http to loopback addresses with short timeouts; `more`
// changes the configuration further.
std::function<void(Config&)> loopback_federation(std::function<void(Config&)> more = {});

// Queues what the node's events call for and delivers everything due now.
void drain_deliveries(TestNode& node);

// The inbox paths of what a peer received, sorted.
std::vector<std::string> inbox_paths(const std::vector<ReceivedActivity>& received);

} // namespace agora::testing

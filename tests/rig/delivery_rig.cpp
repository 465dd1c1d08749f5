// What delivery tests share (see delivery_rig.hpp).
#include "rig/delivery_rig.hpp"

#include "federation/federation.hpp"

#include <algorithm>

namespace agora::testing {

std::function<void(Config&)> loopback_federation(std::function<void(Config&)> more) {
    return [more](Config& c) {
        c.federation.allow_http = true;
        c.federation.allow_private_addresses = true;
        c.federation.connect_timeout_seconds = 2;
        c.federation.request_timeout_seconds = 5;
        if (more) more(c);
    };
}

void drain_deliveries(TestNode& node) {
    federation::Federation::of(node.node()).drain_deliveries();
}

std::vector<std::string> inbox_paths(const std::vector<ReceivedActivity>& received) {
    std::vector<std::string> out;
    for (const auto& r : received)
        out.push_back(r.path);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace agora::testing

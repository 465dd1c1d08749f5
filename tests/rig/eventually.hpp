// Bounded waiting for what a node does after it answers (fan-out, deliveries, workers): tests
// poll a condition with a deadline, never sleep a fixed time.
#pragma once

#include <chrono>
#include <thread>

namespace agora::testing {

// Waits (at most `limit`) until `done` holds; false when it never did.
template <typename Done>
bool eventually(Done done, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

} // namespace agora::testing

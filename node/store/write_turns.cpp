// Writers of one database in this process take turns, first come first served.
#include "store/write_turns.hpp"

#include <algorithm>

namespace agora::store {

bool WriteTurns::take(std::chrono::milliseconds patience) {
    std::unique_lock lock(mutex_);
    auto ticket = next_ticket_++;
    waiting_.push_back(ticket);
    bool mine =
        changed_.wait_for(lock, patience, [&] { return !taken_ && waiting_.front() == ticket; });
    waiting_.erase(std::find(waiting_.begin(), waiting_.end(), ticket));
    if (mine)
        taken_ = true;
    else
        changed_.notify_all(); // the writer behind may be first now
    return mine;
}

void WriteTurns::give_back() {
    {
        std::lock_guard lock(mutex_);
        taken_ = false;
    }
    changed_.notify_all();
}

} // namespace agora::store

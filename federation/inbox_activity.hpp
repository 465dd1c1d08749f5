// What an inbox handler receives and answers: one activity taken from the inbox queue, its
// sender already proven (signature and origin checks passed), and the handlers by type.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace agora {
class Node;
}

namespace agora::federation {

class FederationClient;

struct InboxActivity {
    const nlohmann::json& activity; // as received; activity["actor"] is actor_uri
    std::string actor_uri;          // the sender, whose key signed the delivery
    std::int64_t actor_id = 0;      // the sender's accounts row (a remote account)
};

enum class InboxOutcome {
    applied,     // done
    ignored,     // understood, nothing to do (a Like of a status we do not have...)
    not_mine,    // this handler does not deal with this shape: the next one for the type is asked
    retry_later, // a remote server could not be reached: the queue tries again later
};

struct InboxContext {
    Node& node;
    FederationClient& client;
};

using InboxHandler = std::function<InboxOutcome(InboxContext&, const InboxActivity&)>;
// Several handlers may share a type (Undo of a Follow, of a Like...): asked in the order they
// were added until one answers something other than not_mine.
using InboxHandlers = std::multimap<std::string, InboxHandler, std::less<>>;

} // namespace agora::federation

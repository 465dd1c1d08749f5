// The transactional outbox: event rows written with each change, read by consumers in order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace agora::store {

class Connection;

struct Event {
    std::int64_t id = 0;
    std::string kind;    // "status.created", "status.deleted"...
    std::string payload; // JSON
    std::int64_t created_at = 0;
};

// Call inside the transaction that makes the change the event describes.
void insert_event(Connection& conn, const std::string& kind, const std::string& payload);
std::vector<Event> events_after(Connection& conn, std::int64_t position, int limit);
std::int64_t consumer_position(Connection& conn, const std::string& consumer);
// Call inside the transaction that applies the consumer's work.
void set_consumer_position(Connection& conn, const std::string& consumer, std::int64_t position);
// Deletes events every registered consumer has passed. Returns how many.
int prune_events(Connection& conn);

} // namespace agora::store

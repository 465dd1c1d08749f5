// Deliveries waiting to be POSTed to remote inboxes, and how the domains they go to have answered
// lately (consecutive failures, unreachable, last success): one place for that SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora::store {

class Connection;

struct Delivery {
    std::int64_t id = 0;
    std::string inbox_url;
    std::string domain; // the inbox's host[:port], lower case
    std::string activity;
    std::int64_t account_id = 0; // the local account whose key signs it
    int attempts = 0;
    std::int64_t next_attempt_at = 0;
    std::int64_t created_at = 0;
    std::optional<std::string> last_error;
};

// Queues `activity` for `inbox_url`, due now. Call inside the transaction that reads the event.
void insert_delivery(Connection& conn, const std::string& inbox_url, const std::string& domain,
                     const std::string& activity, std::int64_t account_id, std::int64_t now);

// Deliveries due at `now` to domains that are not unreachable, leaving out `busy_domains`, the
// longest due first, at most `limit`.
std::vector<Delivery> due_deliveries(Connection& conn, std::int64_t now,
                                     const std::vector<std::string>& busy_domains, int limit);
// One due delivery (the longest due) of each unreachable domain whose next probe is due, leaving
// out `busy_domains`.
std::vector<Delivery> due_probes(Connection& conn, std::int64_t now,
                                 const std::vector<std::string>& busy_domains);

std::optional<Delivery> find_delivery(Connection& conn, std::int64_t id);
std::vector<Delivery> list_deliveries(Connection& conn); // by id; tests and the command line
void delete_delivery(Connection& conn, std::int64_t id);
void reschedule_delivery(Connection& conn, std::int64_t id, int attempts,
                         std::int64_t next_attempt_at, const std::string& error);
// Gives up the deliveries created before `created_before`; returns how many.
int delete_deliveries_created_before(Connection& conn, std::int64_t created_before);

struct DomainHealth {
    std::string domain;
    int consecutive_failures = 0;
    std::optional<std::int64_t> unreachable_since;
    std::optional<std::int64_t> next_probe_at;
    std::optional<std::int64_t> last_success_at;
    std::optional<std::int64_t> last_failure_at;
};

std::optional<DomainHealth> find_domain_health(Connection& conn, const std::string& domain);
// The domain answered: its failures are forgotten and it is reachable again. True when it was
// unreachable until now (revived).
bool record_domain_success(Connection& conn, const std::string& domain, std::int64_t now);
// The domain did not answer (or answered with a server error). When that makes
// `unreachable_after` failures in a row it becomes unreachable; an unreachable domain's next
// probe is due `probe_delay_ms` later. True when it became unreachable with this failure.
bool record_domain_failure(Connection& conn, const std::string& domain, std::int64_t now,
                           int unreachable_after, std::int64_t probe_delay_ms);

} // namespace agora::store

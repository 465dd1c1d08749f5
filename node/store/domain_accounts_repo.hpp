// The stored remote accounts of a domain, and what a domain policy changes on them: the silence
// or suspension carried over from the policy (stamped with the policy's creation time, as
// Mastodon does, so that lifting the policy lifts only what it caused) and their media kept as
// links.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace agora::store {

class Connection;

struct DomainAccount {
    std::int64_t id = 0;
    std::string domain; // as stored: a host, maybe with a port
};

// Whether `host` (lower case, no port) is `domain` or one of its subdomains.
bool domain_is_under(std::string_view host, std::string_view domain);

// The remote accounts whose host is `domain` (lower case, no port) or one of its subdomains.
std::vector<DomainAccount> list_accounts_under_domain(Connection& conn, std::string_view domain);

// Clears the account's silence and suspension that were stamped `since` (a domain policy's
// creation time); those set by a moderator at another time stay.
void clear_domain_moderation(Connection& conn, std::int64_t account_id, std::int64_t since);
// Silences or suspends the account, stamped `since`, unless it already is.
void set_domain_moderation(Connection& conn, std::int64_t account_id, bool silence, bool suspend,
                           std::int64_t since);

// The account's avatar, header and the media of its statuses are kept as links only.
void strip_remote_media(Connection& conn, std::int64_t account_id);

} // namespace agora::store

// What this instance does with a remote domain, as federation asks it: the policy of the domain
// or of its nearest parent (a policy on example.org covers social.example.org), and, in the
// allow-list federation mode, whether the domain (or a parent) is allowed. Read from a copy of
// the two small tables kept in memory, refreshed when a change is made through this process
// (invalidate_domain_policies) and at least every `refresh_ms` (changes made by the CLI).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace agora {
struct Config;
namespace store {
class Connection;
}
} // namespace agora

namespace agora::moderation {

struct DomainPolicy {
    bool suspended = false; // nothing in, nothing out
    bool silenced = false;
    bool reject_media = false;
    bool reject_reports = false;
    bool allowed = true;    // false in allow-list mode for a domain not allowed
    std::int64_t since = 0; // when the policy in force was created (0: none)
    // Whether anything may be received from, sent to or fetched from the domain.
    bool federates() const { return allowed && !suspended; }
};

inline constexpr std::int64_t domain_policy_refresh_ms = 30'000;

// `domain` is a host (any case, "host:port" accepted: the port is ignored). Local domain: always
// the default policy.
DomainPolicy policy_for(store::Connection& conn, const Config& config, std::string_view domain);
// The policy of the host of `url` (the default one when it has none).
DomainPolicy policy_for_url(store::Connection& conn, const Config& config, std::string_view url);

// Forget the copy of this database's tables (call after changing them).
void invalidate_domain_policies(store::Connection& conn);

// The name the public list shows for an obfuscated policy: the middle half starred, dots kept.
std::string obfuscated_domain(const std::string& domain);

} // namespace agora::moderation

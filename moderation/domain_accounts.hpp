// What a domain policy does to the remote accounts already stored from that domain, as Mastodon
// does: a silenced domain's accounts are silenced (limited), a suspended domain's suspended, and
// with rejected media their avatars and media are kept as links; lifting or softening the policy
// lifts what it caused, and nothing a moderator decided for one account.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace agora {
struct Config;
namespace store {
class Connection;
}
} // namespace agora

namespace agora::moderation {

// After the policy of `domain` (lower case, no port) was created, changed or lifted: brings its
// accounts (and its subdomains') in line with the policies now in force. `previous_since` is the
// creation time of the policy that was in force on `domain` before the change, if any. Call
// inside the transaction that changed the policy rows.
void apply_domain_policy(store::Connection& conn, const Config& config, std::string_view domain,
                         std::optional<std::int64_t> previous_since);

// For a remote account just stored: the policy of its domain applies to it too.
void apply_domain_policy_to_new_account(store::Connection& conn, const Config& config,
                                        std::int64_t account_id, std::string_view domain);

} // namespace agora::moderation

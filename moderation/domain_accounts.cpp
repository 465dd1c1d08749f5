// A domain policy carried over to the domain's stored accounts (see domain_accounts.hpp).
#include "moderation/domain_accounts.hpp"

#include "moderation/domain_policy.hpp"
#include "store/domain_accounts_repo.hpp"
#include "store/domain_policies_repo.hpp"

#include <vector>

namespace agora::moderation {

namespace {
void apply_to(store::Connection& conn, const Config& config, std::int64_t account_id,
              std::string_view domain) {
    auto policy = policy_for(conn, config, domain);
    if (policy.since == 0) return;
    store::set_domain_moderation(conn, account_id, policy.silenced, policy.suspended, policy.since);
    if (policy.reject_media) store::strip_remote_media(conn, account_id);
}
} // namespace

void apply_domain_policy(store::Connection& conn, const Config& config, std::string_view domain,
                         std::optional<std::int64_t> previous_since) {
    invalidate_domain_policies(conn);
    // What any policy that may have covered these accounts stamped is lifted first (the
    // domain's own, a parent's, a subdomain's); the nearest policy in force then applies again.
    std::vector<std::int64_t> stamps;
    if (previous_since) stamps.push_back(*previous_since);
    for (const auto& row : store::list_domain_policies(conn))
        if (store::domain_is_under(domain, row.domain) ||
            store::domain_is_under(row.domain, domain))
            stamps.push_back(row.created_at);
    for (const auto& account : store::list_accounts_under_domain(conn, domain)) {
        for (auto since : stamps)
            store::clear_domain_moderation(conn, account.id, since);
        apply_to(conn, config, account.id, account.domain);
    }
}

void apply_domain_policy_to_new_account(store::Connection& conn, const Config& config,
                                        std::int64_t account_id, std::string_view domain) {
    apply_to(conn, config, account_id, domain);
}

} // namespace agora::moderation

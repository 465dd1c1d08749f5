// Domain policy and domain allow rows (what the instance does with a remote domain; the domains
// an allow-list instance federates with): one place for their SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora::store {

class Connection;

struct DomainPolicyRow {
    std::int64_t id = 0;
    std::string domain;
    std::string severity = "silence"; // suspend, silence, noop
    bool reject_media = false;
    bool reject_reports = false;
    std::string public_comment;
    std::string private_comment;
    bool obfuscate = false;
    bool private_ = false; // left out of the public list
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

struct DomainAllowRow {
    std::int64_t id = 0;
    std::string domain;
    std::int64_t created_at = 0;
};

// A domain as rows keep it: lower case, no trailing dot; nullopt unless it is a host name
// (letters, digits, hyphens, dots; "example.org", not a URL, an address with a port or "*").
std::optional<std::string> normalize_domain(std::string_view text);

std::vector<DomainPolicyRow> list_domain_policies(Connection& conn);
std::optional<DomainPolicyRow> find_domain_policy(Connection& conn, std::int64_t id);
std::optional<DomainPolicyRow> find_domain_policy_for(Connection& conn, const std::string& domain);
// Throws ConstraintError when the domain has a policy already.
void insert_domain_policy(Connection& conn, const DomainPolicyRow& row);
void update_domain_policy(Connection& conn, const DomainPolicyRow& row);
bool delete_domain_policy(Connection& conn, std::int64_t id);

std::vector<DomainAllowRow> list_domain_allows(Connection& conn);
std::optional<DomainAllowRow> find_domain_allow(Connection& conn, std::int64_t id);
std::optional<DomainAllowRow> find_domain_allow_for(Connection& conn, const std::string& domain);
void insert_domain_allow(Connection& conn, const DomainAllowRow& row);
bool delete_domain_allow(Connection& conn, std::int64_t id);

} // namespace agora::store

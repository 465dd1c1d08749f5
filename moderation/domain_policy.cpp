// Domain policies read from a copy of the tables kept per database file, refreshed on change and
// at intervals.
#include "moderation/domain_policy.hpp"

#include "config/config.hpp"
#include "store/database.hpp"
#include "store/domain_policies_repo.hpp"
#include "util/time.hpp"

#include <sqlite3.h>

#include <map>
#include <memory>
#include <mutex>
#include <set>

namespace agora::moderation {

namespace {
struct Tables {
    std::map<std::string, store::DomainPolicyRow, std::less<>> policies;
    std::set<std::string, std::less<>> allows;
    std::int64_t loaded_at = 0;
};

std::mutex cache_mutex;
// By database file: a process may hold several nodes (tests).
std::map<std::string, std::shared_ptr<const Tables>> cache;
// Bumped by each invalidation: a copy read before one is not kept after it.
std::uint64_t generation = 0;

std::string database_key(store::Connection& conn) {
    const char* name = sqlite3_db_filename(conn.handle(), "main");
    return name ? name : "";
}

std::shared_ptr<const Tables> tables_of(store::Connection& conn) {
    auto key = database_key(conn);
    auto now = now_unix_ms();
    std::uint64_t read_at = 0;
    {
        std::lock_guard lock(cache_mutex);
        auto it = cache.find(key);
        if (it != cache.end() && now - it->second->loaded_at < domain_policy_refresh_ms)
            return it->second;
        read_at = generation;
    }
    auto fresh = std::make_shared<Tables>();
    for (auto& row : store::list_domain_policies(conn))
        fresh->policies.emplace(row.domain, std::move(row));
    for (auto& row : store::list_domain_allows(conn))
        fresh->allows.insert(row.domain);
    fresh->loaded_at = now;
    std::lock_guard lock(cache_mutex);
    if (generation == read_at) cache[key] = fresh;
    return fresh;
}

std::string host_of(std::string_view domain) {
    if (auto colon = domain.rfind(':');
        colon != std::string_view::npos && domain.find(']') == std::string_view::npos)
        domain = domain.substr(0, colon);
    std::string out(domain);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    while (!out.empty() && out.back() == '.')
        out.pop_back();
    return out;
}
} // namespace

DomainPolicy policy_for(store::Connection& conn, const Config& config, std::string_view domain) {
    DomainPolicy policy;
    auto host = host_of(domain);
    if (host.empty() || host == host_of(config.instance.domain)) return policy;
    auto tables = tables_of(conn);
    bool found_policy = false, found_allow = false;
    // The domain, then each parent: the nearest policy wins.
    for (std::string_view name = host; !name.empty();) {
        if (!found_policy)
            if (auto it = tables->policies.find(name); it != tables->policies.end()) {
                found_policy = true;
                policy.suspended = it->second.severity == "suspend";
                policy.silenced = it->second.severity == "silence";
                policy.reject_media = it->second.reject_media || policy.suspended;
                policy.reject_reports = it->second.reject_reports || policy.suspended;
                policy.since = it->second.created_at;
            }
        if (tables->allows.contains(name)) found_allow = true;
        auto dot = name.find('.');
        if (dot == std::string_view::npos) break;
        name.remove_prefix(dot + 1);
    }
    if (config.moderation.allowlist_federation) policy.allowed = found_allow;
    return policy;
}

DomainPolicy policy_for_url(store::Connection& conn, const Config& config, std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return policy_for(conn, config, "");
    auto rest = url.substr(scheme + 3);
    auto end = rest.find_first_of("/?#");
    auto authority = rest.substr(0, end);
    if (auto at = authority.rfind('@'); at != std::string_view::npos)
        authority.remove_prefix(at + 1);
    return policy_for(conn, config, authority);
}

void invalidate_domain_policies(store::Connection& conn) {
    std::lock_guard lock(cache_mutex);
    cache.erase(database_key(conn));
    ++generation;
}

std::string obfuscated_domain(const std::string& domain) {
    auto length = domain.size();
    auto visible = length / 4;
    std::string out = domain;
    for (std::size_t i = 0; i < length; ++i)
        if (i > visible && i + visible < length && out[i] != '.') out[i] = '*';
    return out;
}

} // namespace agora::moderation

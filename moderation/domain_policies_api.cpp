// Domain policies over HTTP: Mastodon's /api/v1/admin/domain_blocks and domain_allows (admins
// only, as Mastodon gives manage_federation to admins) and the public
// GET /api/v1/instance/domain_blocks (private policies left out, obfuscated names starred).
#include "moderation/routes.hpp"

#include "api/api.hpp"
#include "api/pagination.hpp"
#include "crypto/tokens.hpp"
#include "moderation/domain_accounts.hpp"
#include "moderation/domain_policy.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "store/domain_policies_repo.hpp"
#include "store/statements_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <type_traits>

namespace agora::moderation {

namespace {
using api::Call;
using nlohmann::json;

std::optional<http::Response> refuse_non_admin(const Call& call) {
    if (call.caller && call.caller->user && call.caller->user->role == Role::admin)
        return std::nullopt;
    return http::error_response(403, "This action is not allowed");
}

json block_entity(const store::DomainPolicyRow& r) {
    return {
        {"id", std::to_string(r.id)},
        {"domain", r.domain},
        {"digest", crypto::sha256_hex(r.domain)},
        {"created_at", iso8601(r.created_at)},
        {"severity", r.severity},
        {"reject_media", r.reject_media},
        {"reject_reports", r.reject_reports},
        {"private_comment", r.private_comment.empty() ? json(nullptr) : json(r.private_comment)},
        {"public_comment", r.public_comment.empty() ? json(nullptr) : json(r.public_comment)},
        {"obfuscate", r.obfuscate},
        {"agora", {{"private", r.private_}}}};
}

json allow_entity(const store::DomainAllowRow& r) {
    return {
        {"id", std::to_string(r.id)}, {"domain", r.domain}, {"created_at", iso8601(r.created_at)}};
}

// Reads the fields of a create or update into `row`; a message for a 422 when one is wrong.
std::optional<std::string> read_block_fields(const api::Params& p, store::DomainPolicyRow& row) {
    if (auto severity = p.get("severity")) {
        if (*severity != "suspend" && *severity != "silence" && *severity != "noop")
            return "Severity is not included in the list";
        row.severity = *severity;
    }
    if (auto v = p.flag("reject_media")) row.reject_media = *v;
    if (auto v = p.flag("reject_reports")) row.reject_reports = *v;
    if (auto v = p.flag("obfuscate")) row.obfuscate = *v;
    if (auto v = p.flag("private")) row.private_ = *v;
    if (p.given("public_comment")) row.public_comment = p.get("public_comment").value_or("");
    if (p.given("private_comment")) row.private_comment = p.get("private_comment").value_or("");
    if (row.public_comment.size() > 4000 || row.private_comment.size() > 4000)
        return "Comment is too long (maximum is 1000 characters)";
    return std::nullopt;
}

template <typename Row>
http::Response page_of(Call& call, const std::vector<Row>& all, json (*entity)(const Row&)) {
    auto page = api::page_query(call.params, 100, 200);
    std::vector<const Row*> chosen;
    // Newest first, as Mastodon's admin lists.
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        if (page.max_id && it->id >= *page.max_id) continue;
        if (page.since_id && it->id <= *page.since_id) continue;
        if (page.min_id && it->id <= *page.min_id) continue;
        chosen.push_back(&*it);
    }
    if (page.min_id) std::reverse(chosen.begin(), chosen.end());
    if (chosen.size() > std::size_t(page.limit)) chosen.resize(std::size_t(page.limit));
    if (page.min_id) std::reverse(chosen.begin(), chosen.end());
    json out = json::array();
    for (auto* row : chosen)
        out.push_back(entity(*row));
    return api::json_response(out);
}

http::Response create_block(Call& call) {
    if (auto refusal = refuse_non_admin(call)) return *refusal;
    auto domain = store::normalize_domain(call.params.get("domain").value_or(""));
    if (!domain) return api::validation_error("Domain is not a valid domain name");
    store::DomainPolicyRow row;
    row.domain = *domain;
    if (auto error = read_block_fields(call.params, row)) return api::validation_error(*error);
    auto conn = call.node.database().acquire();
    store::Transaction tx(*conn);
    if (auto existing = store::find_domain_policy_for(*conn, row.domain)) {
        json body{{"error", "You have already imposed stricter limits on " + row.domain + "."},
                  {"existing_domain_block", block_entity(*existing)}};
        return api::json_response(body, 422);
    }
    row.id = next_id();
    row.created_at = row.updated_at = id_time_ms(row.id);
    store::insert_domain_policy(*conn, row);
    apply_domain_policy(*conn, call.node.config(), row.domain, std::nullopt);
    store::audit(*conn, call.me().id, "domain_block.create", "domain", row.id, row.domain,
                 row.severity);
    tx.commit();
    invalidate_domain_policies(*conn);
    return api::json_response(block_entity(row));
}

http::Response update_block(Call& call) {
    if (auto refusal = refuse_non_admin(call)) return *refusal;
    auto id = api::parse_id(call.request.param("id"));
    auto conn = call.node.database().acquire();
    store::Transaction tx(*conn);
    auto row = id ? store::find_domain_policy(*conn, *id) : std::nullopt;
    if (!row) return http::error_response(404, "Record not found");
    if (auto error = read_block_fields(call.params, *row)) return api::validation_error(*error);
    row->updated_at = now_unix_ms();
    store::update_domain_policy(*conn, *row);
    apply_domain_policy(*conn, call.node.config(), row->domain, row->created_at);
    store::audit(*conn, call.me().id, "domain_block.update", "domain", row->id, row->domain,
                 row->severity);
    tx.commit();
    invalidate_domain_policies(*conn);
    return api::json_response(block_entity(*row));
}

http::Response create_allow(Call& call) {
    if (auto refusal = refuse_non_admin(call)) return *refusal;
    auto domain = store::normalize_domain(call.params.get("domain").value_or(""));
    if (!domain) return api::validation_error("Domain is not a valid domain name");
    auto conn = call.node.database().acquire();
    store::Transaction tx(*conn);
    // Allowing a domain allowed already answers the existing allow, as Mastodon.
    if (auto existing = store::find_domain_allow_for(*conn, *domain))
        return api::json_response(allow_entity(*existing));
    store::DomainAllowRow row{next_id(), *domain, 0};
    row.created_at = id_time_ms(row.id);
    store::insert_domain_allow(*conn, row);
    store::audit(*conn, call.me().id, "domain_allow.create", "domain", row.id, row.domain);
    tx.commit();
    invalidate_domain_policies(*conn);
    return api::json_response(allow_entity(row));
}

template <typename Find, typename Remove>
http::Response remove(Call& call, Find find, Remove erase) {
    if (auto refusal = refuse_non_admin(call)) return *refusal;
    auto id = api::parse_id(call.request.param("id"));
    auto conn = call.node.database().acquire();
    store::Transaction tx(*conn);
    auto found = id ? find(*conn, *id) : std::nullopt;
    if (!found) return http::error_response(404, "Record not found");
    erase(*conn, *id);
    // A lifted policy lifts what it did to the domain's accounts.
    if constexpr (std::is_same_v<std::decay_t<decltype(*found)>, store::DomainPolicyRow>)
        apply_domain_policy(*conn, call.node.config(), found->domain, found->created_at);
    store::audit(*conn, call.me().id, "domain.remove", "domain", *id, found->domain);
    tx.commit();
    invalidate_domain_policies(*conn);
    return api::json_response(json::object());
}

http::Response public_list(Call& call) {
    auto conn = call.node.database().acquire();
    json out = json::array();
    for (const auto& r : store::list_domain_policies(*conn)) {
        if (r.private_) continue;
        out.push_back(
            {{"domain", r.obfuscate ? obfuscated_domain(r.domain) : r.domain},
             {"digest", crypto::sha256_hex(r.domain)},
             {"severity", r.severity},
             {"comment", r.public_comment.empty() ? json(nullptr) : json(r.public_comment)}});
    }
    return api::json_response(out);
}
} // namespace

void install_domain_policy_routes(Node& node) {
    const api::Endpoint read_blocks{.access = api::Access::user,
                                    .scope = "admin:read:domain_blocks"};
    const api::Endpoint write_blocks{.access = api::Access::user,
                                     .scope = "admin:write:domain_blocks"};
    const api::Endpoint read_allows{.access = api::Access::user,
                                    .scope = "admin:read:domain_allows"};
    const api::Endpoint write_allows{.access = api::Access::user,
                                     .scope = "admin:write:domain_allows"};

    api::add(node, "GET", "/api/v1/admin/domain_blocks", read_blocks, [](Call& call) {
        if (auto refusal = refuse_non_admin(call)) return *refusal;
        auto conn = call.node.database().acquire();
        return page_of(call, store::list_domain_policies(*conn), block_entity);
    });
    api::add(node, "GET", "/api/v1/admin/domain_blocks/{id}", read_blocks, [](Call& call) {
        if (auto refusal = refuse_non_admin(call)) return *refusal;
        auto id = api::parse_id(call.request.param("id"));
        auto conn = call.node.database().acquire();
        auto row = id ? store::find_domain_policy(*conn, *id) : std::nullopt;
        if (!row) return http::error_response(404, "Record not found");
        return api::json_response(block_entity(*row));
    });
    api::add(node, "POST", "/api/v1/admin/domain_blocks", write_blocks, create_block);
    api::add(node, "PUT", "/api/v1/admin/domain_blocks/{id}", write_blocks, update_block);
    api::add(node, "DELETE", "/api/v1/admin/domain_blocks/{id}", write_blocks, [](Call& call) {
        return remove(call, store::find_domain_policy, store::delete_domain_policy);
    });

    api::add(node, "GET", "/api/v1/admin/domain_allows", read_allows, [](Call& call) {
        if (auto refusal = refuse_non_admin(call)) return *refusal;
        auto conn = call.node.database().acquire();
        return page_of(call, store::list_domain_allows(*conn), allow_entity);
    });
    api::add(node, "GET", "/api/v1/admin/domain_allows/{id}", read_allows, [](Call& call) {
        if (auto refusal = refuse_non_admin(call)) return *refusal;
        auto id = api::parse_id(call.request.param("id"));
        auto conn = call.node.database().acquire();
        auto row = id ? store::find_domain_allow(*conn, *id) : std::nullopt;
        if (!row) return http::error_response(404, "Record not found");
        return api::json_response(allow_entity(*row));
    });
    api::add(node, "POST", "/api/v1/admin/domain_allows", write_allows, create_allow);
    api::add(node, "DELETE", "/api/v1/admin/domain_allows/{id}", write_allows, [](Call& call) {
        return remove(call, store::find_domain_allow, store::delete_domain_allow);
    });

    api::add(node, "GET", "/api/v1/instance/domain_blocks", {.access = api::Access::anyone},
             public_list);
}

} // namespace agora::moderation

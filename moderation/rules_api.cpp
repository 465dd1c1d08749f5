// The instance rules' admin API, /api/v1/agora/admin/rules (admins only, admin:read/admin:write
// scopes): list, create, update (text, hint, position), remove. Mastodon has no such API (its
// rules are edited in its web admin); the public list is GET /api/v1/instance/rules.
#include "moderation/routes.hpp"

#include "api/api.hpp"
#include "api/entities_legal.hpp"
#include "legal/rules.hpp"
#include "moderation/staff.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "store/rules_repo.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

#include <charconv>

namespace agora::moderation {

namespace {
using api::Call;
using nlohmann::json;

http::Response list(Call& call) {
    if (auto refusal = refuse_non_admin(call)) return *refusal;
    auto conn = call.node.database().acquire();
    return api::json_response(api::rules_array(*conn));
}

http::Response create(Call& call) {
    if (auto refusal = refuse_non_admin(call)) return *refusal;
    auto conn = call.node.database().acquire();
    store::Transaction tx(*conn);
    auto rule = legal::add_rule(*conn, call.params.get("text").value_or(""),
                                call.params.get("hint").value_or(""));
    if (!rule) return api::validation_error(rule.error());
    tx.commit();
    return api::json_response(api::rule_entity(*rule));
}

http::Response update(Call& call) {
    if (auto refusal = refuse_non_admin(call)) return *refusal;
    auto id = api::parse_id(call.request.param("id"));
    auto conn = call.node.database().acquire();
    store::Transaction tx(*conn);
    auto rule = id ? store::find_kept_rule(*conn, *id) : std::nullopt;
    if (!rule) return http::error_response(404, "Record not found");
    if (auto text = call.params.get("text")) rule->text = *text;
    if (auto hint = call.params.get("hint")) rule->hint = *hint;
    if (auto position = call.params.get("position")) {
        std::int64_t value = 0;
        auto [end, ec] =
            std::from_chars(position->data(), position->data() + position->size(), value);
        if (ec != std::errc() || end != position->data() + position->size() || value < 0 ||
            value > 1000000)
            return api::validation_error("Position is not a number");
        rule->position = value;
    }
    if (auto error = legal::check_rule(rule->text, rule->hint))
        return api::validation_error(*error);
    rule->updated_at = now_unix_ms();
    store::update_rule(*conn, *rule);
    tx.commit();
    return api::json_response(api::rule_entity(*rule));
}

http::Response remove(Call& call) {
    if (auto refusal = refuse_non_admin(call)) return *refusal;
    auto id = api::parse_id(call.request.param("id"));
    auto conn = call.node.database().acquire();
    // Kept as a row: the reports that named it still show it.
    if (!id || !store::remove_rule(*conn, *id, now_unix_ms()))
        return http::error_response(404, "Record not found");
    return api::json_response(json::object());
}
} // namespace

void install_rule_routes(Node& node) {
    const api::Endpoint read{.access = api::Access::user, .scope = "admin:read"};
    const api::Endpoint write{.access = api::Access::user, .scope = "admin:write"};
    api::add(node, "GET", "/api/v1/agora/admin/rules", read, list);
    api::add(node, "POST", "/api/v1/agora/admin/rules", write, create);
    api::add(node, "PUT", "/api/v1/agora/admin/rules/{id}", write, update);
    api::add(node, "PATCH", "/api/v1/agora/admin/rules/{id}", write, update);
    api::add(node, "DELETE", "/api/v1/agora/admin/rules/{id}", write, remove);
}

} // namespace agora::moderation

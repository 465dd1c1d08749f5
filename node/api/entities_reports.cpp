// Report entities: Mastodon's Report (what its reporter sees), Admin::Report and Admin::Account
// (what moderators see), with Agora's additions under "agora" (origin, DSA subcategory).
#include "api/entities.hpp"

#include "api/entities_legal.hpp"
#include "store/account_moderation_repo.hpp"
#include "store/accounts_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/time.hpp"

namespace agora::api {

using nlohmann::json;

namespace {
json optional_time(const std::optional<std::int64_t>& at) {
    return at ? json(iso8601(*at)) : json(nullptr);
}

json id_strings(const std::vector<std::int64_t>& ids) {
    json out = json::array();
    for (auto id : ids)
        out.push_back(std::to_string(id));
    return out;
}

// Agora's additions: where the report came from and its DSA statement category.
json agora_part(const store::Report& r, bool for_moderators) {
    json out{{"subcategory", r.subcategory ? json(*r.subcategory) : json(nullptr)},
             {"origin", r.origin}};
    if (for_moderators) {
        out["origin_domain"] = r.origin_domain ? json(*r.origin_domain) : json(nullptr);
        out["contact"] = r.contact ? json(*r.contact) : json(nullptr);
        out["uri"] = r.uri ? json(*r.uri) : json(nullptr);
    }
    return out;
}
} // namespace

json EntityWriter::report(const store::Report& r) {
    json out{{"id", std::to_string(r.id)},
             {"action_taken", r.action_taken_at.has_value()},
             {"action_taken_at", optional_time(r.action_taken_at)},
             {"category", r.category},
             {"comment", r.comment},
             {"forwarded", r.forwarded},
             {"created_at", iso8601(r.created_at)},
             {"status_ids", id_strings(r.status_ids)},
             {"rule_ids", r.rule_ids.empty() ? json(nullptr) : id_strings(r.rule_ids)},
             {"target_account", nullptr},
             {"agora", agora_part(r, false)}};
    if (auto target = account_by_id(r.target_account_id)) out["target_account"] = account(*target);
    return out;
}

json EntityWriter::admin_account(const Account& a) {
    auto user = a.local() ? store::find_user(conn_, a.id) : std::nullopt;
    auto moderation = store::find_account_moderation(conn_, a.id);
    json role = nullptr;
    if (user) {
        auto name = std::string(to_string(user->role));
        role = {{"id", user->role == Role::admin       ? "3"
                       : user->role == Role::moderator ? "2"
                                                       : "-99"},
                {"name", user->role == Role::member ? "" : name},
                {"color", ""},
                {"permissions", user->role == Role::admin       ? "1"
                                : user->role == Role::moderator ? "1308"
                                                                : "65536"},
                {"highlighted", user->role != Role::member}};
    }
    return {{"id", std::to_string(a.id)},
            {"username", a.username},
            {"domain", a.domain ? json(*a.domain) : json(nullptr)},
            {"created_at", iso8601(a.created_at)},
            {"email", ""},
            {"ip", nullptr},
            {"ips", json::array()},
            {"locale", nullptr},
            {"invite_request", nullptr},
            {"role", role},
            {"confirmed", true},
            {"approved", user ? user->approved : true},
            {"disabled", moderation.disabled()},
            {"sensitized", moderation.sensitized()},
            {"silenced", moderation.silenced()},
            {"suspended", moderation.suspended()},
            {"account", account(a)},
            {"created_by_application_id", nullptr},
            {"invited_by_account_id", nullptr}};
}

json EntityWriter::admin_report(const store::Report& r) {
    auto admin_account_of = [this](const std::optional<std::int64_t>& id) -> json {
        auto a = id ? account_by_id(*id) : std::nullopt;
        return a ? admin_account(*a) : json(nullptr);
    };
    json statuses = json::array();
    for (auto id : r.status_ids)
        if (auto s = store::find_status(conn_, id))
            if (auto shown = status(*s); !shown.is_null()) statuses.push_back(std::move(shown));
    json rules = json::array();
    // A rule removed since keeps its text here: the report named it.
    for (auto id : r.rule_ids)
        if (auto rule = store::find_rule(conn_, id)) rules.push_back(rule_entity(*rule));
    return {{"id", std::to_string(r.id)},
            {"action_taken", r.action_taken_at.has_value()},
            {"action_taken_at", optional_time(r.action_taken_at)},
            {"category", r.category},
            {"comment", r.comment},
            {"forwarded", r.forwarded},
            {"created_at", iso8601(r.created_at)},
            {"updated_at", iso8601(r.updated_at)},
            {"account", admin_account_of(r.account_id)},
            {"target_account", admin_account_of(r.target_account_id)},
            {"assigned_account", admin_account_of(r.assigned_account_id)},
            {"action_taken_by_account", admin_account_of(r.action_taken_by_account_id)},
            {"statuses", statuses},
            {"rules", rules},
            {"agora", agora_part(r, true)}};
}

} // namespace agora::api

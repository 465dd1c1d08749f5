// Statements of reasons as entities: AccountWarning with Agora's DSA fields.
#include "api/entities_statements.hpp"

#include "config/config.hpp"
#include "util/time.hpp"

namespace agora::api {

using nlohmann::json;

namespace {
json id_strings(const std::vector<std::int64_t>& ids) {
    json out = json::array();
    for (auto id : ids)
        out.push_back(std::to_string(id));
    return out;
}

json optional_text(const std::optional<std::string>& text) {
    return text ? json(*text) : json(nullptr);
}
} // namespace

std::int64_t appeal_deadline(const store::ModerationStatement& s, const Config& config) {
    return s.created_at + std::int64_t(config.moderation.appeal_days) * 24 * 3600 * 1000;
}

std::string statement_page_url(const store::ModerationStatement& s, const Config& config) {
    return config.base_url() + "/statements/" + std::to_string(s.id) + "?token=" + s.access_token;
}

json account_warning(EntityWriter& writer, const Config& config,
                     const store::ModerationStatement& s, bool for_staff) {
    json target = nullptr;
    if (auto account = writer.account_by_id(s.account_id)) target = writer.account(*account);
    json appeal = nullptr;
    json agora_appeal = nullptr;
    if (s.appeal) {
        appeal = {{"text", s.appeal->text}, {"state", s.appeal->state}};
        agora_appeal = {{"id", std::to_string(s.appeal->id)},
                        {"text", s.appeal->text},
                        {"state", s.appeal->state},
                        {"created_at", iso8601(s.appeal->created_at)},
                        {"decision_text", s.appeal->decision_text},
                        {"decided_at", s.appeal->decided_at ? json(iso8601(*s.appeal->decided_at))
                                                            : json(nullptr)}};
    }
    auto deadline = appeal_deadline(s, config);
    bool can_appeal = !s.appeal && now_unix_ms() <= deadline;
    json agora{{"decision", s.action},
               {"ground", s.ground},
               {"legal_ground", s.legal_ground},
               {"rule_ids", id_strings(s.rule_ids)},
               {"facts", s.facts},
               {"category", optional_text(s.category)},
               {"subcategory", optional_text(s.subcategory)},
               {"automated_detection", false},
               {"automated_decision", s.automated},
               {"reversed", s.reversed_at.has_value()},
               {"reversed_at", s.reversed_at ? json(iso8601(*s.reversed_at)) : json(nullptr)},
               {"url", statement_page_url(s, config)},
               {"redress",
                {{"appeal",
                  {{"possible", can_appeal},
                   {"until", iso8601(deadline)},
                   {"endpoint", config.base_url() + "/api/v1/agora/statements/" +
                                    std::to_string(s.id) + "/appeal"}}},
                 {"out_of_court_dispute_settlement", true},
                 {"judicial_redress", true}}},
               {"appeal", agora_appeal}};
    if (for_staff) {
        agora["moderator_account_id"] =
            s.moderator_account_id ? json(std::to_string(*s.moderator_account_id)) : json(nullptr);
        agora["report_id"] = s.report_id ? json(std::to_string(*s.report_id)) : json(nullptr);
    }
    return {{"id", std::to_string(s.id)},
            {"action", s.action},
            {"text", s.text},
            {"status_ids", s.status_ids.empty() ? json(nullptr) : id_strings(s.status_ids)},
            {"target_account", target},
            {"appeal", appeal},
            {"created_at", iso8601(s.created_at)},
            {"agora", agora}};
}

} // namespace agora::api

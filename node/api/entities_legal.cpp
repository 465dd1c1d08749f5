// Rule, TermsOfService and PrivacyPolicy entities.
#include "api/entities_legal.hpp"

#include "util/time.hpp"

namespace agora::api {

using nlohmann::json;

json rule_entity(const store::RuleRow& rule) {
    return {{"id", std::to_string(rule.id)},
            {"text", rule.text},
            {"hint", rule.hint},
            {"translations", json::object()}};
}

json rules_array(store::Connection& conn) {
    json out = json::array();
    for (const auto& rule : store::list_rules(conn))
        out.push_back(rule_entity(rule));
    return out;
}

json terms_of_service_entity(const store::LegalDocument& doc,
                             const std::optional<store::LegalDocument>& successor,
                             const std::string& today) {
    return {{"effective_date", doc.effective_date},
            {"effective", doc.effective_date <= today},
            {"content", doc.html},
            {"succeeded_by", successor ? json(successor->effective_date) : json(nullptr)},
            {"agora", {{"summary", doc.summary}, {"published_at", iso8601(doc.published_at)}}}};
}

json privacy_policy_entity(const store::LegalDocument& doc) {
    // The policy changed on the day this version took effect.
    return {{"updated_at", doc.effective_date + "T00:00:00.000Z"},
            {"content", doc.html},
            {"agora",
             {{"effective_date", doc.effective_date},
              {"summary", doc.summary},
              {"published_at", iso8601(doc.published_at)}}}};
}

} // namespace agora::api

// Mastodon's Rule, TermsOfService and PrivacyPolicy entities (instance rules and the versioned
// legal texts), written in one place for the instance API, the admin API and reports.
#pragma once

#include "store/legal_documents_repo.hpp"
#include "store/rules_repo.hpp"

#include <nlohmann/json.hpp>

#include <optional>

namespace agora::api {

// {id (string), text, hint, translations {}}.
nlohmann::json rule_entity(const store::RuleRow& rule);
// The rules in force, in order.
nlohmann::json rules_array(store::Connection& conn);
// {effective_date, effective, content, succeeded_by} (Mastodon 4.4); Agora adds
// agora.summary (what changed) and agora.published_at.
nlohmann::json terms_of_service_entity(const store::LegalDocument& doc,
                                       const std::optional<store::LegalDocument>& successor,
                                       const std::string& today);
// {updated_at (the day it took effect), content}; Agora adds agora.effective_date,
// agora.summary and agora.published_at.
nlohmann::json privacy_policy_entity(const store::LegalDocument& doc);

} // namespace agora::api

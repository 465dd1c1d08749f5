// Terms of service and privacy policy versions, and who accepted which terms version: one place
// for their SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora::store {

class Connection;

struct LegalDocument {
    std::int64_t id = 0;
    std::string kind;           // terms, privacy
    std::string effective_date; // YYYY-MM-DD
    std::string summary;
    std::string source; // Markdown
    std::string html;
    std::int64_t published_at = 0;
    std::optional<std::int64_t> notified_at;
};

struct TermsAcceptance {
    std::int64_t account_id = 0;
    std::int64_t document_id = 0;
    std::int64_t accepted_at = 0;
    std::string via; // signup, app, web
};

void insert_legal_document(Connection& conn, const LegalDocument& doc);
// Every version of `kind`, newest effective date first.
std::vector<LegalDocument> list_legal_documents(Connection& conn, const std::string& kind);
// The version of `kind` in effect on `day` (YYYY-MM-DD): the latest effective on or before it.
std::optional<LegalDocument> legal_document_in_effect(Connection& conn, const std::string& kind,
                                                      const std::string& day);
std::optional<LegalDocument> find_legal_document(Connection& conn, const std::string& kind,
                                                 const std::string& effective_date);
std::optional<LegalDocument> find_legal_document(Connection& conn, std::int64_t id);
// The version that follows `effective_date`, if one is published.
std::optional<LegalDocument> next_legal_document(Connection& conn, const std::string& kind,
                                                 const std::string& effective_date);
// Marks a version's members as told; false when they were already.
bool mark_legal_document_notified(Connection& conn, std::int64_t id, std::int64_t at);

// Records an acceptance (a second one of the same version keeps the first).
void insert_terms_acceptance(Connection& conn, const TermsAcceptance& acceptance);
std::optional<TermsAcceptance> find_terms_acceptance(Connection& conn, std::int64_t account_id,
                                                     std::int64_t document_id);
std::vector<TermsAcceptance> list_terms_acceptances(Connection& conn, std::int64_t account_id);
// Approved local accounts that have not accepted `document_id`.
std::vector<std::int64_t> accounts_without_acceptance(Connection& conn, std::int64_t document_id);

// The Agora notification type telling a member that new terms took effect.
inline constexpr const char* terms_notification_type = "agora.terms_update";
// The oldest approved admin: who terms notifications come from.
std::optional<std::int64_t> first_admin_id(Connection& conn);
// Tells `recipient` that new terms took effect, replacing an earlier such notification (one per
// member: the latest terms are the ones to read).
void replace_terms_notification(Connection& conn, std::int64_t recipient, std::int64_t from,
                                std::int64_t at_id);

} // namespace agora::store

// Terms acceptances and the announcement of a new terms version.
#include "legal/terms_acceptance.hpp"

#include "legal/legal_documents.hpp"
#include "store/database.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

namespace agora::legal {

std::optional<store::LegalDocument> pending_terms(store::Connection& conn,
                                                  std::int64_t account_id) {
    auto terms = terms_in_effect(conn);
    if (!terms || store::find_terms_acceptance(conn, account_id, terms->id)) return std::nullopt;
    return terms;
}

std::expected<store::TermsAcceptance, std::string> accept_terms(store::Connection& conn,
                                                                std::int64_t account_id,
                                                                const std::string& effective_date,
                                                                const std::string& via) {
    auto doc = is_calendar_date(effective_date)
                   ? store::find_legal_document(conn, "terms", effective_date)
                   : std::nullopt;
    if (!doc) return std::unexpected("Version is not a published version of the terms");
    auto current = terms_in_effect(conn);
    if (current && doc->effective_date < current->effective_date)
        return std::unexpected("Version is no longer in effect");
    store::insert_terms_acceptance(conn, {account_id, doc->id, now_unix_ms(), via});
    return *store::find_terms_acceptance(conn, account_id, doc->id);
}

int announce_terms_in_effect(store::Database& db) {
    auto conn = db.acquire();
    auto terms = terms_in_effect(*conn);
    if (!terms || terms->notified_at) return 0;
    store::Transaction tx(*conn);
    auto from = store::first_admin_id(*conn);
    if (!from) return 0; // nobody to speak for the instance yet: tried again later
    int told = 0;
    for (auto member : store::accounts_without_acceptance(*conn, terms->id)) {
        if (member == *from) continue;
        store::replace_terms_notification(*conn, member, *from, next_id());
        ++told;
    }
    store::mark_legal_document_notified(*conn, terms->id, now_unix_ms());
    tx.commit();
    return told;
}

TermsAnnouncer::TermsAnnouncer(store::Database& db) : db_(db), last_run_(now_unix_ms()) {}

void TermsAnnouncer::run() {
    auto now = now_unix_ms();
    if (now - last_run_ < 60'000) return;
    last_run_ = now;
    announce_terms_in_effect(db_);
}

} // namespace agora::legal

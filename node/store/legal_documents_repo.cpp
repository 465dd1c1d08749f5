// Terms of service and privacy policy versions, and their acceptances: their SQL.
#include "store/legal_documents_repo.hpp"

#include "store/database.hpp"
#include "util/ids.hpp"

namespace agora::store {

namespace {
constexpr const char* columns = "SELECT id, kind, effective_date, summary, source, html, "
                                "published_at, notified_at FROM legal_documents ";

LegalDocument read_document(const Statement& st) {
    LegalDocument d{st.int64(0), st.text(1), st.text(2),  st.text(3),
                    st.text(4),  st.text(5), st.int64(6), {}};
    if (!st.is_null(7)) d.notified_at = st.int64(7);
    return d;
}

std::optional<LegalDocument> first(Statement st) {
    if (!st.step()) return std::nullopt;
    return read_document(st);
}

TermsAcceptance read_acceptance(const Statement& st) {
    return {st.int64(0), st.int64(1), st.int64(2), st.text(3)};
}
} // namespace

void insert_legal_document(Connection& conn, const LegalDocument& d) {
    conn.query("INSERT INTO legal_documents (id, kind, effective_date, summary, source, html, "
               "published_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
               d.id, d.kind, d.effective_date, d.summary, d.source, d.html, d.published_at)
        .run();
}

std::vector<LegalDocument> list_legal_documents(Connection& conn, const std::string& kind) {
    auto st =
        conn.query(std::string(columns) + "WHERE kind = ? ORDER BY effective_date DESC", kind);
    std::vector<LegalDocument> out;
    while (st.step())
        out.push_back(read_document(st));
    return out;
}

std::optional<LegalDocument> legal_document_in_effect(Connection& conn, const std::string& kind,
                                                      const std::string& day) {
    return first(conn.query(std::string(columns) + "WHERE kind = ? AND effective_date <= ? "
                                                   "ORDER BY effective_date DESC LIMIT 1",
                            kind, day));
}

std::optional<LegalDocument> find_legal_document(Connection& conn, const std::string& kind,
                                                 const std::string& effective_date) {
    return first(conn.query(std::string(columns) + "WHERE kind = ? AND effective_date = ?", kind,
                            effective_date));
}

std::optional<LegalDocument> find_legal_document(Connection& conn, std::int64_t id) {
    return first(conn.query(std::string(columns) + "WHERE id = ?", id));
}

std::optional<LegalDocument> next_legal_document(Connection& conn, const std::string& kind,
                                                 const std::string& effective_date) {
    return first(conn.query(std::string(columns) + "WHERE kind = ? AND effective_date > ? "
                                                   "ORDER BY effective_date LIMIT 1",
                            kind, effective_date));
}

bool mark_legal_document_notified(Connection& conn, std::int64_t id, std::int64_t at) {
    conn.query("UPDATE legal_documents SET notified_at = ? WHERE id = ? AND notified_at IS NULL",
               at, id)
        .run();
    return conn.changes() > 0;
}

void insert_terms_acceptance(Connection& conn, const TermsAcceptance& a) {
    conn.query("INSERT INTO terms_acceptances (account_id, document_id, accepted_at, via) "
               "VALUES (?, ?, ?, ?) ON CONFLICT (account_id, document_id) DO NOTHING",
               a.account_id, a.document_id, a.accepted_at, a.via)
        .run();
}

std::optional<TermsAcceptance> find_terms_acceptance(Connection& conn, std::int64_t account_id,
                                                     std::int64_t document_id) {
    auto st = conn.query("SELECT account_id, document_id, accepted_at, via FROM terms_acceptances "
                         "WHERE account_id = ? AND document_id = ?",
                         account_id, document_id);
    if (!st.step()) return std::nullopt;
    return read_acceptance(st);
}

std::vector<TermsAcceptance> list_terms_acceptances(Connection& conn, std::int64_t account_id) {
    auto st = conn.query("SELECT account_id, document_id, accepted_at, via FROM terms_acceptances "
                         "WHERE account_id = ? ORDER BY accepted_at",
                         account_id);
    std::vector<TermsAcceptance> out;
    while (st.step())
        out.push_back(read_acceptance(st));
    return out;
}

std::vector<std::int64_t> accounts_without_acceptance(Connection& conn, std::int64_t document_id) {
    auto st = conn.query("SELECT u.account_id FROM users u WHERE u.approved = 1 AND NOT EXISTS "
                         "(SELECT 1 FROM terms_acceptances a WHERE a.account_id = u.account_id "
                         "AND a.document_id = ?) ORDER BY u.account_id",
                         document_id);
    std::vector<std::int64_t> out;
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

std::optional<std::int64_t> first_admin_id(Connection& conn) {
    auto st = conn.query("SELECT account_id FROM users WHERE role = 'admin' AND approved = 1 "
                         "ORDER BY account_id LIMIT 1");
    if (!st.step()) return std::nullopt;
    return st.int64(0);
}

void replace_terms_notification(Connection& conn, std::int64_t recipient, std::int64_t from,
                                std::int64_t id) {
    conn.query("DELETE FROM notifications WHERE account_id = ? AND type = ?", recipient,
               terms_notification_type)
        .run();
    conn.query("INSERT INTO notifications (id, account_id, type, from_account_id, created_at) "
               "VALUES (?, ?, ?, ?, ?)",
               id, recipient, terms_notification_type, from, id_time_ms(id))
        .run();
}

} // namespace agora::store

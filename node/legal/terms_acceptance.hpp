// Members and the terms of service: which version each accepted and when (kept), the version a
// member still has to accept, and telling members when a new version takes effect.
#pragma once

#include "store/legal_documents_repo.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>

namespace agora::store {
class Connection;
class Database;
} // namespace agora::store

namespace agora::legal {

// The terms version in effect when `account_id` has not accepted it yet.
std::optional<store::LegalDocument> pending_terms(store::Connection& conn, std::int64_t account_id);

// Records that `account_id` accepts the terms version effective on `effective_date` (the one in
// effect or one still to come; accepting again keeps the first record). `via`: signup, app, web.
std::expected<store::TermsAcceptance, std::string> accept_terms(store::Connection& conn,
                                                                std::int64_t account_id,
                                                                const std::string& effective_date,
                                                                const std::string& via);

// When the terms version in effect has not been announced yet: an agora.terms_update
// notification for every approved member who has not accepted it, then the version is marked
// announced. Returns how many members were told.
int announce_terms_in_effect(store::Database& db);

// The event worker's chore: announce_terms_in_effect once a minute, the first a minute after
// the start (so that tests announce when they choose).
class TermsAnnouncer {
public:
    explicit TermsAnnouncer(store::Database& db);
    void run();

private:
    store::Database& db_;
    std::int64_t last_run_;
};

} // namespace agora::legal

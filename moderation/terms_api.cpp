// A member and the terms of service, for apps: GET /api/v1/agora/terms/pending (the version in
// effect if not accepted yet, and the acceptances kept) and POST /api/v1/agora/terms/accept
// {version: its effective date}.
#include "moderation/routes.hpp"

#include "api/api.hpp"
#include "api/entities_legal.hpp"
#include "legal/legal_documents.hpp"
#include "legal/terms_acceptance.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "store/legal_documents_repo.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

namespace agora::moderation {

namespace {
using api::Call;
using nlohmann::json;

// {pending, terms_of_service (the version to accept, or null), acceptances [{effective_date,
// accepted_at, via}]}.
json state_of(store::Connection& conn, std::int64_t account_id) {
    auto today = legal::today_utc();
    auto pending = legal::pending_terms(conn, account_id);
    json acceptances = json::array();
    for (const auto& a : store::list_terms_acceptances(conn, account_id))
        if (auto doc = store::find_legal_document(conn, a.document_id))
            acceptances.push_back({{"effective_date", doc->effective_date},
                                   {"accepted_at", iso8601(a.accepted_at)},
                                   {"via", a.via}});
    return {{"pending", pending.has_value()},
            {"terms_of_service",
             pending
                 ? api::terms_of_service_entity(
                       *pending, store::next_legal_document(conn, "terms", pending->effective_date),
                       today)
                 : json(nullptr)},
            {"acceptances", acceptances}};
}
} // namespace

void install_terms_routes(Node& node) {
    api::add(node, "GET", "/api/v1/agora/terms/pending",
             {.access = api::Access::user, .scope = "read:accounts"}, [](Call& call) {
                 auto conn = call.node.database().acquire();
                 return api::json_response(state_of(*conn, call.me().id));
             });
    api::add(node, "POST", "/api/v1/agora/terms/accept",
             {.access = api::Access::user, .scope = "write:accounts"}, [](Call& call) {
                 auto version = call.params.get("version");
                 if (!version || version->empty())
                     return api::validation_error("Version can't be blank");
                 auto conn = call.node.database().acquire();
                 store::Transaction tx(*conn);
                 auto accepted = legal::accept_terms(*conn, call.me().id, *version, "app");
                 if (!accepted) return api::validation_error(accepted.error());
                 tx.commit();
                 return api::json_response(state_of(*conn, call.me().id));
             });
}

} // namespace agora::moderation

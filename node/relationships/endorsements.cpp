// Endorsements (Mastodon's account pins): only accounts the member follows, ended by an unfollow.
#include "relationships/endorsements.hpp"

#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/pins_repo.hpp"
#include "store/relationships_repo.hpp"
#include "store/statuses_repo.hpp"

namespace agora {

RelationshipResult endorse(store::Database& db, const Account& me, std::int64_t target_id) {
    auto conn = db.acquire();
    if (!store::find_account(*conn, target_id))
        return std::unexpected(RelationshipError{404, "Record not found"});
    store::Transaction tx(*conn);
    if (!store::follows(*conn, me.id, target_id))
        return std::unexpected(RelationshipError{
            422, "Validation failed: You must be already following the person you want to "
                 "endorse"});
    store::insert_account_pin(*conn, me.id, target_id);
    tx.commit();
    return store::relationship(*conn, me.id, target_id);
}

RelationshipResult unendorse(store::Database& db, const Account& me, std::int64_t target_id) {
    auto conn = db.acquire();
    if (!store::find_account(*conn, target_id))
        return std::unexpected(RelationshipError{404, "Record not found"});
    store::delete_account_pin(*conn, me.id, target_id);
    return store::relationship(*conn, me.id, target_id);
}

} // namespace agora

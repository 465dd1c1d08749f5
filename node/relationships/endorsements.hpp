// Endorsements (Mastodon's account pins): a member features accounts they follow on their profile.
#pragma once

#include "relationships/relationship_service.hpp"

namespace agora {

// Endorses an account the member follows; endorsing it again changes nothing. 404 for an unknown
// account, 422 (Mastodon's words) when the member does not follow it.
RelationshipResult endorse(store::Database& db, const Account& me, std::int64_t target_id);
// Ends the endorsement, if there is one; 404 for an unknown account.
RelationshipResult unendorse(store::Database& db, const Account& me, std::int64_t target_id);

} // namespace agora

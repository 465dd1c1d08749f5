// The status.deleted event, written in the transaction that deletes a status before its rows go,
// so that it carries everything delivery needs once they are gone:
//
//   status.deleted {status_id, account_id (the author), local, visibility, created_at,
//                   uri        (a remote status's id; null for a local one, whose id derives
//                               from its author's name),
//                   reblog_of  ({status_id, account_id, uri} of the original for a boost, the
//                               uri null when the original is local; null for an original),
//                   inboxes    (a local status only: the remote inboxes its activities reached,
//                               store::status_reach read in the deleting transaction, each shared
//                               inbox once, sorted; [] for a remote status)}
//
// With `deliver` false (the statuses of a deleted account, whose Delete of the actor says it all,
// as on Mastodon), `inboxes` is [] and nothing is sent for the status itself.
//
// Statuses deleted with it (the boosts of a deleted original) get no event of their own: as on
// Mastodon, the original's Delete is all the fediverse hears.
#pragma once

#include "model/status.hpp"

namespace agora {

namespace store {
class Connection;
}

void write_status_deleted_event(store::Connection& conn, const Status& status, bool deliver = true);

} // namespace agora

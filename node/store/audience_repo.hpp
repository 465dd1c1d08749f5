// Who federation reaches and how: actor ids and inboxes of accounts, the inboxes of followers, the
// accounts that interacted with a status, and so a status's reach. One place for that SQL.
#pragma once

#include "model/status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora::store {

class Connection;

// How an account is addressed. Local accounts have no stored uri or inbox (theirs derive from
// http.public_url); remote ones have the actor id and inboxes their server published.
struct ActorAddress {
    std::int64_t account_id = 0;
    std::string username;
    std::optional<std::string> domain; // nullopt for local accounts
    std::optional<std::string> uri;
    std::optional<std::string> inbox_url;
    std::optional<std::string> shared_inbox_url;
};

// The addresses of the accounts `ids` that exist, in the order of `ids` (repeats kept once).
std::vector<ActorAddress> find_actor_addresses(Connection& conn,
                                               const std::vector<std::int64_t>& ids);

// Who an activity reaches, as account ids: the followers of some accounts, and some accounts.
struct Reach {
    std::vector<std::int64_t> followers_of;
    std::vector<std::int64_t> accounts;
};

// The reach of a status's activities (Create, Update, Delete, Announce and its Undo), read while
// the status still exists (node code reads it in the transaction that deletes one):
// - an original: the author's followers unless it is direct; the mentioned; and, when it is public
//   or unlisted, the author of the status replied to (and that author's followers when local),
//   and those who favourited, boosted or replied to it;
// - a boost: the booster's followers and the original's author.
Reach status_reach(Connection& conn, const Status& status);

// Accounts that favourited, boosted or replied to a status, each once, by id.
std::vector<std::int64_t> status_interactor_ids(Connection& conn, std::int64_t status_id);

// Accounts that follow, or are followed by, `account_id`, each once, by id.
std::vector<std::int64_t> follow_partner_ids(Connection& conn, std::int64_t account_id);

// The inboxes of the remote followers of `followers_of` and of the remote accounts `accounts`:
// each account's shared inbox, or its own inbox when it published none. Each URL once, sorted.
std::vector<std::string> remote_inbox_urls(Connection& conn,
                                           const std::vector<std::int64_t>& followers_of,
                                           const std::vector<std::int64_t>& accounts);

// The inbox of one remote account (its own, or its shared inbox when it published no other);
// nullopt for local accounts and accounts without any.
std::optional<std::string> personal_inbox_url(Connection& conn, std::int64_t account_id);

} // namespace agora::store

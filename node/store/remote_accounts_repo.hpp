// Remote actors (accounts rows with a domain) as federation fetches and refreshes them, and the
// instance actor that signs the instance's own requests: one place for their SQL.
#pragma once

#include "model/profile.hpp"
#include "model/remote_account.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace agora::store {

class Connection;

enum class RemoteUpsertProblem {
    // The handle (username@domain) belongs to another actor id that is still stored.
    handle_taken,
};

// Stores what was fetched of `remote.uri`: updates the row with that uri, or else the row holding
// the same handle (the domain gave the handle to a new actor id: the row follows it), or inserts
// a new row (id and created_at from `remote.account`). The profile (fields, remote image URLs,
// indexable) is saved with it, and a key id held by another row of the same actor's origin is
// taken from it. Returns the account id. Call inside a transaction.
std::expected<std::int64_t, RemoteUpsertProblem>
upsert_remote_account(Connection& conn, const RemoteAccount& remote, const AccountProfile& profile,
                      std::int64_t now);

std::optional<RemoteAccount> find_remote_account_by_uri(Connection& conn, std::string_view uri);
std::optional<RemoteAccount> find_remote_account_by_key_id(Connection& conn,
                                                           std::string_view key_id);
// Case-insensitive on both parts.
std::optional<RemoteAccount>
find_remote_account_by_handle(Connection& conn, std::string_view username, std::string_view domain);

// The instance actor: the local row whose actor_type is 'Application'.
std::optional<Account> find_instance_actor(Connection& conn);
// Inserts `account` (local, with its key pair) as the instance actor; does nothing when one
// exists already. Returns the instance actor either way.
Account insert_instance_actor(Connection& conn, const Account& account);

} // namespace agora::store

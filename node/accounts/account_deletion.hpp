// A local account deleted, by its owner or by an admin: in one transaction, its statuses, media,
// favourites, boosts, follows both ways, notifications, lists, tokens and sign-in data removed,
// its row kept as gone (the username stays reserved, as Mastodon keeps it), and the event
//
//   account.deleted {account_id, username, files (its media and profile images, relative to
//                    storage.media_dir, removed by the node's consumer once committed)}
//
// that federation turns into a Delete of the actor, signed with the account's key (kept for it).
// Statuses deleted this way write status.deleted events that deliver nothing (the actor's Delete
// says it all, as on Mastodon).
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>

namespace agora {

struct Config;
namespace store {
class Database;
struct Event;
} // namespace store

struct DeletionError {
    int status = 422;
    std::string message;
};

// Deletes local account `account_id`; `by` is the admin who did it (nullopt: the member or the
// command line), written in the moderation audit log. 404 for an unknown, remote or already
// deleted account; 422 for the last admin.
std::expected<void, DeletionError>
delete_local_account(store::Database& db, std::int64_t account_id, std::optional<std::int64_t> by);

// The account.deleted consumer: removes the files the event lists (missing ones are no error).
void remove_deleted_account_files(const Config& config, const store::Event& event);

} // namespace agora

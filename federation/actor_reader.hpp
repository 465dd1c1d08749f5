// Reading a fetched ActivityPub actor document into an accounts row: what must be there (id of
// the origin that answered, an actor type, preferredUsername, inbox, a public key the actor
// owns), what is kept, and remote HTML sanitised on the way in. No network, no database.
#pragma once

#include "model/profile.hpp"
#include "model/remote_account.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace agora::federation {

struct ReadActor {
    RemoteAccount remote; // account.id is 0: the caller gives new rows their id
    AccountProfile profile;
};

inline constexpr std::size_t max_profile_fields = 16;

// `fetched_url` is the URL that answered, after redirects: the document's id must have its
// origin (FEP-fe34). Checks, in order: id; type (Person, Service, Application, Group,
// Organization; kinds person, bot, bot, group, organization); preferredUsername (1 to 100 of
// letters, digits, '_', '.', '-'); inbox (an http(s) URL); publicKey (one whose owner is the
// id, whose id has the actor's origin, with a PEM key we can use). Then keeps: name (as plain
// text), summary (sanitised HTML), url (when on the actor's host), shared inbox, outbox,
// followers, following, featured, manuallyApprovesFollowers (locked), discoverable, indexable,
// icon and image URLs, PropertyValue fields (name as text, value sanitised; at most 16),
// alsoKnownAs, movedTo and published (created_at; `now` when absent).
std::expected<ReadActor, std::string> read_actor(const nlohmann::json& document,
                                                 std::string_view fetched_url, std::int64_t now);

// "2024-03-01T12:34:56Z", with optional fractions and a numeric offset, in unix milliseconds.
std::optional<std::int64_t> parse_iso8601(std::string_view text);

} // namespace agora::federation

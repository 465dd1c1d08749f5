// Wall-clock helpers: unix milliseconds and the ISO 8601 / HTTP date forms the protocols use.
#pragma once

#include <cstdint>
#include <string>

namespace agora {

std::int64_t now_unix_ms();
// "2026-11-22T18:02:15.000Z" as Mastodon and ActivityPub documents write instants.
std::string iso8601(std::int64_t unix_ms);
// "2026-11-22T00:00:00Z": the UTC day of an instant, as Mastodon's account `created_at`.
std::string iso8601_day(std::int64_t unix_ms);

} // namespace agora

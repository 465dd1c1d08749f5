// Pinning statuses to one's profile: Mastodon's rules (one's own, not a boost, not direct, at most
// five), and the event federation turns into Add / Remove on the featured collection.
#pragma once

#include "model/account.hpp"
#include "model/status.hpp"
#include "statuses/status_service.hpp"

#include <expected>

namespace agora {

namespace store {
class Database;
}

inline constexpr std::int64_t max_status_pins = 5;

// Pins a status the member may see; pinning it again changes nothing. 404 when it is unknown or
// hidden from them, 422 with Mastodon's message when the rules refuse it.
std::expected<Status, StatusError> pin_status(store::Database& db, const Account& me,
                                              std::int64_t status_id);
// Unpins it (nothing happens when it was not pinned); 404 when it is unknown or hidden.
std::expected<Status, StatusError> unpin_status(store::Database& db, const Account& me,
                                                std::int64_t status_id);

} // namespace agora

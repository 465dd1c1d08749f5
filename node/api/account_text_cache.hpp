// Account entities' JSON text kept between requests (one copy per server thread): a page of a
// timeline shows dozens of accounts that rarely change, and writing them was a fifth of its cost.
// A text is reused only when a fingerprint of everything it was written from is the same: the
// account row, its profile, counters and moderation state, and the instance's base URL.
#pragma once

#include "model/account.hpp"
#include "model/profile.hpp"
#include "store/account_moderation_repo.hpp"
#include "store/stats_repo.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace agora::api {

// What an Account entity is written from.
struct AccountInputs {
    const Account& account;
    const AccountProfile& profile;
    const store::AccountModeration& moderation;
    const store::AccountStats& stats;
    std::string_view base_url;
};

// A 64-bit fingerprint of every input (strings with their lengths, optional values with their
// presence).
std::uint64_t account_fingerprint(const AccountInputs& inputs);

// The text kept for the account under this fingerprint, or nullptr.
const std::string* find_account_text(std::int64_t account_id, std::uint64_t fingerprint);
// Keeps `text` for the account (at most a few thousand accounts per thread: beyond, all are
// dropped and kept again as they are written).
void keep_account_text(std::int64_t account_id, std::uint64_t fingerprint, const std::string& text);

} // namespace agora::api

// Editing a status, as Mastodon does: the new text rendered by the same formatter, mentions,
// hashtags and poll brought up to date, `edited_at` set, both versions kept in the history, a
// "status.updated" event for fan-out (new mentions, `update` notifications to boosters) and
// federation, all in one transaction.
#pragma once

#include "model/account.hpp"
#include "model/status.hpp"
#include "statuses/polls.hpp"
#include "statuses/status_service.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>

namespace agora {

class RemoteAccountFinder;

// What the status is to become: an edit restates the whole status, as Mastodon's does (a poll not
// restated is removed).
struct StatusChange {
    std::string text;
    std::string spoiler_text;
    std::optional<bool> sensitive;
    std::optional<std::string> language; // absent or empty: unchanged
    std::optional<NewPoll> poll;
};

// 404 unless `author` wrote the status (boosts are not edited). An edit that changes nothing is
// not recorded and answers the status as it is. A poll whose options or multiplicity change loses
// its votes; its end is announced again when its new expiry comes.
std::expected<Status, StatusError> edit_status(store::Database& db, const Config& config,
                                               const Account& author, std::int64_t id,
                                               const StatusChange& change,
                                               RemoteAccountFinder* remote = nullptr);

// The fan-out consumer of "status.updated" events: mentioned accounts get the status in their home
// feed and a `mention` notification if they had none, local boosters an `update` notification.
void fan_out_status_update(store::Connection& conn, std::int64_t status_id);

} // namespace agora

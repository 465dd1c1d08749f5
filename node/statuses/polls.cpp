// Polls: Mastodon's checks on a new poll, voting, and announcing the end of polls.
#include "statuses/polls.hpp"

#include "statuses/status_service.hpp"
#include "statuses/text_format.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/notifications_repo.hpp"
#include "store/polls_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>
#include <utf8proc.h>

#include <algorithm>
#include <limits>

namespace agora {

namespace {
constexpr int sweep_batch = 100;

// Ruby's String#strip: NUL and ASCII whitespace at both ends.
std::string strip(std::string_view s) {
    constexpr std::string_view space("\0\t\n\v\f\r ", 7);
    auto first = s.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    return std::string(s.substr(first, s.find_last_not_of(space) - first + 1));
}

// Calls `each` with every code point; false on invalid UTF-8.
template <typename Each>
bool for_each_code_point(std::string_view s, Each each) {
    for (std::size_t p = 0; p < s.size();) {
        utf8proc_int32_t c = 0;
        auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + p),
                                  utf8proc_ssize_t(s.size() - p), &c);
        if (n <= 0) return false;
        each(c);
        p += std::size_t(n);
    }
    return true;
}

// Rails' blank?: nothing but Unicode white space.
bool blank(std::string_view s) {
    bool only_space = true;
    for_each_code_point(s, [&](utf8proc_int32_t c) {
        auto category = utf8proc_category(c);
        bool space = (c >= 0x09 && c <= 0x0d) || c == 0x85 || category == UTF8PROC_CATEGORY_ZS ||
                     category == UTF8PROC_CATEGORY_ZL || category == UTF8PROC_CATEGORY_ZP;
        only_space = only_space && space;
    });
    return only_space;
}

std::size_t grapheme_length(std::string_view s) {
    std::size_t count = 0;
    utf8proc_int32_t previous = -1, state = 0;
    for_each_code_point(s, [&](utf8proc_int32_t c) {
        if (previous < 0 || utf8proc_grapheme_break_stateful(previous, c, &state)) ++count;
        previous = c;
    });
    return count;
}

// Ruby's String#to_i: leading white space, a sign, then as many digits as there are (saturating).
std::int64_t ruby_to_i(std::string_view s) {
    std::size_t p = s.find_first_not_of(" \t\n\v\f\r");
    if (p == std::string_view::npos) return 0;
    bool negative = s[p] == '-';
    if (s[p] == '-' || s[p] == '+') ++p;
    std::int64_t value = 0;
    for (; p < s.size() && s[p] >= '0' && s[p] <= '9'; ++p)
        value = value > std::numeric_limits<std::int64_t>::max() / 20 ? value
                                                                      : value * 10 + (s[p] - '0');
    return negative ? -value : value;
}

// A choice as Ruby's Integer() reads it: an optional sign and digits, white space around.
std::optional<std::int64_t> parse_choice(std::string_view s) {
    auto first = s.find_first_not_of(" \t\n\v\f\r");
    auto last = s.find_last_not_of(" \t\n\v\f\r");
    if (first == std::string_view::npos) return std::nullopt;
    s = s.substr(first, last - first + 1);
    std::string_view digits = s.starts_with('-') || s.starts_with('+') ? s.substr(1) : s;
    if (digits.empty() || digits.size() > 9 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return ruby_to_i(s);
}

std::string joined(const std::vector<std::string>& errors) {
    std::string out = "Validation failed: ";
    for (std::size_t i = 0; i < errors.size(); ++i)
        out += (i ? ", " : "") + errors[i];
    return out;
}

// Writes the `poll` notifications and the "poll.expired" event; false when already announced.
bool announce(store::Connection& conn, const Poll& poll, std::int64_t now) {
    store::Transaction tx(conn);
    if (!store::mark_poll_announced(conn, poll.id, now)) return false;
    if (auto status = store::find_status(conn, poll.status_id)) {
        auto author = store::find_account(conn, status->account_id);
        // Mastodon tells its own members: a remote author learns of the end from its own server.
        if (author && author->local())
            store::insert_notification(conn, author->id, "poll", author->id, status->id);
        for (auto voter : store::local_voter_ids(conn, poll.id))
            store::insert_notification(conn, voter, "poll", status->account_id, status->id);
        store::insert_event(conn, "poll.expired",
                            nlohmann::json{{"poll_id", poll.id}, {"status_id", status->id}}.dump());
    }
    tx.commit();
    return true;
}
} // namespace

std::expected<Poll, PollError> prepare_poll(const NewPoll& request, std::int64_t now_ms) {
    Poll poll;
    for (const auto& option : request.options) {
        if (!valid_utf8(option) || option.find('\0') != std::string::npos)
            return std::unexpected(
                PollError{422, "Validation failed: Poll options must be valid UTF-8 text"});
        auto title = strip(option);
        if (!blank(title)) poll.options.push_back(std::move(title));
    }
    std::vector<std::string> errors;
    if (poll.options.empty()) errors.push_back("Poll options can't be blank");
    bool has_expiry = request.expires_in && !blank(*request.expires_in);
    if (!has_expiry) errors.push_back("Poll expires at can't be blank");
    if (poll.options.size() < 2) errors.push_back("Poll options must have more than one item");
    if (poll.options.size() > max_poll_options)
        errors.push_back("Poll options can't contain more than " +
                         std::to_string(max_poll_options) + " items");
    if (std::any_of(poll.options.begin(), poll.options.end(), [](const std::string& title) {
            return grapheme_length(title) > max_poll_option_characters;
        }))
        errors.push_back("Poll options cannot be longer than " +
                         std::to_string(max_poll_option_characters) + " characters each");
    auto sorted = poll.options;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
        errors.push_back("Poll options contain duplicate items");
    if (has_expiry) {
        auto seconds = ruby_to_i(*request.expires_in);
        if (seconds > max_poll_expiration_seconds)
            errors.push_back("Poll expires at is too far into the future");
        else if (seconds < min_poll_expiration_seconds)
            errors.push_back("Poll expires at is too soon");
        else
            poll.expires_at = now_ms + seconds * 1000;
    }
    if (!errors.empty()) return std::unexpected(PollError{422, joined(errors)});
    poll.multiple = request.multiple;
    poll.hide_totals = request.hide_totals;
    poll.created_at = now_ms;
    return poll;
}

std::expected<Poll, PollError> vote_in_poll(store::Database& db, const Account& voter,
                                            std::int64_t poll_id,
                                            const std::vector<std::string>& choices) {
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    auto poll = store::find_poll(*conn, poll_id);
    auto status = poll ? store::find_status(*conn, poll->status_id) : std::nullopt;
    if (!status || !can_see(*conn, *status, voter.id))
        return std::unexpected(PollError{404, "Record not found"});
    if (choices.empty())
        return std::unexpected(PollError{400, "param is missing or the value is empty: choices"});
    // Each choice is checked as Mastodon checks each vote, counting those before it in the same
    // request; the first one refused refuses them all.
    auto now = now_unix_ms();
    auto earlier = store::own_votes(*conn, poll->id, voter.id);
    bool new_voter = earlier.empty();
    std::vector<int> accepted;
    for (const auto& text : choices) {
        std::vector<std::string> errors;
        if (poll->expired(now)) errors.push_back("The poll has already ended");
        auto choice = parse_choice(text);
        bool known = choice && *choice >= 0 && *choice < std::int64_t(poll->options.size());
        if (!known) errors.push_back("The chosen vote option does not exist");
        if (voter.id == status->account_id) errors.push_back("You cannot vote in your own polls");
        auto chose = [&](const std::vector<int>& list) {
            return choice && std::find(list.begin(), list.end(), *choice) != list.end();
        };
        bool again = poll->multiple ? chose(earlier) || chose(accepted)
                                    : !earlier.empty() || !accepted.empty();
        if (again) errors.push_back("You have already voted on this poll");
        if (!errors.empty()) return std::unexpected(PollError{422, joined(errors)});
        accepted.push_back(int(*choice));
    }
    store::insert_votes(*conn, poll->id, voter.id, accepted, new_voter, now);
    // vote_ids: the poll_votes rows of this request (their ids name the votes delivery sends).
    std::vector<std::int64_t> vote_ids;
    for (const auto& row : store::list_vote_rows(*conn, poll->id, voter.id))
        if (std::find(accepted.begin(), accepted.end(), row.choice) != accepted.end())
            vote_ids.push_back(row.id);
    store::insert_event(*conn, "poll.voted",
                        nlohmann::json{{"poll_id", poll->id},
                                       {"status_id", status->id},
                                       {"account_id", voter.id},
                                       {"choices", accepted},
                                       {"vote_ids", vote_ids}}
                            .dump());
    tx.commit();
    return *store::find_poll(*conn, poll_id);
}

int announce_expired_polls(store::Database& db, std::int64_t after, std::int64_t now_ms) {
    auto conn = db.acquire();
    int announced = 0;
    for (;;) {
        auto due = store::unannounced_expired_polls(*conn, after, now_ms, sweep_batch);
        int failed = 0;
        for (const auto& poll : due) {
            try {
                if (announce(*conn, poll, now_ms)) ++announced;
            } catch (const std::exception& e) {
                // Left unannounced: the first sweep after the next start tries it again.
                ++failed;
                log::error("poll " + std::to_string(poll.id) +
                           ": announcing its end failed: " + e.what());
            }
        }
        if (int(due.size()) < sweep_batch || failed == int(due.size())) return announced;
    }
}

bool PollExpirySweeper::sweep() {
    auto now = now_unix_ms();
    if (now - last_sweep_ < 1000) return false;
    last_sweep_ = now;
    int announced = announce_expired_polls(db_, swept_until_, now);
    swept_until_ = now;
    return announced > 0;
}

} // namespace agora

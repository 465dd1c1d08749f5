// Moderation actions on accounts (Mastodon's none, sensitive, disable, silence, suspend), each
// with its statement of reasons, its notification to the person concerned, the reports it
// resolves and its audit-log lines, written in one transaction; and their reversal.
#pragma once

#include "store/statements_repo.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace agora::store {
class Connection;
class Database;
} // namespace agora::store

namespace agora::moderation {

// The longest explanation a moderator may write (characters).
constexpr std::size_t max_statement_text_chars = 5000;

struct ActionRequest {
    std::optional<std::int64_t> moderator_id; // none: the command line
    std::int64_t target_account_id = 0;
    std::string type = "none"; // none, sensitive, disable, silence, suspend
    std::optional<std::int64_t> report_id;
    std::string text;
    // Agora's additions: the ground relied on (rules, terms, legal; by default from the
    // report's category), the rules broken, the legal ground, the facts in words.
    std::optional<std::string> ground;
    std::optional<std::vector<std::int64_t>> rule_ids;
    std::string legal_ground;
    std::string facts;
};

struct ActionError {
    int status = 422;
    std::string message;
};

// The statement written (none for `none` without text).
std::expected<std::optional<store::ModerationStatement>, ActionError>
take_action(store::Database& db, const ActionRequest& request);

// Lifts a state: unsilence, unsuspend, unsensitive, enable. False when it was not set.
enum class Lift { unsilence, unsuspend, unsensitive, enable };
bool lift(store::Database& db, std::optional<std::int64_t> moderator, std::int64_t account_id,
          Lift what);
// The same inside the caller's transaction.
bool lift(store::Connection& conn, std::optional<std::int64_t> moderator, std::int64_t account_id,
          Lift what);

// Appeals (appeals.cpp).
constexpr std::size_t max_appeal_text_chars = 2000;
struct AppealError {
    int status = 422;
    std::string message;
};
// The person concerned contests a statement, once, within moderation.appeal_days.
std::expected<store::Appeal, AppealError> file_appeal(store::Database& db,
                                                      const store::ModerationStatement& statement,
                                                      int appeal_days, const std::string& text);
// Staff decide a pending appeal: approving reverses the action. Refused (403) to the moderator
// who took the decision while the team has someone else.
std::expected<store::Appeal, AppealError> decide_appeal(store::Database& db, std::int64_t appeal_id,
                                                        std::int64_t moderator, bool approve,
                                                        const std::string& text);

// What lifts the state `action` set (none for none).
std::optional<Lift> lift_of(const std::string& action);

} // namespace agora::moderation

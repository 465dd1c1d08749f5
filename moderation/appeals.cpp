// Appeals: the person concerned contests a statement of reasons once, within the configured
// period; another member of the staff decides, and approving reverses the action.
#include "moderation/account_actions.hpp"

#include "moderation/report_filing.hpp"
#include "store/database.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

namespace agora::moderation {

std::expected<store::Appeal, AppealError> file_appeal(store::Database& db,
                                                      const store::ModerationStatement& statement,
                                                      int appeal_days, const std::string& text) {
    auto trimmed = text.find_first_not_of(" \t\r\n");
    if (trimmed == std::string::npos)
        return std::unexpected(AppealError{422, "Validation failed: Text can't be blank"});
    if (utf8_length(text) > max_appeal_text_chars)
        return std::unexpected(AppealError{422, "Validation failed: Text is too long (maximum is " +
                                                    std::to_string(max_appeal_text_chars) +
                                                    " characters)"});
    auto now = now_unix_ms();
    if (now > statement.created_at + std::int64_t(appeal_days) * 24 * 3600 * 1000)
        return std::unexpected(
            AppealError{422, "Validation failed: the time to appeal this decision (" +
                                 std::to_string(appeal_days) + " days) has passed"});
    store::Appeal appeal;
    appeal.id = next_id();
    appeal.statement_id = statement.id;
    appeal.account_id = statement.account_id;
    appeal.text = text;
    appeal.created_at = id_time_ms(appeal.id);
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    if (!store::insert_appeal(*conn, appeal))
        return std::unexpected(
            AppealError{422, "Validation failed: this decision has already been appealed"});
    store::audit(*conn, statement.account_id, "appeal.create", "statement", statement.id,
                 "statement " + std::to_string(statement.id));
    tx.commit();
    return appeal;
}

std::expected<store::Appeal, AppealError> decide_appeal(store::Database& db, std::int64_t appeal_id,
                                                        std::int64_t moderator, bool approve,
                                                        const std::string& text) {
    if (utf8_length(text) > max_statement_text_chars)
        return std::unexpected(AppealError{422, "Validation failed: Text is too long (maximum is " +
                                                    std::to_string(max_statement_text_chars) +
                                                    " characters)"});
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    auto appeal = store::find_appeal(*conn, appeal_id);
    if (!appeal) return std::unexpected(AppealError{404, "Record not found"});
    auto statement = store::find_statement(*conn, appeal->statement_id);
    if (!statement) return std::unexpected(AppealError{404, "Record not found"});
    if (appeal->state != "pending")
        return std::unexpected(
            AppealError{422, "Validation failed: this appeal has already been decided"});
    if (statement->moderator_account_id == moderator &&
        store::count_other_staff(*conn, moderator) > 0)
        return std::unexpected(AppealError{
            403, "The moderator who took a decision may not decide its appeal: another member "
                 "of the moderation team must"});
    if (statement->account_id == moderator)
        return std::unexpected(AppealError{403, "Nobody decides their own appeal"});
    auto now = now_unix_ms();
    store::decide_appeal(*conn, appeal->id, approve ? "approved" : "rejected", moderator, text,
                         now);
    if (approve) {
        if (auto undo = lift_of(statement->action))
            lift(*conn, moderator, statement->account_id, *undo);
        store::mark_statement_reversed(*conn, statement->id, now);
    }
    store::audit(*conn, moderator, approve ? "appeal.approve" : "appeal.reject", "appeal",
                 appeal->id, "statement " + std::to_string(statement->id));
    store::notify_of_statement(*conn, *statement, "agora.appeal_decided");
    tx.commit();
    return *store::find_appeal(*conn, appeal_id);
}

} // namespace agora::moderation

// Moderation actions on accounts with their statements of reasons, and their reversal.
#include "moderation/account_actions.hpp"

#include "crypto/tokens.hpp"
#include "moderation/report_filing.hpp"
#include "store/account_deletion_repo.hpp"
#include "store/account_moderation_repo.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/relationships_repo.hpp"
#include "store/reports_repo.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace agora::moderation {

namespace {
using store::ModerationFlag;

std::string handle_of(const Account& a) {
    return a.domain ? a.username + "@" + *a.domain : a.username;
}

std::optional<ModerationFlag> flag_of(const std::string& type) {
    if (type == "sensitive") return ModerationFlag::sensitized;
    if (type == "disable") return ModerationFlag::disabled;
    if (type == "silence") return ModerationFlag::silenced;
    if (type == "suspend") return ModerationFlag::suspended;
    return std::nullopt;
}

// The ground a decision relies on: the moderator's choice, else the report's category
// (violation: the rules; legal: the law), else the terms of service.
std::string ground_of(const std::optional<std::string>& chosen, const store::Report* report) {
    if (chosen) return *chosen;
    if (report && report->category == "violation") return "rules";
    if (report && report->category == "legal") return "legal";
    return "terms";
}

ActionError invalid(std::string what) {
    return {422, "Validation failed: " + std::move(what)};
}

// What the fediverse hears of a suspension, as from Mastodon: a member's actor is updated (the
// event federation turns into an Update of it, suspended or not); a remote account's follows of
// members end, each with a Reject{Follow} (the follow.rejected event), since its server would
// otherwise keep feeding it what they post.
void federate_suspension(store::Connection& conn, const Account& target, bool suspended) {
    using nlohmann::json;
    if (target.local()) {
        store::insert_event(conn, suspended ? "account.suspended" : "account.unsuspended",
                            json{{"account_id", target.id}}.dump());
        return;
    }
    if (!suspended) return; // as Mastodon: nothing can make it follow again
    for (const auto& follow : store::follows_of_local_accounts(conn, target.id)) {
        store::delete_follow(conn, target.id, follow.target_account_id);
        store::insert_event(conn, "follow.rejected",
                            json{{"account_id", target.id},
                                 {"target_account_id", follow.target_account_id},
                                 {"follow_uri", follow.follow_uri}}
                                .dump());
    }
}
} // namespace

std::optional<Lift> lift_of(const std::string& action) {
    if (action == "sensitive") return Lift::unsensitive;
    if (action == "disable") return Lift::enable;
    if (action == "silence") return Lift::unsilence;
    if (action == "suspend") return Lift::unsuspend;
    return std::nullopt;
}

std::expected<std::optional<store::ModerationStatement>, ActionError>
take_action(store::Database& db, const ActionRequest& r) {
    static constexpr std::array types{"none", "sensitive", "disable", "silence", "suspend"};
    if (std::find(types.begin(), types.end(), r.type) == types.end())
        return std::unexpected(invalid("Type is not included in the list"));
    if (r.ground && *r.ground != "rules" && *r.ground != "terms" && *r.ground != "legal")
        return std::unexpected(invalid("Ground must be rules, terms or legal"));
    if (utf8_length(r.text) > max_statement_text_chars ||
        utf8_length(r.facts) > max_statement_text_chars ||
        utf8_length(r.legal_ground) > max_statement_text_chars)
        return std::unexpected(invalid("Text is too long (maximum is " +
                                       std::to_string(max_statement_text_chars) + " characters)"));
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    auto target = store::find_account(*conn, r.target_account_id);
    if (!target) return std::unexpected(ActionError{404, "Record not found"});
    if (r.rule_ids)
        for (auto rule : *r.rule_ids)
            if (!known_rule(*conn, rule))
                return std::unexpected(invalid("Rule ids does not reference valid rules"));
    if (r.type == "disable" && !target->local())
        return std::unexpected(invalid("Only local accounts can be disabled"));
    if (r.moderator_id && *r.moderator_id == target->id)
        return std::unexpected(ActionError{403, "This action is not allowed"});
    if (r.type != "none")
        if (auto user = store::find_user(*conn, target->id); user && user->role == Role::admin)
            return std::unexpected(ActionError{403, "This action is not allowed"});
    std::optional<store::Report> report;
    if (r.report_id) {
        report = store::find_report(*conn, *r.report_id);
        if (!report) return std::unexpected(ActionError{404, "Record not found"});
        if (report->target_account_id != target->id)
            return std::unexpected(invalid("Report is not about this account"));
    }
    auto now = now_unix_ms();
    auto label = handle_of(*target);
    if (auto flag = flag_of(r.type))
        if (store::set_moderation_flag(*conn, target->id, *flag, true, now) &&
            *flag == ModerationFlag::suspended)
            federate_suspension(*conn, *target, true);
    store::audit(*conn, r.moderator_id, "account." + r.type, "account", target->id, label,
                 r.report_id ? "report " + std::to_string(*r.report_id) : "");
    // As Mastodon: `none` resolves the report it names; an action resolves every open report
    // about the account.
    std::vector<std::int64_t> resolved;
    if (r.type != "none")
        resolved = store::resolve_open_reports(*conn, target->id, r.moderator_id, now);
    else if (report && !report->action_taken_at) {
        conn->query("UPDATE reports SET action_taken_at = ?, action_taken_by_account_id = ?, "
                    "updated_at = ? WHERE id = ?",
                    now, r.moderator_id, now, report->id)
            .run();
        resolved.push_back(report->id);
    }
    for (auto id : resolved)
        store::audit(*conn, r.moderator_id, "report.resolve", "report", id,
                     "report " + std::to_string(id));
    std::optional<store::ModerationStatement> statement;
    if (r.type != "none" || !r.text.empty()) {
        store::ModerationStatement s;
        s.id = next_id();
        s.account_id = target->id;
        s.moderator_account_id = r.moderator_id;
        s.report_id = r.report_id;
        s.action = r.type;
        s.ground = ground_of(r.ground, report ? &*report : nullptr);
        s.legal_ground = r.legal_ground;
        s.facts = r.facts;
        if (report) {
            s.category = report->category;
            s.subcategory = report->subcategory;
            s.status_ids = report->status_ids;
        }
        s.rule_ids =
            r.rule_ids ? *r.rule_ids : (report ? report->rule_ids : std::vector<std::int64_t>{});
        s.text = r.text;
        s.automated = false;
        s.access_token = crypto::random_token(24);
        s.created_at = id_time_ms(s.id);
        store::insert_statement(*conn, s);
        store::audit(*conn, r.moderator_id, "statement.create", "statement", s.id, label, r.type);
        if (target->local()) store::notify_of_statement(*conn, s, "moderation_warning");
        statement = std::move(s);
    }
    tx.commit();
    return statement;
}

bool lift(store::Database& db, std::optional<std::int64_t> moderator, std::int64_t account_id,
          Lift what) {
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    bool changed = lift(*conn, moderator, account_id, what);
    tx.commit();
    return changed;
}

bool lift(store::Connection& conn, std::optional<std::int64_t> moderator, std::int64_t account_id,
          Lift what) {
    auto target = store::find_account(conn, account_id);
    if (!target) return false;
    auto [flag, action] = [&]() -> std::pair<ModerationFlag, const char*> {
        switch (what) {
        case Lift::unsilence:
            return {ModerationFlag::silenced, "account.unsilence"};
        case Lift::unsuspend:
            return {ModerationFlag::suspended, "account.unsuspend"};
        case Lift::unsensitive:
            return {ModerationFlag::sensitized, "account.unsensitive"};
        case Lift::enable:
            break;
        }
        return {ModerationFlag::disabled, "account.enable"};
    }();
    bool changed = store::set_moderation_flag(conn, account_id, flag, false, now_unix_ms());
    if (changed) store::audit(conn, moderator, action, "account", account_id, handle_of(*target));
    if (changed && what == Lift::unsuspend) federate_suspension(conn, *target, false);
    return changed;
}

} // namespace agora::moderation

// Statements of reasons as entities: Mastodon's AccountWarning (the moderation_warning
// notification's) with Agora's DSA fields under "agora"; and the appeal deadline.
#pragma once

#include "api/entities.hpp"
#include "store/statements_repo.hpp"

#include <nlohmann/json.hpp>

namespace agora::api {

// The last moment (unix ms) an appeal of `statement` is taken.
std::int64_t appeal_deadline(const store::ModerationStatement& statement, const Config& config);
// Its web page, opened by its unguessable token (no session needed).
std::string statement_page_url(const store::ModerationStatement& statement, const Config& config);

// An AccountWarning: id, action, text, status_ids, target_account, appeal, created_at; plus
// "agora": the ground, rules, legal ground, facts, categories, whether automated, how to contest
// it (until when, where), whether an appeal reversed it. `for_staff` adds the moderator and the
// report.
nlohmann::json account_warning(EntityWriter& writer, const Config& config,
                               const store::ModerationStatement& statement, bool for_staff);

} // namespace agora::api

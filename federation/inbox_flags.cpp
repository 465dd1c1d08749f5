// Flag → reports: the accounts and statuses named, checked against what is stored here.
#include "federation/inbox_flags.hpp"

#include "events/event_worker.hpp"
#include "federation/as_values.hpp"
#include "federation/remote_statuses.hpp"
#include "moderation/domain_policy.hpp"
#include "moderation/report_filing.hpp"
#include "node.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/remote_accounts_repo.hpp"
#include "store/reports_repo.hpp"
#include "util/log.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace agora::federation {

namespace {
using nlohmann::json;

// At most this many objects of one Flag are looked at.
constexpr std::size_t max_flag_objects = 100;

std::vector<std::string> object_ids(const json& activity) {
    std::vector<std::string> ids;
    auto object = activity.find("object");
    if (object == activity.end()) return ids;
    auto add = [&](const json& value) {
        auto id = id_of(value);
        if (id && !id->empty() && ids.size() < max_flag_objects) ids.push_back(*id);
    };
    if (object->is_array())
        for (const auto& item : *object)
            add(item);
    else
        add(*object);
    return ids;
}

std::string content_of(const json& activity) {
    auto content = activity.find("content");
    return content != activity.end() && content->is_string() ? content->get<std::string>() : "";
}

InboxOutcome on_flag(InboxContext& context, const InboxActivity& in) {
    auto& node = context.node;
    const auto& config = node.config();
    auto flag_id = in.activity.value("id", std::string());
    std::optional<Account> sender;
    std::vector<std::int64_t> accounts;
    std::vector<Status> statuses;
    {
        auto conn = node.database().acquire();
        sender = store::find_account(*conn, in.actor_id);
        if (!sender || !sender->domain) return InboxOutcome::ignored;
        if (moderation::policy_for(*conn, config, *sender->domain).reject_reports)
            return InboxOutcome::ignored;
        if (flag_id.empty() || store::report_uri_known(*conn, flag_id))
            return InboxOutcome::ignored;
        for (const auto& id : object_ids(in.activity)) {
            if (auto local = local_account_by_uri(*conn, config, id)) {
                accounts.push_back(local->id);
            } else if (auto remote = store::find_remote_account_by_uri(*conn, id)) {
                accounts.push_back(remote->account.id);
            } else if (auto status = find_status_by_object_id(*conn, config, id)) {
                statuses.push_back(*status);
            }
            // Anything else is neither ours nor stored: not part of the report.
        }
    }
    std::sort(accounts.begin(), accounts.end());
    accounts.erase(std::unique(accounts.begin(), accounts.end()), accounts.end());
    if (accounts.empty()) return InboxOutcome::ignored;
    bool filed = false;
    for (std::size_t i = 0; i < accounts.size(); ++i) {
        moderation::ReportRequest request;
        request.origin = "remote";
        request.reporter_id = sender->id;
        request.origin_domain = sender->domain;
        request.uri = i == 0 ? flag_id : flag_id + "#account-" + std::to_string(i);
        request.target_account_id = accounts[i];
        request.comment = content_of(in.activity);
        // Only the statuses the reported account wrote: another's cannot be part of it.
        for (const auto& status : statuses)
            if (status.account_id == accounts[i] && !status.reblog_of_id)
                request.status_ids.push_back(status.id);
        auto report = moderation::file_report(node.database(), request);
        if (report)
            filed = true;
        else
            log::info("inbox: a Flag from " + in.actor_uri.substr(0, 200) +
                      " was not filed: " + report.error().message);
    }
    if (!filed) return InboxOutcome::ignored;
    node.events().notify();
    return InboxOutcome::applied;
}
} // namespace

void add_flag_handlers(InboxHandlers& handlers) {
    handlers.emplace("Flag", on_flag);
}

} // namespace agora::federation

// The status.deleted event: what delivery needs of a status once its rows are gone.
#include "statuses/status_deleted_event.hpp"

#include "store/audience_repo.hpp"
#include "store/events_repo.hpp"
#include "store/statuses_repo.hpp"

#include <nlohmann/json.hpp>

namespace agora {

namespace {
using nlohmann::json;

json optional_text(const std::optional<std::string>& text) {
    return text ? json(*text) : json(nullptr);
}
} // namespace

void write_status_deleted_event(store::Connection& conn, const Status& status, bool deliver) {
    json reblog_of = nullptr;
    if (status.reblog_of_id) {
        reblog_of = {
            {"status_id", *status.reblog_of_id}, {"account_id", nullptr}, {"uri", nullptr}};
        if (auto original = store::find_status(conn, *status.reblog_of_id)) {
            reblog_of["account_id"] = original->account_id;
            reblog_of["uri"] = optional_text(original->uri);
        }
    }
    json inboxes = json::array();
    if (status.local && deliver) {
        auto reach = store::status_reach(conn, status);
        inboxes = store::remote_inbox_urls(conn, reach.followers_of, reach.accounts);
    }
    store::insert_event(conn, "status.deleted",
                        json{{"status_id", status.id},
                             {"account_id", status.account_id},
                             {"local", status.local},
                             {"visibility", to_string(status.visibility)},
                             {"created_at", status.created_at},
                             {"uri", optional_text(status.uri)},
                             {"reblog_of", std::move(reblog_of)},
                             {"inboxes", std::move(inboxes)}}
                            .dump());
}

} // namespace agora

// The event consumer that tells live streams what happened.
#include "streaming/stream_publisher.hpp"

#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/list_feed_repo.hpp"
#include "store/statuses_repo.hpp"
#include "streaming/stream_hub.hpp"

#include <nlohmann/json.hpp>

namespace agora {

namespace {
void publish_status(StreamHub& hub, store::Connection& conn, std::int64_t status_id,
                    const std::string& name) {
    auto status = store::find_status(conn, status_id);
    if (!status) return;
    StreamEvent event{name, status_id};
    // Home streams: whoever's feed holds it (fan-out ran before this consumer), except the `list`
    // rows of exclusive lists' members, which the home timeline leaves out too.
    std::vector<std::int64_t> owners;
    {
        auto st = conn.query("SELECT owner_id FROM feed WHERE status_id = ? AND reason <> 'list'",
                             status_id);
        while (st.step())
            owners.push_back(st.int64(0));
    }
    for (auto owner : owners)
        hub.publish("user:" + std::to_string(owner), event);
    // List streams: the lists whose timeline shows it.
    for (auto list : store::lists_reached_by(conn, status_id))
        hub.publish("list:" + std::to_string(list), event);
    if (status->visibility != Visibility::public_ || status->reblog_of_id) return;
    hub.publish("public", event);
    hub.publish(status->local ? "public:local" : "public:remote", event);
    for (const auto& tag : store::status_tag_names(conn, status_id)) {
        hub.publish("hashtag:" + tag, event);
        if (status->local) hub.publish("hashtag:local:" + tag, event);
    }
}
} // namespace

void publish_event(StreamHub& hub, store::Connection& conn, const store::Event& event) {
    auto payload = nlohmann::json::parse(event.payload, nullptr, false);
    if (!payload.is_object()) return;
    if (event.kind == "status.created" || event.kind == "status.updated") {
        publish_status(hub, conn, payload.value("status_id", std::int64_t(0)),
                       event.kind == "status.created" ? "update" : "status.update");
    } else if (event.kind == "status.deleted") {
        hub.broadcast({"delete", payload.value("status_id", std::int64_t(0))});
    } else if (event.kind == "notification.created") {
        auto recipient = std::to_string(payload.value("account_id", std::int64_t(0)));
        StreamEvent e{"notification", payload.value("notification_id", std::int64_t(0))};
        hub.publish("notification:" + recipient, e);
        hub.publish("user:" + recipient, e);
    } else if (event.kind == "conversation.updated") {
        // Direct streams carry conversations, as Mastodon's do, not statuses.
        hub.publish("direct:" + std::to_string(payload.value("account_id", std::int64_t(0))),
                    {"conversation", payload.value("conversation_id", std::int64_t(0))});
    }
}

} // namespace agora

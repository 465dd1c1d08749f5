// Mastodon's streaming API: /api/v1/streaming over WebSocket (with subscribe and unsubscribe
// messages) and the server-sent-events paths, for user, notification, public, hashtag and list
// streams. Each listener renders what it is sent for its own viewer, so visibility, blocks and
// mutes hold on streams as on every other read path.
#include "streaming/streaming_api.hpp"

#include "api/api.hpp"
#include "api/entities.hpp"
#include "node.hpp"
#include "statuses/status_service.hpp"
#include "statuses/text_format.hpp"
#include "store/conversations_repo.hpp"
#include "store/database.hpp"
#include "store/list_feed_repo.hpp"
#include "store/notifications_repo.hpp"
#include "store/relationships_repo.hpp"
#include "store/statuses_repo.hpp"
#include "streaming/stream_hub.hpp"
#include "util/json_text.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>

namespace agora::streaming {

namespace {
using nlohmann::json;

// A stream as the client names it ("hashtag" + tag) and the hub key it listens on.
struct Subscription {
    json names; // the "stream" array sent with each event, e.g. ["hashtag", "agora"]
    std::string key;
    bool public_timeline = false; // blocks and mutes of the viewer filter these
    std::int64_t list_id = 0;     // a list stream: its statuses say so in `agora.reason`
};

// Resolves a client's stream name to a subscription, or an error message.
std::expected<Subscription, std::string> resolve(Node& node,
                                                 const std::optional<api::Caller>& caller,
                                                 const std::string& stream, const std::string& tag,
                                                 const std::string& list) {
    auto needs_user = [&](const char* scope) -> std::optional<std::string> {
        if (!caller || !caller->account) return "Missing access token";
        if (!api::token_allows(caller->token, scope))
            return "Access token does not have the required scopes";
        return std::nullopt;
    };
    std::string me = caller && caller->account ? std::to_string(caller->account->id) : "";
    if (stream == "user") {
        if (auto e = needs_user("read:statuses")) return std::unexpected(*e);
        return Subscription{{"user"}, "user:" + me, false};
    }
    if (stream == "user:notification") {
        if (auto e = needs_user("read:notifications")) return std::unexpected(*e);
        return Subscription{{"user:notification"}, "notification:" + me, false};
    }
    if (stream == "public" || stream == "public:local" || stream == "public:remote")
        return Subscription{{stream}, stream, true};
    if (stream == "hashtag" || stream == "hashtag:local") {
        auto name = normalize_hashtag(tag);
        if (name.empty()) return std::unexpected("No such hashtag");
        return Subscription{{stream, tag}, stream + ":" + name, true};
    }
    if (stream == "list") {
        if (auto e = needs_user("read:lists")) return std::unexpected(*e);
        auto id = api::parse_id(list);
        auto conn = node.database().acquire();
        if (!id || !conn->query("SELECT 1 FROM lists WHERE id = ? AND account_id = ?", *id,
                                caller->account->id)
                        .step())
            return std::unexpected("No such list");
        return Subscription{{"list", list}, "list:" + std::to_string(*id), false, *id};
    }
    if (stream == "direct") {
        if (auto e = needs_user("read:statuses")) return std::unexpected(*e);
        return Subscription{{"direct"}, "direct:" + me, false};
    }
    return std::unexpected("Unknown stream type");
}

class MastodonStream : public http::StreamSession,
                       public StreamListener,
                       public std::enable_shared_from_this<MastodonStream> {
public:
    MastodonStream(Node& node, StreamHub& hub, std::optional<api::Caller> caller,
                   http::StreamKind kind, std::shared_ptr<http::StreamSink> sink)
        : node_(node), hub_(hub), caller_(std::move(caller)), kind_(kind), sink_(std::move(sink)) {}

    void add(const Subscription& s) {
        {
            std::lock_guard lock(mutex_);
            subscriptions_[s.key] = s;
        }
        hub_.subscribe(s.key, shared_from_this());
    }

    void on_message(std::string_view text) override {
        auto message = json::parse(text, nullptr, false);
        if (!message.is_object()) return send_error("Invalid JSON");
        auto type = message.value("type", "");
        auto stream = message.value("stream", "");
        auto tag = message.contains("tag") && message["tag"].is_string()
                       ? message["tag"].get<std::string>()
                       : "";
        auto list = message.contains("list")
                        ? (message["list"].is_string() ? message["list"].get<std::string>()
                                                       : message["list"].dump())
                        : "";
        auto resolved = resolve(node_, caller_, stream, tag, list);
        if (!resolved) return send_error(resolved.error());
        if (type == "subscribe") {
            add(*resolved);
        } else if (type == "unsubscribe") {
            {
                std::lock_guard lock(mutex_);
                subscriptions_.erase(resolved->key);
            }
            hub_.unsubscribe(resolved->key, this);
        } else {
            send_error("Unknown message type");
        }
    }

    void on_close() override {
        std::map<std::string, Subscription> subscriptions;
        {
            std::lock_guard lock(mutex_);
            subscriptions.swap(subscriptions_);
        }
        for (auto& [key, s] : subscriptions)
            hub_.unsubscribe(key, this);
    }

    void deliver(const std::string& key, const StreamEvent& event) override {
        if (sink_->closed()) return;
        Subscription subscription;
        {
            std::lock_guard lock(mutex_);
            auto it = subscriptions_.find(key);
            if (it == subscriptions_.end()) {
                if (event.event != "delete" || subscriptions_.empty()) return;
                it = subscriptions_.begin(); // deletions go to every stream: name the first
            }
            subscription = it->second;
        }
        auto payload = render(subscription, event);
        if (!payload) return;
        if (kind_ == http::StreamKind::websocket) {
            sink_->send(
                json{{"stream", subscription.names}, {"event", event.event}, {"payload", *payload}}
                    .dump());
        } else {
            sink_->send("event: " + event.event + "\ndata: " + *payload + "\n\n");
        }
    }

private:
    std::optional<std::int64_t> viewer() const {
        return caller_ && caller_->account ? std::optional<std::int64_t>(caller_->account->id)
                                           : std::nullopt;
    }

    // The event's payload as this viewer may see it; nullopt when they may not.
    std::optional<std::string> render(const Subscription& s, const StreamEvent& event) {
        if (event.event == "delete") return std::to_string(event.id);
        auto conn = node_.database().acquire();
        api::EntityWriter writer(*conn, node_.config(), viewer());
        if (event.event == "notification") {
            if (!viewer()) return std::nullopt;
            auto n = store::find_notification(*conn, *viewer(), event.id);
            if (!n) return std::nullopt;
            return writer.notification_text(n->id, n->type, n->created_at, n->from_account_id,
                                            n->status_id, "notifications");
        }
        if (event.event == "conversation") {
            auto c = viewer() ? store::find_conversation(*conn, *viewer(), event.id) : std::nullopt;
            if (!c) return std::nullopt;
            return to_json_text(writer.conversation(*c));
        }
        auto status = store::find_status(*conn, event.id);
        if (!status || !can_see(*conn, *status, viewer())) return std::nullopt;
        if ((s.public_timeline || s.list_id) && viewer()) {
            if (store::blocked_either_way(*conn, *viewer(), status->account_id) ||
                conn->query("SELECT 1 FROM mutes WHERE account_id = ? AND target_account_id = ?",
                            *viewer(), status->account_id)
                    .step())
                return std::nullopt;
        }
        if (s.list_id) {
            // As in the list timeline: the list and the member who brought the status.
            auto list = store::find_owned_list(*conn, *viewer(), s.list_id);
            if (!list) return std::nullopt; // deleted since
            return writer.feed_status_text(
                {*status, FeedReason::list, status->account_id, std::nullopt, *list}, "home");
        }
        // The listener's hide filters: public ones on public and hashtag streams, home ones else.
        return writer.status_text(*status, s.public_timeline ? "public" : "home");
    }

    void send_error(const std::string& message) {
        if (kind_ == http::StreamKind::websocket) sink_->send(json{{"error", message}}.dump());
    }

    Node& node_;
    StreamHub& hub_;
    std::optional<api::Caller> caller_;
    http::StreamKind kind_;
    std::shared_ptr<http::StreamSink> sink_;
    std::mutex mutex_;
    std::map<std::string, Subscription> subscriptions_;
};

// The bearer token as Mastodon's streaming server accepts it: header, query, or WebSocket protocol.
std::string token_of(const http::Request& req, bool& from_protocol) {
    from_protocol = false;
    auto header = req.header("Authorization");
    if (header.size() > 7 && http::iequals(header.substr(0, 7), "Bearer "))
        return std::string(header.substr(7));
    if (auto q = req.query_param("access_token")) return *q;
    auto protocol = req.header("Sec-WebSocket-Protocol");
    if (!protocol.empty()) {
        from_protocol = true;
        return std::string(protocol.substr(0, protocol.find(',')));
    }
    return "";
}

http::StreamStart refuse(int status, const std::string& message) {
    http::StreamStart start;
    start.refusal = http::error_response(status, message);
    start.refusal.header("Access-Control-Allow-Origin", "*");
    return start;
}

// Opens a stream; `fixed_stream` is the stream an SSE path names (empty: the WebSocket endpoint).
http::StreamStart open(Node& node, StreamHub& hub, http::Request& req, http::StreamKind kind,
                       std::shared_ptr<http::StreamSink> sink, const std::string& fixed_stream) {
    bool from_protocol = false;
    auto token = token_of(req, from_protocol);
    auto caller = api::authenticate_token(node, token, {.scope = "read"});
    if (!caller) {
        // A narrower token (read:statuses only) may still open the streams it covers.
        caller = api::authenticate_token(node, token, {});
        if (!caller)
            return refuse(caller.error().status,
                          nlohmann::json::parse(caller.error().body).value("error", ""));
    }
    auto session = std::make_shared<MastodonStream>(node, hub, *caller, kind, sink);
    std::string stream =
        fixed_stream.empty() ? req.query_param("stream").value_or("") : fixed_stream;
    if (!stream.empty()) {
        auto resolved = resolve(node, *caller, stream, req.query_param("tag").value_or(""),
                                req.query_param("list").value_or(""));
        if (!resolved) {
            int status = resolved.error() == "Missing access token" ? 401
                         : resolved.error() == "Access token does not have the required scopes"
                             ? 403
                             : 400;
            return refuse(status, resolved.error());
        }

        session->add(*resolved);
    } else if (kind != http::StreamKind::websocket) {
        return refuse(400, "Unknown stream type");
    }
    http::StreamStart start;
    start.session = session;
    if (from_protocol) start.subprotocol = token;
    return start;
}
} // namespace

void install_routes(Node& node, StreamHub& hub) {
    node.router().add("GET", "/api/v1/streaming/health",
                      [](http::Request&) { return http::text_response(200, "OK"); },
                      {.cors = true});
    node.router().add_stream("/api/v1/streaming",
                             [&node, &hub](http::Request& req, http::StreamKind kind,
                                           std::shared_ptr<http::StreamSink> sink) {
                                 return open(node, hub, req, kind, std::move(sink), "");
                             });
    const std::pair<const char*, const char*> paths[] = {
        {"/api/v1/streaming/user", "user"},
        {"/api/v1/streaming/user/notification", "user:notification"},
        {"/api/v1/streaming/public", "public"},
        {"/api/v1/streaming/public/local", "public:local"},
        {"/api/v1/streaming/public/remote", "public:remote"},
        {"/api/v1/streaming/hashtag", "hashtag"},
        {"/api/v1/streaming/hashtag/local", "hashtag:local"},
        {"/api/v1/streaming/list", "list"},
        {"/api/v1/streaming/direct", "direct"},
    };
    for (auto [path, stream] : paths) {
        std::string name = stream;
        node.router().add_stream(path,
                                 [&node, &hub, name](http::Request& req, http::StreamKind kind,
                                                     std::shared_ptr<http::StreamSink> sink) {
                                     return open(node, hub, req, kind, std::move(sink), name);
                                 });
    }
}

} // namespace agora::streaming

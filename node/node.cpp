// A running instance: configuration, database, router and HTTP server, wired together.
#include "node.hpp"

#include "accounts/account_deletion.hpp"
#include "api/rate_limits.hpp"
#include "api/routes.hpp"
#include "events/event_worker.hpp"
#include "http/server.hpp"
#include "legal/terms_acceptance.hpp"
#include "statuses/follower_fanout.hpp"
#include "statuses/polls.hpp"
#include "statuses/status_edits.hpp"
#include "statuses/status_service.hpp"
#include "streaming/stream_hub.hpp"
#include "streaming/stream_publisher.hpp"
#include "streaming/streaming_api.hpp"

#include "store/events_repo.hpp"
#include "util/log.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace agora {

namespace {
void create_parent_folder(const std::string& file) {
    auto parent = std::filesystem::path(file).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
}
} // namespace

Node::Node(Config config) : config_(std::move(config)) {
    create_parent_folder(config_.storage.database_path);
    std::filesystem::create_directories(config_.storage.media_dir);
    database_ = std::make_unique<store::Database>(config_.storage.database_path);
    events_ = std::make_unique<EventWorker>(*database_);
    streams_ = std::make_unique<StreamHub>();
    rate_limiter_ = std::make_unique<api::RateLimiter>(config_);
    events_->add_consumer(
        "fanout",
        [](store::Connection& conn, const store::Event& event) {
            if (event.kind == "status.created")
                fan_out_status(
                    conn, nlohmann::json::parse(event.payload).at("status_id").get<std::int64_t>());
            else if (event.kind == "status.updated")
                fan_out_status_update(
                    conn, nlohmann::json::parse(event.payload).at("status_id").get<std::int64_t>());
        },
        // The followers' feeds, a slice per transaction, before the handler's transaction.
        [](store::Connection& conn, const store::Event& event) {
            if (event.kind == "status.created")
                fill_follower_feeds(
                    conn, nlohmann::json::parse(event.payload).at("status_id").get<std::int64_t>());
        });
    // After fan-out, so that the feed rows a status went to are there to be told about.
    events_->add_consumer("streaming", [this](store::Connection& conn, const store::Event& event) {
        publish_event(*streams_, conn, event);
    });
    // The files of deleted accounts, once their deletion is committed.
    events_->add_consumer("deleted_files", [this](store::Connection&, const store::Event& event) {
        remove_deleted_account_files(config_, event);
    });
    events_->add_chore(
        [sweeper = std::make_shared<PollExpirySweeper>(*database_)] { sweeper->sweep(); });
    events_->add_chore(
        [announcer = std::make_shared<legal::TermsAnnouncer>(*database_)] { announcer->run(); });
    http::ServerLimits limits{config_.http.max_header_bytes, config_.http.max_body_bytes,
                              config_.http.request_timeout_seconds,
                              config_.http.idle_timeout_seconds,
                              config_.http.shutdown_timeout_seconds};
    server_ = std::make_unique<http::Server>(router_, limits, config_.http.access_log);
    server_->on_stopping([this] { ready_ = false; });
    add_health_routes();
    api::install_routes(*this);
    streaming::install_routes(*this, *streams_);
}

Node::~Node() = default;

void Node::add_health_routes() {
    router_.add("GET", "/livez", [](http::Request&) { return http::text_response(200, "ok\n"); });
    router_.add("GET", "/readyz", [this](http::Request&) {
        if (!ready_) return http::text_response(503, "stopping\n");
        try {
            auto conn = database_->acquire();
            conn->query("SELECT 1").step();
        } catch (const std::exception& e) {
            log::error(std::string("readiness: database unavailable: ") + e.what());
            return http::text_response(503, "database unavailable\n");
        }
        return http::text_response(200, "ok\n");
    });
}

std::uint16_t Node::listen() {
    auto port = server_->listen(config_.http.listen_host, config_.http.listen_port);
    ready_ = true;
    return port;
}

void Node::add_service(std::shared_ptr<BackgroundService> service) {
    services_.push_back(std::move(service));
}

void Node::serve(bool handle_signals) {
    events_->start();
    for (auto& service : services_)
        service->start();
    server_->run(config_.http.threads, handle_signals);
    ready_ = false;
    for (auto it = services_.rbegin(); it != services_.rend(); ++it)
        (*it)->stop();
    events_->stop();
    database_->close();
    log::info("stopped; database closed");
}

void Node::stop() {
    server_->stop();
}

} // namespace agora

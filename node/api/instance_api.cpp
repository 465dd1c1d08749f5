// Instance endpoints: /api/v1/instance, /api/v2/instance (with configuration limits and the
// streaming URL), rules, peers, activity, custom emojis.
#include "api/api.hpp"
#include "api/routes.hpp"
#include "media/image_processing.hpp"
#include "media/media_service.hpp"
#include "node.hpp"
#include "statuses/status_service.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"

namespace agora::api {

namespace {
using nlohmann::json;

// Clients read the version to decide which features to use: announce the Mastodon API level we
// follow, and who we are, as other compatible servers do.
std::string version() {
    return std::string("4.3.0 (compatible; Agora ") + AGORA_VERSION + ")";
}

std::string streaming_url(const Config& config) {
    const auto& base = config.base_url();
    return (base.starts_with("https://") ? "wss://" : "ws://") + base.substr(base.find("://") + 3);
}

json configuration(const Config& config) {
    return {{"urls", {{"streaming", streaming_url(config)}, {"status", nullptr}}},
            {"vapid", {{"public_key", ""}}},
            {"accounts", {{"max_featured_tags", 10}, {"max_pinned_statuses", 5}}},
            {"statuses",
             {{"max_characters", default_max_characters},
              {"max_media_attachments", 4},
              {"characters_reserved_per_url", 23}}},
            {"media_attachments",
             {{"supported_mime_types",
               json::array({"image/jpeg", "image/png", "image/webp", "image/gif"})},
              {"description_limit", media_description_limit},
              {"image_size_limit", config.media.max_image_bytes},
              {"image_matrix_limit", media::ImageLimits{}.max_pixels},
              {"video_size_limit", 0},
              {"video_frame_rate_limit", 0},
              {"video_matrix_limit", 0}}},
            {"polls",
             {{"max_options", 4},
              {"max_characters_per_option", 50},
              {"min_expiration", 300},
              {"max_expiration", 2629746}}},
            {"translation", {{"enabled", false}}}};
}

bool registrations_open(const Config& c) {
    return c.registrations.mode == RegistrationsMode::open ||
           c.registrations.mode == RegistrationsMode::approval;
}
} // namespace

void install_instance_routes(Node& node) {
    add(node, "GET", "/api/v2/instance", {}, [](Call& call) {
        const auto& config = call.node.config();
        auto conn = call.node.database().acquire();
        constexpr std::int64_t month_ms = 30LL * 24 * 3600 * 1000;
        std::int64_t active =
            store::count_users_active_since(*conn, std::time(nullptr) * 1000LL - month_ms);
        return json_response({
            {"domain", config.instance.domain},
            {"title", config.instance.title},
            {"version", version()},
            {"source_url", ""},
            {"description", config.instance.description},
            {"usage", {{"users", {{"active_month", active}}}}},
            {"thumbnail", {{"url", config.base_url() + "/headers/original/missing.png"}}},
            {"icon", json::array()},
            {"languages", config.instance.languages},
            {"configuration", configuration(config)},
            {"registrations",
             {{"enabled", registrations_open(config)},
              {"approval_required", config.registrations.mode == RegistrationsMode::approval},
              {"message", nullptr},
              {"url", nullptr}}},
            {"api_versions", {{"mastodon", 2}}},
            {"contact", {{"email", ""}, {"account", nullptr}}},
            {"rules", json::array()},
        });
    });
    add(node, "GET", "/api/v1/instance", {}, [](Call& call) {
        const auto& config = call.node.config();
        auto conn = call.node.database().acquire();
        return json_response({
            {"uri", config.instance.domain},
            {"title", config.instance.title},
            {"short_description", config.instance.description},
            {"description", config.instance.description},
            {"email", ""},
            {"version", version()},
            {"urls", {{"streaming_api", streaming_url(config)}}},
            {"stats",
             {{"user_count", store::count_local_users(*conn)},
              {"status_count", store::count_local_statuses(*conn)},
              {"domain_count", 0}}},
            {"thumbnail", nullptr},
            {"languages", config.instance.languages},
            {"registrations", registrations_open(config)},
            {"approval_required", config.registrations.mode == RegistrationsMode::approval},
            {"invites_enabled", config.registrations.mode == RegistrationsMode::invite},
            {"configuration", configuration(config)},
            {"contact_account", nullptr},
            {"rules", json::array()},
        });
    });
    // No remote instance is known until federation arrives; rules come with moderation.
    add(node, "GET", "/api/v1/instance/peers", {},
        [](Call&) { return json_response(json::array()); });
    add(node, "GET", "/api/v1/instance/rules", {},
        [](Call&) { return json_response(json::array()); });
    add(node, "GET", "/api/v1/custom_emojis", {},
        [](Call&) { return json_response(json::array()); });
}

} // namespace agora::api

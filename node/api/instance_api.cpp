// Instance endpoints: /api/v1/instance, /api/v2/instance (with configuration limits and the
// streaming URL), rules, peers, activity, extended description, custom emojis; the terms of
// service (in effect, or by effective date) and the privacy policy in effect.
#include "api/api.hpp"
#include "api/entities_legal.hpp"
#include "api/routes.hpp"
#include "legal/legal_documents.hpp"
#include "media/image_processing.hpp"
#include "media/media_service.hpp"
#include "node.hpp"
#include "statuses/status_service.hpp"
#include "statuses/text_format.hpp"
#include "store/accounts_repo.hpp"
#include "store/activity_repo.hpp"
#include "store/database.hpp"
#include "util/time.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

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

// Mastodon's weekly activity: twelve entries, newest first. As Mastodon computes them, entry i
// starts i weeks before now (`week`, unix seconds) and counts seven UTC days from that day on, so
// the first entry holds today only and the second the seven days before it.
json weekly_activity(store::Connection& conn, std::int64_t now_ms) {
    constexpr std::int64_t day_ms = 24LL * 3600 * 1000;
    constexpr std::int64_t week_ms = 7 * day_ms;
    std::int64_t today = now_ms - now_ms % day_ms;
    json weeks = json::array();
    for (int i = 0; i < 12; ++i) {
        std::int64_t first_day = today - i * week_ms;
        auto counts = store::count_activity(conn, first_day, first_day + week_ms);
        weeks.push_back({{"week", std::to_string((now_ms - i * week_ms) / 1000)},
                         {"statuses", std::to_string(counts.statuses)},
                         {"logins", std::to_string(counts.logins)},
                         {"registrations", std::to_string(counts.registrations)}});
    }
    return weeks;
}

// "2022-11-03T04:09:07Z", as Mastodon dates its extended description.
std::string iso8601_seconds(std::int64_t unix_seconds) {
    std::time_t t = unix_seconds;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return out;
}

// The extended description, rendered once: its text comes from the configuration, so it is dated
// by the configuration file's last change (or, without a file, by this start).
json extended_description(const Config& config) {
    const auto& text = config.instance.extended_description;
    if (text.empty()) return {{"updated_at", nullptr}, {"content", ""}};
    auto html =
        format_status_text(text, config.base_url(), [](const MentionRef&) { return std::nullopt; });
    std::int64_t updated = std::time(nullptr);
    std::error_code ec;
    auto modified = std::filesystem::last_write_time(config.source_path, ec);
    if (!ec)
        updated = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::file_clock::to_sys(modified).time_since_epoch())
                      .count();
    return {{"updated_at", iso8601_seconds(updated)}, {"content", html ? html->html : ""}};
}
} // namespace

void install_instance_routes(Node& node) {
    add(node, "GET", "/api/v2/instance", {}, [](Call& call) {
        const auto& config = call.node.config();
        auto conn = call.node.database().acquire();
        constexpr std::int64_t month_ms = 30LL * 24 * 3600 * 1000;
        std::int64_t active =
            store::count_users_active_since(*conn, std::time(nullptr) * 1000LL - month_ms);
        // Mastodon 4.4's page links; a text not published yet is null.
        auto today = legal::today_utc();
        auto page_url = [&](const char* kind, const char* path) {
            return store::legal_document_in_effect(*conn, kind, today)
                       ? json(config.base_url() + path)
                       : json(nullptr);
        };
        auto settings = configuration(config);
        settings["urls"]["about"] = config.base_url() + "/about";
        settings["urls"]["privacy_policy"] = page_url("privacy", "/privacy");
        settings["urls"]["terms_of_service"] = page_url("terms", "/terms");
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
            {"configuration", settings},
            {"registrations",
             {{"enabled", registrations_open(config)},
              {"approval_required", config.registrations.mode == RegistrationsMode::approval},
              {"message", nullptr},
              {"url", nullptr}}},
            {"api_versions", {{"mastodon", 2}}},
            {"contact", {{"email", ""}, {"account", nullptr}}},
            {"rules", rules_array(*conn)},
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
            {"rules", rules_array(*conn)},
        });
    });
    // No remote instance is known until federation arrives.
    add(node, "GET", "/api/v1/instance/peers", {},
        [](Call&) { return json_response(json::array()); });
    add(node, "GET", "/api/v1/instance/rules", {}, [](Call& call) {
        auto conn = call.node.database().acquire();
        return json_response(rules_array(*conn));
    });
    add(node, "GET", "/api/v1/custom_emojis", {},
        [](Call&) { return json_response(json::array()); });
    add(node, "GET", "/api/v1/instance/activity", {}, [](Call& call) {
        auto conn = call.node.database().acquire();
        return json_response(weekly_activity(*conn, now_unix_ms()));
    });
    add(node, "GET", "/api/v1/instance/extended_description", {},
        [description = extended_description(node.config())](Call&) {
            return json_response(description);
        });
    // The versions published with `agora admin terms publish` / `privacy publish`; none yet is
    // Mastodon's RecordNotFound.
    add(node, "GET", "/api/v1/instance/terms_of_service", {}, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto today = legal::today_utc();
        auto doc = store::legal_document_in_effect(*conn, "terms", today);
        if (!doc) return http::error_response(404, "Record not found");
        return json_response(terms_of_service_entity(
            *doc, store::next_legal_document(*conn, "terms", doc->effective_date), today));
    });
    // A version by its effective date, past or still to come.
    add(node, "GET", "/api/v1/instance/terms_of_service/{date}", {}, [](Call& call) {
        auto date = std::string(call.request.param("date"));
        auto conn = call.node.database().acquire();
        auto doc = legal::is_calendar_date(date) ? store::find_legal_document(*conn, "terms", date)
                                                 : std::nullopt;
        if (!doc) return http::error_response(404, "Record not found");
        return json_response(terms_of_service_entity(
            *doc, store::next_legal_document(*conn, "terms", doc->effective_date),
            legal::today_utc()));
    });
    add(node, "GET", "/api/v1/instance/privacy_policy", {}, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto doc = store::legal_document_in_effect(*conn, "privacy", legal::today_utc());
        if (!doc) return http::error_response(404, "Record not found");
        return json_response(privacy_policy_entity(*doc));
    });
}

} // namespace agora::api

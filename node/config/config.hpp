// The node's configuration: a TOML file plus AGORA_SECTION_KEY environment overrides, validated
// once.
#pragma once

#include <cstdint>
#include <expected>
#include <map>
#include <string>
#include <vector>

namespace agora {

enum class RegistrationsMode { open, approval, invite, closed };
const char* to_string(RegistrationsMode mode);

struct Config {
    struct Instance {
        std::string domain;
        std::string title = "Agora";
        std::string description;
        // Longer text for /api/v1/instance/extended_description (plain text, paragraphs).
        std::string extended_description;
        std::vector<std::string> languages{"fr", "en"};
        std::string admin_username = "admin";
    } instance;

    struct Http {
        std::string listen_host = "127.0.0.1";
        std::uint16_t listen_port = 8080;
        std::string public_url; // scheme://host[:port], no trailing slash
        unsigned threads = 1;
        std::size_t max_header_bytes = 16 * 1024;
        std::size_t max_body_bytes = 1024 * 1024;
        unsigned request_timeout_seconds = 30;
        unsigned idle_timeout_seconds = 75;
        unsigned shutdown_timeout_seconds = 10;
        bool access_log = true;
        // Peers whose X-Forwarded-For is believed (addresses or CIDR networks, validated).
        std::vector<std::string> trusted_proxies{"127.0.0.1/8", "::1"};
    } http;

    struct RateLimits {
        bool enabled = true;
        double scale = 1.0; // multiplies every limit (Mastodon's numbers at 1.0)
    } rate_limits;

    struct Storage {
        std::string database_path; // from "sqlite:PATH"
        std::string media_dir = "data/media";
    } storage;

    struct Media {
        // The largest image file accepted by the upload endpoints (Mastodon's image_size_limit).
        std::size_t max_image_bytes = 16 * 1024 * 1024;
    } media;

    struct Federation {
        // Outbound requests may reach loopback, private, link-local... addresses (tests, LANs).
        bool allow_private_addresses = false;
        // Outbound requests may use plain http:// (tests); https only otherwise.
        bool allow_http = false;
        unsigned connect_timeout_seconds = 5;
        unsigned request_timeout_seconds = 20; // the whole exchange, redirects included
        std::size_t max_document_bytes = 1024 * 1024;
        // A remote actor fetched longer ago than this is fetched again when next needed.
        unsigned actor_refresh_seconds = 24 * 3600;
        // Deliveries (POSTs to remote inboxes) on their way at once, overall and per domain.
        unsigned delivery_concurrency = 64;
        unsigned delivery_per_domain = 4;
        // How long a delivery that keeps failing is tried again before it is given up.
        unsigned delivery_retry_hours = 72;
        // Failures in a row after which a domain is unreachable: its deliveries wait, one of them
        // tried every delivery_probe_interval seconds, until one succeeds.
        unsigned delivery_unreachable_after = 10;
        unsigned delivery_probe_seconds = 600;
        // The largest activity an inbox accepts (larger POSTs get 413 before being read).
        std::size_t max_inbox_bytes = 1024 * 1024;
        // Secure mode: GETs of actors, objects and collections must be signed (401 otherwise);
        // an unsigned GET of an actor gets its technical attributes only (id, inbox, key...).
        bool authorized_fetch = false;
    } federation;

    struct Registrations {
        RegistrationsMode mode = RegistrationsMode::approval;
    } registrations;

    struct Moderation {
        // Visitors (no account) may report content: POST /api/v1/reports without a token.
        bool visitor_reports = true;
        // federation_mode = "allowlist": federate only with the domains of domain_allows.
        bool allowlist_federation = false;
        // How many days a member has to appeal a moderation decision (Mastodon: 20).
        int appeal_days = 20;
    } moderation;

    struct Log {
        std::string level = "info";
    } log;

    std::string source_path; // the file it was read from, for messages

    // The URL prefix every generated link starts with, e.g. "https://example.org".
    const std::string& base_url() const { return http.public_url; }
};

// One line naming the file (or variable), the key and what is wrong.
struct ConfigError {
    std::string source;
    std::string key;
    std::string message;
    std::string line() const;
};

using Environment = std::map<std::string, std::string>;
Environment process_environment();

// Reads `path`, applies AGORA_* overrides from `env`, validates. Relative storage paths are kept
// relative to the working directory, as the administrator wrote them.
std::expected<Config, ConfigError> load_config(const std::string& path, const Environment& env);
// Same, from TOML text already in memory (tests, `config check`).
std::expected<Config, ConfigError>
parse_config(const std::string& toml_text, const std::string& source_name, const Environment& env);

// The config file to use: --config if given, else AGORA_CONFIG, else ./agora.toml.
std::string resolve_config_path(const std::string& flag_value, const Environment& env);

} // namespace agora

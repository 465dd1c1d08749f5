// The node's configuration: a TOML file plus AGORA_SECTION_KEY environment overrides, validated
// once.
#include "config/config.hpp"

#include "util/ip_address.hpp"

#include <arpa/inet.h>
#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <variant>

extern char** environ;

namespace agora {

const char* to_string(RegistrationsMode mode) {
    switch (mode) {
    case RegistrationsMode::open:
        return "open";
    case RegistrationsMode::approval:
        return "approval";
    case RegistrationsMode::invite:
        return "invite";
    case RegistrationsMode::closed:
        return "closed";
    }
    return "closed";
}

std::string ConfigError::line() const {
    std::string out = source;
    if (!key.empty()) out += ": " + key;
    return out + ": " + message;
}

Environment process_environment() {
    Environment env;
    for (char** e = environ; e && *e; ++e) {
        std::string_view entry(*e);
        auto eq = entry.find('=');
        if (eq == std::string_view::npos) continue;
        env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
    }
    return env;
}

std::string resolve_config_path(const std::string& flag_value, const Environment& env) {
    if (!flag_value.empty()) return flag_value;
    if (auto it = env.find("AGORA_CONFIG"); it != env.end() && !it->second.empty())
        return it->second;
    return "agora.toml";
}

namespace {

enum class Type { string, integer, boolean, string_list, number };
using Value = std::variant<std::string, std::int64_t, bool, std::vector<std::string>, double>;
// Returns an error message, or nothing when the value was accepted.
using Apply = std::function<std::optional<std::string>(Config&, const Value&)>;

struct KeySpec {
    std::string section;
    std::string name;
    Type type;
    Apply apply;
    std::string dotted() const { return section + "." + name; }
    std::string env_name() const {
        std::string out = "AGORA_" + section + "_" + name;
        std::transform(out.begin(), out.end(), out.begin(), ::toupper);
        return out;
    }
};

const char* type_name(Type t) {
    switch (t) {
    case Type::string:
        return "a string";
    case Type::integer:
        return "an integer";
    case Type::boolean:
        return "true or false (1 or 0 in the environment)";
    case Type::string_list:
        return "a list of strings";
    case Type::number:
        return "a number";
    }
    return "?";
}

std::optional<std::string> in_range(std::int64_t v, std::int64_t lo, std::int64_t hi) {
    if (v < lo || v > hi)
        return "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + " (got " +
               std::to_string(v) + ")";
    return std::nullopt;
}

bool is_ip_literal(const std::string& host) {
    unsigned char buf[16];
    return inet_pton(AF_INET, host.c_str(), buf) == 1 ||
           inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

bool valid_host_port(std::string_view text) {
    if (text.empty()) return false;
    auto colon = text.rfind(':');
    std::string_view host = text.substr(0, colon);
    if (colon != std::string_view::npos) {
        auto port = text.substr(colon + 1);
        unsigned value = 0;
        auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (port.empty() || ec != std::errc() || p != port.data() + port.size() || value == 0 ||
            value > 65535)
            return false;
    }
    if (host.empty() || host.front() == '.' || host.back() == '.' || host.front() == '-')
        return false;
    return std::all_of(host.begin(), host.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    });
}

std::optional<std::string> set_listen(Config& c, const std::string& text) {
    auto colon = text.rfind(':');
    if (colon == std::string::npos) return "must be HOST:PORT, e.g. 127.0.0.1:8080";
    std::string host = text.substr(0, colon);
    std::string port = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    if (host == "localhost") host = "127.0.0.1";
    if (!is_ip_literal(host))
        return "host must be an IP address or localhost (got \"" + text.substr(0, colon) + "\")";
    unsigned value = 0;
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || p != port.data() + port.size() || value > 65535)
        return "port must be a number from 0 to 65535 (got \"" + port + "\")";
    c.http.listen_host = host;
    c.http.listen_port = static_cast<std::uint16_t>(value);
    return std::nullopt;
}

std::optional<std::string> set_public_url(Config& c, std::string text) {
    std::string_view rest;
    if (text.starts_with("https://"))
        rest = std::string_view(text).substr(8);
    else if (text.starts_with("http://"))
        rest = std::string_view(text).substr(7);
    else
        return "must start with https:// (or http:// for local use)";
    while (!rest.empty() && rest.back() == '/') {
        rest.remove_suffix(1);
        text.pop_back();
    }
    std::string lowered(rest);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), ::tolower);
    if (!valid_host_port(lowered))
        return "must be scheme://host[:port] with no path (got \"" + text + "\")";
    c.http.public_url = text.substr(0, text.size() - rest.size()) + lowered;
    return std::nullopt;
}

const std::vector<KeySpec>& key_specs() {
    static const std::vector<KeySpec> specs = [] {
        std::vector<KeySpec> s;
        auto str = [](const Value& v) { return std::get<std::string>(v); };
        auto num = [](const Value& v) { return std::get<std::int64_t>(v); };
        auto flag = [](const Value& v) { return std::get<bool>(v); };

        s.push_back({"instance", "domain", Type::string,
                     [=](Config& c, const Value& v) -> std::optional<std::string> {
                         std::string d = str(v);
                         std::transform(d.begin(), d.end(), d.begin(), ::tolower);
                         if (!valid_host_port(d))
                             return "must be a host name such as social.example.org (no scheme, no "
                                    "path; got \"" +
                                    str(v) + "\")";
                         c.instance.domain = d;
                         return std::nullopt;
                     }});
        s.push_back({"instance", "title", Type::string,
                     [=](Config& c, const Value& v) -> std::optional<std::string> {
                         if (str(v).empty()) return "must not be empty";
                         c.instance.title = str(v);
                         return std::nullopt;
                     }});
        s.push_back({"instance", "description", Type::string,
                     [=](Config& c, const Value& v) -> std::optional<std::string> {
                         c.instance.description = str(v);
                         return std::nullopt;
                     }});
        s.push_back({"instance", "extended_description", Type::string,
                     [=](Config& c, const Value& v) -> std::optional<std::string> {
                         c.instance.extended_description = str(v);
                         return std::nullopt;
                     }});
        s.push_back({"instance", "languages", Type::string_list,
                     [](Config& c, const Value& v) -> std::optional<std::string> {
                         const auto& list = std::get<std::vector<std::string>>(v);
                         if (list.empty())
                             return "must name at least one language, e.g. [\"fr\", \"en\"]";
                         for (const auto& l : list) {
                             bool ok = (l.size() == 2 || l.size() == 3) &&
                                       std::all_of(l.begin(), l.end(),
                                                   [](char ch) { return ch >= 'a' && ch <= 'z'; });
                             if (!ok)
                                 return "\"" + l +
                                        "\" is not an ISO 639 language code such as \"fr\"";
                         }
                         c.instance.languages = list;
                         return std::nullopt;
                     }});
        s.push_back({"instance", "admin_username", Type::string,
                     [=](Config& c, const Value& v) -> std::optional<std::string> {
                         const std::string& u = str(v);
                         bool ok =
                             !u.empty() && u.size() <= 30 &&
                             std::all_of(u.begin(), u.end(), [](char ch) {
                                 return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
                             });
                         if (!ok) return "must be 1 to 30 letters, digits or underscores";
                         c.instance.admin_username = u;
                         return std::nullopt;
                     }});
        s.push_back({"http", "listen", Type::string,
                     [=](Config& c, const Value& v) { return set_listen(c, str(v)); }});
        s.push_back({"http", "public_url", Type::string,
                     [=](Config& c, const Value& v) { return set_public_url(c, str(v)); }});
        s.push_back({"http", "threads", Type::integer, [=](Config& c, const Value& v) {
                         auto e = in_range(num(v), 1, 64);
                         if (!e) c.http.threads = unsigned(num(v));
                         return e;
                     }});
        s.push_back({"http", "max_header_bytes", Type::integer, [=](Config& c, const Value& v) {
                         auto e = in_range(num(v), 1024, 1024 * 1024);
                         if (!e) c.http.max_header_bytes = std::size_t(num(v));
                         return e;
                     }});
        s.push_back({"http", "max_body_bytes", Type::integer, [=](Config& c, const Value& v) {
                         auto e = in_range(num(v), 1024, std::int64_t(1) << 30);
                         if (!e) c.http.max_body_bytes = std::size_t(num(v));
                         return e;
                     }});
        s.push_back({"http", "request_timeout", Type::integer, [=](Config& c, const Value& v) {
                         auto e = in_range(num(v), 1, 3600);
                         if (!e) c.http.request_timeout_seconds = unsigned(num(v));
                         return e;
                     }});
        s.push_back({"http", "idle_timeout", Type::integer, [=](Config& c, const Value& v) {
                         auto e = in_range(num(v), 1, 3600);
                         if (!e) c.http.idle_timeout_seconds = unsigned(num(v));
                         return e;
                     }});
        s.push_back({"http", "shutdown_timeout", Type::integer, [=](Config& c, const Value& v) {
                         auto e = in_range(num(v), 1, 600);
                         if (!e) c.http.shutdown_timeout_seconds = unsigned(num(v));
                         return e;
                     }});
        s.push_back({"http", "access_log", Type::boolean,
                     [=](Config& c, const Value& v) -> std::optional<std::string> {
                         c.http.access_log = flag(v);
                         return std::nullopt;
                     }});
        s.push_back({"http", "trusted_proxies", Type::string_list,
                     [](Config& c, const Value& v) -> std::optional<std::string> {
                         const auto& list = std::get<std::vector<std::string>>(v);
                         for (const auto& entry : list)
                             if (!parse_ip_network(entry))
                                 return "\"" + entry +
                                        "\" is not an IP address or a network such as "
                                        "\"10.0.0.0/8\"";
                         c.http.trusted_proxies = list;
                         return std::nullopt;
                     }});
        s.push_back({"storage", "database", Type::string,
                     [=](Config& c, const Value& v) -> std::optional<std::string> {
                         const std::string& d = str(v);
                         if (!d.starts_with("sqlite:"))
                             return "must be sqlite:PATH, e.g. sqlite:data/agora.db (PostgreSQL is "
                                    "not supported yet)";
                         std::string path = d.substr(7);
                         if (path.empty() || path == ":memory:")
                             return "sqlite: needs a file path, e.g. sqlite:data/agora.db";
                         c.storage.database_path = path;
                         return std::nullopt;
                     }});
        s.push_back({"storage", "media_dir", Type::string,
                     [=](Config& c, const Value& v) -> std::optional<std::string> {
                         if (str(v).empty()) return "must not be empty";
                         c.storage.media_dir = str(v);
                         return std::nullopt;
                     }});
        s.push_back({"media", "max_image_bytes", Type::integer, [=](Config& c, const Value& v) {
                         auto e = in_range(num(v), 1024, std::int64_t(1) << 30);
                         if (!e) c.media.max_image_bytes = std::size_t(num(v));
                         return e;
                     }});
        s.push_back({"federation", "allow_private_addresses", Type::boolean,
                     [=](Config& c, const Value& v) -> std::optional<std::string> {
                         c.federation.allow_private_addresses = flag(v);
                         return std::nullopt;
                     }});
        s.push_back({"federation", "authorized_fetch", Type::boolean,
                     [=](Config& c, const Value& v) -> std::optional<std::string> {
                         c.federation.authorized_fetch = flag(v);
                         return std::nullopt;
                     }});
        s.push_back({"federation", "allow_http", Type::boolean,
                     [=](Config& c, const Value& v) -> std::optional<std::string> {
                         c.federation.allow_http = flag(v);
                         return std::nullopt;
                     }});
        s.push_back(
            {"federation", "connect_timeout", Type::integer, [=](Config& c, const Value& v) {
                 auto e = in_range(num(v), 1, 60);
                 if (!e) c.federation.connect_timeout_seconds = unsigned(num(v));
                 return e;
             }});
        s.push_back(
            {"federation", "request_timeout", Type::integer, [=](Config& c, const Value& v) {
                 auto e = in_range(num(v), 1, 300);
                 if (!e) c.federation.request_timeout_seconds = unsigned(num(v));
                 return e;
             }});
        s.push_back(
            {"federation", "max_document_bytes", Type::integer, [=](Config& c, const Value& v) {
                 auto e = in_range(num(v), 16 * 1024, 64 * 1024 * 1024);
                 if (!e) c.federation.max_document_bytes = std::size_t(num(v));
                 return e;
             }});
        s.push_back(
            {"federation", "actor_refresh_interval", Type::integer, [=](Config& c, const Value& v) {
                 auto e = in_range(num(v), 60, 30 * 24 * 3600);
                 if (!e) c.federation.actor_refresh_seconds = unsigned(num(v));
                 return e;
             }});
        s.push_back(
            {"federation", "delivery_concurrency", Type::integer, [=](Config& c, const Value& v) {
                 auto e = in_range(num(v), 1, 1024);
                 if (!e) c.federation.delivery_concurrency = unsigned(num(v));
                 return e;
             }});
        s.push_back(
            {"federation", "delivery_per_domain", Type::integer, [=](Config& c, const Value& v) {
                 auto e = in_range(num(v), 1, 64);
                 if (!e) c.federation.delivery_per_domain = unsigned(num(v));
                 return e;
             }});
        s.push_back(
            {"federation", "delivery_retry_hours", Type::integer, [=](Config& c, const Value& v) {
                 auto e = in_range(num(v), 1, 30 * 24);
                 if (!e) c.federation.delivery_retry_hours = unsigned(num(v));
                 return e;
             }});
        s.push_back({"federation", "delivery_unreachable_after", Type::integer,
                     [=](Config& c, const Value& v) {
                         auto e = in_range(num(v), 1, 1000);
                         if (!e) c.federation.delivery_unreachable_after = unsigned(num(v));
                         return e;
                     }});
        s.push_back({"federation", "delivery_probe_interval", Type::integer,
                     [=](Config& c, const Value& v) {
                         auto e = in_range(num(v), 10, 24 * 3600);
                         if (!e) c.federation.delivery_probe_seconds = unsigned(num(v));
                         return e;
                     }});
        s.push_back(
            {"federation", "max_inbox_bytes", Type::integer, [=](Config& c, const Value& v) {
                 auto e = in_range(num(v), 16 * 1024, 64 * 1024 * 1024);
                 if (!e) c.federation.max_inbox_bytes = std::size_t(num(v));
                 return e;
             }});
        s.push_back({"registrations", "mode", Type::string,
                     [=](Config& c, const Value& v) -> std::optional<std::string> {
                         for (auto m : {RegistrationsMode::open, RegistrationsMode::approval,
                                        RegistrationsMode::invite, RegistrationsMode::closed}) {
                             if (str(v) == to_string(m)) {
                                 c.registrations.mode = m;
                                 return std::nullopt;
                             }
                         }
                         return "must be one of open, approval, invite, closed (got \"" + str(v) +
                                "\")";
                     }});
        s.push_back({"rate_limits", "enabled", Type::boolean,
                     [=](Config& c, const Value& v) -> std::optional<std::string> {
                         c.rate_limits.enabled = flag(v);
                         return std::nullopt;
                     }});
        s.push_back({"rate_limits", "scale", Type::number,
                     [](Config& c, const Value& v) -> std::optional<std::string> {
                         double scale = std::get<double>(v);
                         if (!(scale >= 0.1 && scale <= 100)) {
                             char got[32];
                             std::snprintf(got, sizeof got, "%g", scale);
                             return "must be between 0.1 and 100 (got " + std::string(got) + ")";
                         }
                         c.rate_limits.scale = scale;
                         return std::nullopt;
                     }});
        s.push_back({"moderation", "visitor_reports", Type::boolean,
                     [=](Config& c, const Value& v) -> std::optional<std::string> {
                         c.moderation.visitor_reports = flag(v);
                         return std::nullopt;
                     }});
        s.push_back({"moderation", "federation_mode", Type::string,
                     [=](Config& c, const Value& v) -> std::optional<std::string> {
                         if (str(v) != "open" && str(v) != "allowlist")
                             return "must be open or allowlist (got \"" + str(v) + "\")";
                         c.moderation.allowlist_federation = str(v) == "allowlist";
                         return std::nullopt;
                     }});
        s.push_back({"moderation", "appeal_days", Type::integer, [=](Config& c, const Value& v) {
                         auto e = in_range(num(v), 1, 3650);
                         if (!e) c.moderation.appeal_days = static_cast<int>(num(v));
                         return e;
                     }});
        s.push_back({"log", "level", Type::string,
                     [=](Config& c, const Value& v) -> std::optional<std::string> {
                         static const char* levels[] = {"debug", "info", "warn", "error", "off"};
                         for (auto l : levels)
                             if (str(v) == l) {
                                 c.log.level = l;
                                 return std::nullopt;
                             }
                         return "must be one of debug, info, warn, error, off (got \"" + str(v) +
                                "\")";
                     }});
        return s;
    }();
    return specs;
}

const KeySpec* find_spec(std::string_view section, std::string_view name) {
    for (const auto& s : key_specs())
        if (s.section == section && s.name == name) return &s;
    return nullptr;
}

bool known_section(std::string_view section) {
    for (const auto& s : key_specs())
        if (s.section == section) return true;
    return false;
}

std::optional<Value> from_toml(const toml::node& node, Type type) {
    switch (type) {
    case Type::string:
        if (auto v = node.value<std::string>(); v && node.is_string()) return Value(*v);
        return std::nullopt;
    case Type::integer:
        if (node.is_integer()) return Value(*node.value<std::int64_t>());
        return std::nullopt;
    case Type::boolean:
        if (node.is_boolean()) return Value(*node.value<bool>());
        return std::nullopt;
    case Type::string_list: {
        const auto* arr = node.as_array();
        if (!arr) return std::nullopt;
        std::vector<std::string> out;
        for (const auto& item : *arr) {
            if (!item.is_string()) return std::nullopt;
            out.push_back(*item.value<std::string>());
        }
        return Value(out);
    }
    case Type::number:
        if (node.is_floating_point()) return Value(*node.value<double>());
        if (node.is_integer()) return Value(double(*node.value<std::int64_t>()));
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<Value> from_env(const std::string& text, Type type) {
    switch (type) {
    case Type::string:
        return Value(text);
    case Type::integer: {
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (text.empty() || ec != std::errc() || p != text.data() + text.size())
            return std::nullopt;
        return Value(v);
    }
    case Type::boolean:
        if (text == "true" || text == "1") return Value(true);
        if (text == "false" || text == "0") return Value(false);
        return std::nullopt;
    case Type::string_list: {
        std::vector<std::string> out;
        std::stringstream in(text);
        std::string item;
        while (std::getline(in, item, ',')) {
            auto first = item.find_first_not_of(" \t");
            if (first == std::string::npos) continue;
            out.push_back(item.substr(first, item.find_last_not_of(" \t") - first + 1));
        }
        return Value(out);
    }
    case Type::number: {
        double v = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (text.empty() || ec != std::errc() || p != text.data() + text.size())
            return std::nullopt;
        return Value(v);
    }
    }
    return std::nullopt;
}

std::optional<ConfigError> apply_defaults_and_check(Config& c, const std::string& source) {
    if (c.instance.domain.empty() && !c.http.public_url.empty()) {
        auto start = c.http.public_url.find("://") + 3;
        c.instance.domain = c.http.public_url.substr(start);
    }
    if (c.instance.domain.empty())
        return ConfigError{source, "instance.domain",
                           "is required (e.g. domain = \"social.example.org\")"};
    if (c.http.public_url.empty()) c.http.public_url = "https://" + c.instance.domain;
    if (c.storage.database_path.empty())
        return ConfigError{source, "storage.database",
                           "is required (e.g. database = \"sqlite:data/agora.db\")"};
    if (c.federation.connect_timeout_seconds > c.federation.request_timeout_seconds)
        return ConfigError{source, "federation.connect_timeout",
                           "must not be longer than federation.request_timeout"};
    if (c.federation.delivery_per_domain > c.federation.delivery_concurrency)
        return ConfigError{source, "federation.delivery_per_domain",
                           "must not be more than federation.delivery_concurrency"};
    return std::nullopt;
}

} // namespace

std::expected<Config, ConfigError>
parse_config(const std::string& toml_text, const std::string& source_name, const Environment& env) {
    Config config;
    config.source_path = source_name;
    toml::table root;
    try {
        root = toml::parse(toml_text, source_name);
    } catch (const toml::parse_error& err) {
        const auto& where = err.source().begin;
        return std::unexpected(ConfigError{source_name + ":" + std::to_string(where.line), "",
                                           std::string(err.description())});
    }
    for (const auto& [section_key, section_node] : root) {
        std::string section(section_key.str());
        const auto* table = section_node.as_table();
        if (!known_section(section) || !table)
            return std::unexpected(ConfigError{source_name, section, "unknown section"});
        for (const auto& [name_key, node] : *table) {
            std::string name(name_key.str());
            const KeySpec* spec = find_spec(section, name);
            if (!spec)
                return std::unexpected(
                    ConfigError{source_name, section + "." + name, "unknown key"});
            auto value = from_toml(node, spec->type);
            if (!value)
                return std::unexpected(ConfigError{
                    source_name, spec->dotted(), std::string("must be ") + type_name(spec->type)});
            if (auto err = spec->apply(config, *value))
                return std::unexpected(ConfigError{source_name, spec->dotted(), *err});
        }
    }
    for (const auto& [var, text] : env) {
        if (!var.starts_with("AGORA_") || var == "AGORA_CONFIG") continue;
        const KeySpec* match = nullptr;
        bool section_matches = false;
        for (const auto& spec : key_specs()) {
            if (spec.env_name() == var) match = &spec;
            std::string prefix = "AGORA_" + spec.section + "_";
            std::transform(prefix.begin(), prefix.end(), prefix.begin(), ::toupper);
            if (var.starts_with(prefix)) section_matches = true;
        }
        if (!match) {
            if (section_matches)
                return std::unexpected(
                    ConfigError{"environment " + var, "", "unknown configuration key"});
            continue;
        }
        auto value = from_env(text, match->type);
        if (!value)
            return std::unexpected(ConfigError{"environment " + var, match->dotted(),
                                               std::string("must be ") + type_name(match->type)});
        if (auto err = match->apply(config, *value))
            return std::unexpected(ConfigError{"environment " + var, match->dotted(), *err});
    }
    if (auto err = apply_defaults_and_check(config, source_name)) return std::unexpected(*err);
    return config;
}

std::expected<Config, ConfigError> load_config(const std::string& path, const Environment& env) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::unexpected(ConfigError{
            path, "", "cannot read the configuration file (copy agora.example.toml to start)"});
    std::stringstream buffer;
    buffer << in.rdbuf();
    return parse_config(buffer.str(), path, env);
}

} // namespace agora

// Reading a fetched ActivityPub actor document into an accounts row, remote HTML sanitised.
#include "federation/actor_reader.hpp"

#include "federation/remote_html.hpp"
#include "federation/remote_url.hpp"
#include "federation/signature_keys.hpp"

#include <nlohmann/json.hpp>

#include <ctime>

namespace agora::federation {

namespace {
using nlohmann::json;
constexpr std::size_t max_display_name_bytes = 400;
constexpr std::size_t max_field_name_bytes = 400;
constexpr std::size_t max_also_known_as = 20;

// The string at `key`, when it is one.
std::optional<std::string> text_at(const json& doc, const char* key) {
    auto it = doc.find(key);
    if (it == doc.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

// A URL (string) or Link/Image object (its href or url) or the first of an array of those, when
// it is an http(s) URL.
std::optional<std::string> url_in(const json& value) {
    if (value.is_array()) {
        for (const auto& item : value)
            if (auto url = url_in(item)) return url;
        return std::nullopt;
    }
    if (value.is_object()) {
        for (const char* key : {"href", "url"})
            if (auto it = value.find(key); it != value.end()) return url_in(*it);
        return std::nullopt;
    }
    if (!value.is_string()) return std::nullopt;
    auto parsed = parse_remote_url(value.get<std::string>());
    if (!parsed) return std::nullopt;
    return parsed->str();
}

std::optional<std::string> url_at(const json& doc, const char* key) {
    auto it = doc.find(key);
    if (it == doc.end()) return std::nullopt;
    return url_in(*it);
}

// Cuts `text` to at most `max` bytes without splitting a UTF-8 sequence.
std::string truncated(std::string text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    text.resize(end);
    return text;
}

std::string trimmed(const std::string& text) {
    auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::optional<AccountKind> kind_of_type(std::string_view type) {
    if (type == "Person") return AccountKind::person;
    if (type == "Service" || type == "Application") return AccountKind::bot;
    if (type == "Group") return AccountKind::group;
    if (type == "Organization") return AccountKind::organization;
    return std::nullopt;
}

// The first actor type of `type` (a string or an array of strings).
std::optional<std::string> actor_type(const json& doc) {
    auto it = doc.find("type");
    if (it == doc.end()) return std::nullopt;
    if (it->is_string()) {
        if (kind_of_type(it->get<std::string>())) return it->get<std::string>();
        return std::nullopt;
    }
    if (it->is_array())
        for (const auto& t : *it)
            if (t.is_string() && kind_of_type(t.get<std::string>())) return t.get<std::string>();
    return std::nullopt;
}

bool valid_username(std::string_view name) {
    if (name.empty() || name.size() > 100) return false;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '.' || c == '-';
        if (!ok) return false;
    }
    return true;
}

// The public key the actor `id` owns: publicKey as an object or the first fitting one of an
// array, with its id on the actor's origin and a PEM key OpenSSL accepts.
std::expected<std::pair<std::string, std::string>, std::string> owned_key(const json& doc,
                                                                          const std::string& id) {
    auto it = doc.find("publicKey");
    if (it == doc.end()) return std::unexpected("the actor has no publicKey");
    std::vector<const json*> candidates;
    if (it->is_object()) candidates.push_back(&*it);
    if (it->is_array())
        for (const auto& k : *it)
            if (k.is_object()) candidates.push_back(&k);
    std::string problem = "publicKey is not an object with id, owner and publicKeyPem";
    for (const json* key : candidates) {
        auto key_id = text_at(*key, "id");
        auto owner = text_at(*key, "owner");
        auto pem = text_at(*key, "publicKeyPem");
        if (!key_id || !owner || !pem) continue;
        if (*owner != id) {
            problem = "the public key's owner " + *owner + " is not the actor " + id;
            continue;
        }
        if (!same_origin(*key_id, id)) {
            problem = "the public key " + *key_id + " is not on the actor's origin";
            continue;
        }
        if (!PublicKey::from_pem(*pem)) {
            problem = "the public key of " + id + " cannot be read";
            continue;
        }
        return std::pair{*key_id, *pem};
    }
    return std::unexpected(problem);
}

std::vector<ProfileField> fields_of(const json& doc) {
    std::vector<ProfileField> out;
    auto it = doc.find("attachment");
    if (it == doc.end()) return out;
    json items = it->is_array() ? *it : json::array({*it});
    for (const auto& item : items) {
        if (out.size() == max_profile_fields) break;
        if (!item.is_object() || item.value("type", json()) != "PropertyValue") continue;
        auto name = text_at(item, "name");
        auto value = text_at(item, "value");
        if (!name || !value) continue;
        ProfileField field;
        field.name = truncated(trimmed(remote_html::to_plain_text(*name)), max_field_name_bytes);
        field.value_html = remote_html::sanitize(*value);
        field.value = trimmed(remote_html::to_plain_text(*value));
        if (field.name.empty()) continue;
        out.push_back(std::move(field));
    }
    return out;
}

std::vector<std::string> also_known_as(const json& doc) {
    std::vector<std::string> out;
    auto it = doc.find("alsoKnownAs");
    if (it == doc.end()) return out;
    json items = it->is_array() ? *it : json::array({*it});
    for (const auto& item : items) {
        if (out.size() == max_also_known_as) break;
        if (auto url = url_in(item.is_object() ? item.value("id", json()) : item))
            out.push_back(*url);
    }
    return out;
}

bool flag(const json& doc, const char* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_boolean() && it->get<bool>();
}

int digits(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size()) return -1;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}
} // namespace

std::optional<std::int64_t> parse_iso8601(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
        (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':')
        return std::nullopt;
    int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
    int hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
        second > 60 || hour < 0 || minute < 0 || second < 0)
        return std::nullopt;
    std::size_t at = 19;
    int millis = 0;
    if (text[at] == '.') {
        std::size_t start = ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9')
            ++at;
        if (at == start) return std::nullopt;
        for (std::size_t i = start; i < start + 3; ++i)
            millis = millis * 10 + (i < at ? text[i] - '0' : 0);
    }
    std::int64_t offset_seconds = 0;
    auto zone = text.substr(at);
    if (zone != "Z" && zone != "z") {
        if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':')
            return std::nullopt;
        int h = digits(zone, 1, 2), m = digits(zone, 4, 2);
        if (h < 0 || m < 0 || h > 23 || m > 59) return std::nullopt;
        offset_seconds = (zone[0] == '+' ? 1 : -1) * (h * 3600 + m * 60);
    }
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    std::int64_t seconds = timegm(&tm) - offset_seconds;
    return seconds * 1000 + millis;
}

std::expected<ReadActor, std::string> read_actor(const json& doc, std::string_view fetched_url,
                                                 std::int64_t now) {
    if (!doc.is_object()) return std::unexpected("the document is not a JSON object");
    auto id_text = text_at(doc, "id");
    if (!id_text) return std::unexpected("the document has no id");
    auto id = parse_remote_url(*id_text);
    if (!id) return std::unexpected("the id is not an http(s) URL");
    if (!same_origin(*id_text, fetched_url))
        return std::unexpected("the id " + *id_text + " is not on the origin that served it (" +
                               std::string(fetched_url) + ")");
    auto type = actor_type(doc);
    if (!type) return std::unexpected(*id_text + " is not an actor (Person, Service, ...)");
    auto username = text_at(doc, "preferredUsername");
    if (!username || !valid_username(*username))
        return std::unexpected(*id_text + " has no usable preferredUsername");
    auto inbox = url_at(doc, "inbox");
    if (!inbox) return std::unexpected(*id_text + " has no inbox");
    auto key = owned_key(doc, *id_text);
    if (!key) return std::unexpected(key.error());

    ReadActor out;
    RemoteAccount& r = out.remote;
    Account& a = r.account;
    a.username = *username;
    a.domain = id->authority();
    a.display_name =
        truncated(trimmed(remote_html::to_plain_text(text_at(doc, "name").value_or(""))),
                  max_display_name_bytes);
    a.note = remote_html::sanitize(text_at(doc, "summary").value_or(""));
    a.kind = *kind_of_type(*type);
    a.locked = flag(doc, "manuallyApprovesFollowers");
    a.discoverable = flag(doc, "discoverable");
    a.public_key_pem = key->second;
    auto published = text_at(doc, "published");
    a.created_at = published ? parse_iso8601(*published).value_or(now) : now;
    a.updated_at = now;

    r.uri = *id_text;
    r.actor_type = *type;
    r.key_id = key->first;
    r.inbox_url = *inbox;
    if (auto endpoints = doc.find("endpoints"); endpoints != doc.end() && endpoints->is_object())
        r.shared_inbox_url = url_at(*endpoints, "sharedInbox");
    if (!r.shared_inbox_url) r.shared_inbox_url = url_at(doc, "sharedInbox");
    r.outbox_url = url_at(doc, "outbox");
    r.followers_url = url_at(doc, "followers");
    r.following_url = url_at(doc, "following");
    r.featured_url = url_at(doc, "featured");
    if (auto url = url_at(doc, "url"); url && parse_remote_url(*url)->host == id->host) r.url = url;
    r.also_known_as = also_known_as(doc);
    r.moved_to_uri = url_at(doc, "movedTo");
    r.fetched_at = now;

    AccountProfile& p = out.profile;
    p.fields = fields_of(doc);
    p.indexable = flag(doc, "indexable");
    if (auto icon = doc.find("icon"); icon != doc.end()) p.avatar_remote_url = url_in(*icon);
    if (auto image = doc.find("image"); image != doc.end()) p.header_remote_url = url_in(*image);
    return out;
}

} // namespace agora::federation

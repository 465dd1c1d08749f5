// Reading a remote post into plain values, remote HTML sanitised, as Mastodon reads it.
#include "federation/remote_status_reader.hpp"

#include "util/html_escape.hpp"

#include "federation/actor_reader.hpp"
#include "federation/as_values.hpp"
#include "federation/remote_html.hpp"
#include "federation/remote_url.hpp"
#include "statuses/hashtag_names.hpp"
#include "statuses/text_format.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace agora::federation {

namespace {
using nlohmann::json;

bool native_type(const json& object) {
    return has_type(object, {"Note", "Question"});
}
// Shown as a title and a link, as Mastodon converts them.
bool converted_type(const json& object) {
    return has_type(object, {"Article", "Page"});
}
constexpr int max_media_dimension = 100000;

// Cuts `text` to at most `max` bytes without splitting a UTF-8 sequence.
std::string truncated(std::string text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    text.resize(end);
    return text;
}

bool present(const std::optional<std::string>& text) {
    return text && text->find_first_not_of(" \t\r\n") != std::string::npos;
}

// A property's text, else the first value of its language map (Mastodon's order).
std::optional<std::string> text_or_map(const json& object, std::string_view key,
                                       std::string_view map_key) {
    if (auto text = string_at(object, key); present(text)) return text;
    if (auto mapped = first_of_map(object, map_key)) return mapped->value;
    return std::nullopt;
}

// An http(s) URL given as a string, a Link (href) or an array of them, the text/html one first.
std::optional<std::string> href_of(const json& value) {
    if (value.is_array()) {
        std::optional<std::string> first;
        for (const auto& item : value) {
            auto href = href_of(item);
            if (!href) continue;
            if (item.is_object() && string_at(item, "mediaType") == "text/html") return href;
            if (!first) first = href;
        }
        return first;
    }
    std::optional<std::string> text;
    if (value.is_string())
        text = value.get<std::string>();
    else if (value.is_object())
        text = string_at(value, "href");
    if (!text || !parse_remote_url(*text)) return std::nullopt;
    return text;
}

// Mastodon's language: the first key of contentMap, nameMap or summaryMap. Only the primary
// subtag is kept ("en-GB" → "en"), as local statuses carry ISO 639 codes.
std::optional<std::string> language_of(const json& object) {
    for (const char* key : {"contentMap", "nameMap", "summaryMap"}) {
        auto mapped = first_of_map(object, key);
        if (!mapped) continue;
        std::string code = mapped->language.substr(0, mapped->language.find_first_of("-_"));
        std::transform(code.begin(), code.end(), code.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        bool letters =
            std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        if ((code.size() == 2 || code.size() == 3) && letters) return code;
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<std::int64_t> time_at(const json& object, std::string_view key) {
    auto text = string_at(object, key);
    if (!text) return std::nullopt;
    return parse_iso8601(*text);
}

// Mastodon's blurhash check: its alphabet, and short enough to be one.
std::optional<std::string> blurhash_of(const json& attachment) {
    auto hash = string_at(attachment, "blurhash");
    if (!hash || hash->empty() || hash->size() > 100) return std::nullopt;
    constexpr std::string_view alphabet =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        "#$%*+,-.:;=?@[]^_{|}~";
    if (hash->find_first_not_of(alphabet) != std::string::npos) return std::nullopt;
    return hash;
}

int dimension_at(const json& attachment, std::string_view key) {
    auto it = attachment.find(key);
    if (it == attachment.end() || !it->is_number_integer()) return 0;
    auto value = it->get<std::int64_t>();
    return value > 0 && value <= max_media_dimension ? int(value) : 0;
}

std::string media_kind(const std::optional<std::string>& media_type) {
    if (!media_type) return "unknown";
    if (media_type->starts_with("image/")) return "image";
    if (media_type->starts_with("video/")) return "video";
    if (media_type->starts_with("audio/")) return "audio";
    return "unknown";
}

std::vector<RemoteAttachment> attachments_of(const json& object) {
    std::vector<RemoteAttachment> out;
    for (const auto& item : values_of(object, "attachment")) {
        if (out.size() >= max_remote_attachments) break;
        if (!item.is_object() || item.contains("href")) continue; // a link preview, not media
        auto url_value = item.find("url");
        if (url_value == item.end()) continue;
        auto url = href_of(*url_value);
        if (!url) continue;
        RemoteAttachment a;
        a.url = *url;
        a.media_type = string_at(item, "mediaType");
        if (a.media_type && a.media_type->size() > 255) a.media_type.reset();
        a.type = media_kind(a.media_type);
        auto description = string_at(item, "summary");
        if (!present(description)) description = string_at(item, "name");
        if (present(description))
            a.description = truncated(*description, max_media_description_bytes);
        a.blurhash = blurhash_of(item);
        a.width = dimension_at(item, "width");
        a.height = dimension_at(item, "height");
        if (auto focus = item.find("focalPoint"); focus != item.end() && focus->is_array() &&
                                                  focus->size() == 2 && (*focus)[0].is_number() &&
                                                  (*focus)[1].is_number()) {
            double x = (*focus)[0].get<double>(), y = (*focus)[1].get<double>();
            if (std::isfinite(x) && std::isfinite(y)) {
                a.focus_x = std::clamp(x, -1.0, 1.0);
                a.focus_y = std::clamp(y, -1.0, 1.0);
            }
        }
        out.push_back(std::move(a));
    }
    return out;
}

// Mastodon's PollParser: a Question's oneOf (or anyOf, several choices), each option's name (or
// content) and replies.totalItems; closed (a time, or true: now) or else endTime.
std::optional<RemotePoll> poll_of(const json& object, std::int64_t now_ms) {
    if (!has_type(object, {"Question"})) return std::nullopt;
    RemotePoll poll;
    auto any_of = object.find("anyOf");
    auto one_of = object.find("oneOf");
    const json* items = nullptr;
    if (any_of != object.end() && any_of->is_array()) {
        items = &*any_of;
        poll.multiple = true;
    } else if (one_of != object.end() && one_of->is_array()) {
        items = &*one_of;
    }
    if (!items || items->empty() || items->size() > max_remote_poll_options) return std::nullopt;
    for (const auto& item : *items) {
        auto title = string_at(item, "name");
        if (!present(title)) title = string_at(item, "content");
        if (!title) continue;
        poll.options.push_back(truncated(*title, 1000));
        std::int64_t count = 0;
        if (auto replies = item.find("replies"); replies != item.end() && replies->is_object())
            if (auto total = replies->find("totalItems");
                total != replies->end() && total->is_number_integer())
                count = std::max<std::int64_t>(0, total->get<std::int64_t>());
        poll.counts.push_back(count);
    }
    if (poll.options.empty()) return std::nullopt;
    if (auto closed = object.find("closed"); closed != object.end() && !closed->is_null() &&
                                             !(closed->is_boolean() && !closed->get<bool>())) {
        if (closed->is_string()) poll.expires_at = parse_iso8601(closed->get<std::string>());
        if (!poll.expires_at) poll.expires_at = now_ms; // closed, without saying when
    } else {
        poll.expires_at = time_at(object, "endTime");
    }
    if (auto voters = object.find("votersCount");
        voters != object.end() && voters->is_number_integer())
        poll.voters_count = std::max<std::int64_t>(0, voters->get<std::int64_t>());
    return poll;
}

void read_tags(const json& object, RemoteStatusObject& out) {
    for (const auto& tag : values_of(object, "tag")) {
        if (has_type(tag, {"Mention"})) {
            auto href = string_at(tag, "href");
            if (href && out.mention_hrefs.size() < max_remote_mentions &&
                std::find(out.mention_hrefs.begin(), out.mention_hrefs.end(), *href) ==
                    out.mention_hrefs.end())
                out.mention_hrefs.push_back(*href);
        } else if (has_type(tag, {"Hashtag"})) {
            auto name = string_at(tag, "name");
            if (!name || out.hashtags.size() >= max_remote_hashtags) continue;
            std::string display = name->starts_with('#') ? name->substr(1) : *name;
            if (!valid_hashtag_name(display)) continue;
            auto normalised = normalize_hashtag(display);
            if (normalised.empty()) continue;
            bool seen = std::any_of(out.hashtags.begin(), out.hashtags.end(),
                                    [&](const RemoteHashtag& h) { return h.name == normalised; });
            if (!seen) out.hashtags.push_back({normalised, display});
        }
    }
}

// Mastodon's converted text: the title as a heading, the summary, the text, a link to the page.
std::string converted_content(const json& object, const RemoteStatusObject& read,
                              std::string_view base_url) {
    std::vector<std::string> parts;
    if (auto title = text_or_map(object, "name", "nameMap"))
        parts.push_back("<h2>" + escape_html(*title) + "</h2>");
    if (auto summary = text_or_map(object, "summary", "summaryMap")) parts.push_back(*summary);
    if (auto text = text_or_map(object, "content", "contentMap")) parts.push_back(*text);
    const std::string& target = read.url ? *read.url : read.uri;
    auto link =
        format_status_text(target, base_url, [](const MentionRef&) { return std::nullopt; });
    if (link && link->links.size() == 1 && link->links.front() == target)
        parts.push_back(link->html);
    else
        parts.push_back("<p><a href=\"" + escape_html(target) + "\">" + escape_html(target) +
                        "</a></p>");
    std::string html;
    for (const auto& part : parts)
        html += (html.empty() ? "" : "\n\n") + part;
    return html;
}
} // namespace

bool is_status_type(const json& object) {
    return native_type(object) || converted_type(object);
}

std::expected<RemoteStatusObject, std::string> read_remote_status(const json& object,
                                                                  const json& activity,
                                                                  std::string_view base_url,
                                                                  std::int64_t now_ms) {
    if (!object.is_object()) return std::unexpected("the object is not embedded");
    RemoteStatusObject out;
    auto id = string_at(object, "id");
    if (!id || !parse_remote_url(*id)) return std::unexpected("the object has no http(s) id");
    out.uri = *id;
    if (!is_status_type(object))
        return std::unexpected("objects of type " + type_of(object) + " are not statuses");
    out.type = native_type(object) ? (has_type(object, {"Question"}) ? "Question" : "Note")
                                   : (has_type(object, {"Article"}) ? "Article" : "Page");
    auto authors = ids_at(object, "attributedTo", 1);
    if (authors.empty()) return std::unexpected("the object has no attributedTo");
    out.attributed_to = authors.front();
    if (auto url = object.find("url"); url != object.end()) out.url = href_of(*url);

    if (converted_type(object)) {
        out.content = remote_html::sanitize(converted_content(object, out, base_url));
    } else {
        out.content =
            remote_html::sanitize(text_or_map(object, "content", "contentMap").value_or(""));
        if (auto summary = text_or_map(object, "summary", "summaryMap"))
            out.spoiler_text = remote_html::to_plain_text(*summary);
    }
    auto sensitive = object.find("sensitive");
    out.sensitive = sensitive != object.end() && sensitive->is_boolean() && sensitive->get<bool>();
    // The object's audience, else the activity's (Mastodon's fallback).
    out.to = object.contains("to") ? ids_at(object, "to") : ids_at(activity, "to");
    out.cc = object.contains("cc") ? ids_at(object, "cc") : ids_at(activity, "cc");
    out.language = language_of(object);
    out.published = time_at(object, "published");
    out.updated = time_at(object, "updated");
    auto parents = ids_at(object, "inReplyTo", 1);
    if (!parents.empty()) out.in_reply_to = parents.front();
    if (auto name = string_at(object, "name"); present(name)) out.name = name;
    read_tags(object, out);
    out.attachments = attachments_of(object);
    out.poll = poll_of(object, now_ms);
    return out;
}

Visibility visibility_from_audience(const std::vector<std::string>& to,
                                    const std::vector<std::string>& cc,
                                    const std::optional<std::string>& followers_url) {
    if (std::any_of(to.begin(), to.end(),
                    [](const std::string& id) { return is_public_collection(id); }))
        return Visibility::public_;
    if (std::any_of(cc.begin(), cc.end(),
                    [](const std::string& id) { return is_public_collection(id); }))
        return Visibility::unlisted;
    if (followers_url && std::find(to.begin(), to.end(), *followers_url) != to.end())
        return Visibility::private_;
    return Visibility::direct;
}

} // namespace agora::federation

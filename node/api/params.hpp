// Request parameters as Mastodon clients send them: query string, form-encoded or JSON body,
// with Rails-style nested keys ("poll[options][]", "fields_attributes[0][name]").
#pragma once

#include "http/message.hpp"

#include <nlohmann/json.hpp>

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace agora::api {

class Params {
public:
    // Merges the query string and the body (form-encoded, multipart is not handled here, or JSON).
    // An error names what is wrong with the body (e.g. malformed JSON).
    static std::expected<Params, std::string> from_request(const http::Request& request);

    // A scalar value; JSON numbers and booleans are given as text. "a[b]" reaches nested values.
    std::optional<std::string> get(std::string_view key) const;
    // Every value of a list: "key[]" form entries, "key[0]"... entries, or a JSON array.
    std::vector<std::string> list(std::string_view key) const;
    // The items of a list of records (Rails nested attributes, "keywords_attributes"): a JSON array
    // of objects (or an object keyed by index), "key[][field]" entries (a field seen again starts
    // the next item) or "key[0][field]" entries. Each item maps its fields to their values.
    std::vector<std::map<std::string, std::string>> records(std::string_view key) const;
    // Rails' reading of booleans: true, 1, on, t are true; false, 0, off, f and "" are false.
    std::optional<bool> flag(std::string_view key) const;
    bool has(std::string_view key) const { return get(key).has_value() || !list(key).empty(); }
    // Whether the key was sent at all, even empty or as JSON null (null clears a field in Rails).
    bool given(std::string_view key) const;
    // The names directly under `key` ("0", "1" of "fields_attributes[0][name]", the keys of a JSON
    // object or the indexes of a JSON array), numbers first in numeric order; nullopt when
    // nothing at all is under `key` (an empty JSON array or object gives an empty list).
    std::optional<std::vector<std::string>> children(std::string_view key) const;

    void set(std::string key, std::string value) {
        form_.emplace_back(std::move(key), std::move(value));
    }

private:
    const nlohmann::json* json_at(std::string_view key) const;
    std::vector<std::pair<std::string, std::string>> form_;
    nlohmann::json json_;
};

// Parses "a=1&b=2" (percent-decoding, '+' as space) into pairs; malformed escapes are dropped.
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view text);

} // namespace agora::api

// JSON text written straight into a string, value after value, with no document tree: the entities
// of a timeline page (hundreds of objects) are written this way. Commas are placed for the caller.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora {

class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    // The next member's name (inside an object); its value follows. Names are the program's own
    // (plain ASCII, never from input): written without escaping.
    JsonWriter& key(std::string_view name);

    JsonWriter& string(std::string_view text);
    JsonWriter& number(std::int64_t value);
    JsonWriter& number(double value);
    JsonWriter& boolean(bool value);
    JsonWriter& null();
    // A value already written as JSON text (an entity rendered before).
    JsonWriter& raw(std::string_view json_text);
    JsonWriter& document(const nlohmann::json& value);

    JsonWriter& optional_string(const std::optional<std::string>& text);
    // An id as Mastodon sends ids: a string of digits.
    JsonWriter& id(std::int64_t value);
    JsonWriter& optional_id(const std::optional<std::int64_t>& value);

    // A member: `key(name)` then its value.
    template <typename Value>
    JsonWriter& member(std::string_view name, const Value& value) {
        key(name);
        return put(value);
    }
    JsonWriter& member_raw(std::string_view name, std::string_view json_text) {
        key(name);
        return raw(json_text);
    }
    JsonWriter& empty_array_member(std::string_view name) {
        key(name);
        return begin_array().end_array();
    }

private:
    JsonWriter& put(std::string_view v) { return string(v); }
    JsonWriter& put(const std::string& v) { return string(v); }
    JsonWriter& put(const char* v) { return string(v); }
    JsonWriter& put(bool v) { return boolean(v); }
    JsonWriter& put(int v) { return number(std::int64_t(v)); }
    JsonWriter& put(long v) { return number(std::int64_t(v)); }
    JsonWriter& put(long long v) { return number(std::int64_t(v)); }
    JsonWriter& put(double v) { return number(v); }
    JsonWriter& put(std::nullptr_t) { return null(); }
    JsonWriter& put(const std::optional<std::string>& v) { return optional_string(v); }

    // Before a value: a comma unless it is the first in its container or follows a key.
    void separate();

    std::string& out_;
    std::vector<bool> first_; // per open container: nothing written in it yet
    bool after_key_ = false;
};

} // namespace agora

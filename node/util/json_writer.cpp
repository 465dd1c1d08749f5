// JSON text written straight into a string, value after value, with no document tree.
#include "util/json_writer.hpp"

#include "util/json_text.hpp"

#include <cstring>

namespace agora {

JsonWriter& JsonWriter::begin_object() {
    separate();
    out_ += '{';
    need_comma_ = false;
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    out_ += '}';
    need_comma_ = true;
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    separate();
    out_ += '[';
    need_comma_ = false;
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    out_ += ']';
    need_comma_ = true;
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    // One append: `,"name":`.
    char buffer[64];
    if (name.size() + 4 > sizeof buffer) {
        separate();
        out_ += '"';
        out_ += name;
        out_ += "\":";
    } else {
        std::size_t n = 0;
        if (need_comma_) buffer[n++] = ',';
        buffer[n++] = '"';
        std::memcpy(buffer + n, name.data(), name.size());
        n += name.size();
        buffer[n++] = '"';
        buffer[n++] = ':';
        out_.append(buffer, n);
    }
    need_comma_ = false;
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
    separate();
    append_json_string(out_, text);
    return *this;
}

JsonWriter& JsonWriter::number(std::int64_t value) {
    separate();
    append_json_number(out_, value);
    return *this;
}

JsonWriter& JsonWriter::number(double value) {
    separate();
    append_json_number(out_, value);
    return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
    separate();
    out_ += value ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null() {
    separate();
    out_ += "null";
    return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json_text) {
    separate();
    out_ += json_text;
    return *this;
}

JsonWriter& JsonWriter::document(const nlohmann::json& value) {
    separate();
    append_json_text(out_, value);
    return *this;
}

JsonWriter& JsonWriter::optional_string(const std::optional<std::string>& text) {
    return text ? string(*text) : null();
}

JsonWriter& JsonWriter::id(std::int64_t value) {
    separate();
    out_ += '"';
    append_json_number(out_, value);
    out_ += '"';
    return *this;
}

JsonWriter& JsonWriter::optional_id(const std::optional<std::int64_t>& value) {
    return value ? id(*value) : null();
}

} // namespace agora

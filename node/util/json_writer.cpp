// JSON text written straight into a string, value after value, with no document tree.
#include "util/json_writer.hpp"

#include "util/json_text.hpp"

namespace agora {

void JsonWriter::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (first_.empty()) return;
    if (first_.back())
        first_.back() = false;
    else
        out_ += ',';
}

JsonWriter& JsonWriter::begin_object() {
    separate();
    out_ += '{';
    first_.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    out_ += '}';
    first_.pop_back();
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    separate();
    out_ += '[';
    first_.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    out_ += ']';
    first_.pop_back();
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    separate();
    out_ += '"';
    out_ += name;
    out_ += "\":";
    after_key_ = true;
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

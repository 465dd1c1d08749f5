// JSON text of a document, written faster than nlohmann's dump() (answers of 100 KB and more are
// written on every timeline read): the same compact output, invalid UTF-8 replaced by U+FFFD.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace agora {

std::string to_json_text(const nlohmann::json& document);
// Appends `document`'s text to `out`.
void append_json_text(std::string& out, const nlohmann::json& document);

// Appends `text` as a JSON string: escaped as nlohmann's dump() escapes, invalid UTF-8 replaced
// by U+FFFD.
void append_json_string(std::string& out, std::string_view text);
void append_json_number(std::string& out, std::int64_t value);
// Shortest round-trip digits, always with a decimal point or exponent; NaN and infinities: null.
void append_json_number(std::string& out, double value);

} // namespace agora

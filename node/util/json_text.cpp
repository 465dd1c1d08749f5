// JSON text of a document: compact, keys in the document's order, strings escaped as nlohmann's
// dump() escapes them, invalid UTF-8 replaced by U+FFFD.
#include "util/json_text.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace agora {

namespace {

// The length of the valid UTF-8 sequence at `s` (at most `left` bytes), or 0 when invalid.
std::size_t utf8_sequence(const unsigned char* s, std::size_t left) {
    unsigned char c = s[0];
    std::size_t n;
    unsigned char low = 0x80, high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) low = 0xA0;  // no overlong forms
        if (c == 0xED) high = 0x9F; // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) low = 0x90;
        if (c == 0xF4) high = 0x8F; // nothing above U+10FFFF
    } else
        return 0;
    if (left < n || s[1] < low || s[1] > high) return 0;
    for (std::size_t i = 2; i < n; ++i)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return n;
}

// Whether none of the eight bytes at `s` needs escaping or UTF-8 checking.
bool plain_ascii(const unsigned char* s) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    std::uint64_t x;
    std::memcpy(&x, s, 8);
    auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
    std::uint64_t below_space = (x - ones * 0x20) & ~x & highs;
    return !((x & highs) | below_space | has_zero(x ^ (ones * '"')) | has_zero(x ^ (ones * '\\')));
}

void write_string(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t size = text.size(), run = 0, i = 0;
    out += '"';
    auto flush = [&] { out.append(text, run, i - run); };
    while (i < size) {
        // Eight plain ASCII bytes at a time (no control character, quote, backslash or non-ASCII):
        // most of a page's text.
        while (i + 8 <= size && plain_ascii(s + i))
            i += 8;
        if (i >= size) break;
        unsigned char c = s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            if (auto n = utf8_sequence(s + i, size - i)) {
                i += n;
                continue;
            }
            flush();
            out += "\xEF\xBF\xBD";
            run = ++i;
            continue;
        }
        flush();
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
        run = ++i;
    }
    flush();
    out += '"';
}

template <typename Number>
void write_number(std::string& out, Number value) {
    char buffer[32];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, end);
}

void write_double(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null"; // as nlohmann writes NaN and infinities
        return;
    }
    char buffer[32];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    std::string_view digits(buffer, end - buffer);
    out += digits;
    // Shortest round-trip digits, as nlohmann; it keeps a decimal point on whole numbers.
    if (digits.find_first_of(".eE") == std::string_view::npos) out += ".0";
}

void write(std::string& out, const nlohmann::json& j) {
    using Type = nlohmann::json::value_t;
    switch (j.type()) {
    case Type::object: {
        out += '{';
        bool first = true;
        for (const auto& [key, value] : j.items()) {
            if (!first) out += ',';
            first = false;
            write_string(out, key);
            out += ':';
            write(out, value);
        }
        out += '}';
        return;
    }
    case Type::array: {
        out += '[';
        bool first = true;
        for (const auto& value : j) {
            if (!first) out += ',';
            first = false;
            write(out, value);
        }
        out += ']';
        return;
    }
    case Type::string:
        write_string(out, j.get_ref<const std::string&>());
        return;
    case Type::boolean:
        out += j.get<bool>() ? "true" : "false";
        return;
    case Type::number_integer:
        write_number(out, j.get<std::int64_t>());
        return;
    case Type::number_unsigned:
        write_number(out, j.get<std::uint64_t>());
        return;
    case Type::number_float:
        write_double(out, j.get<double>());
        return;
    case Type::null:
    case Type::discarded:
    case Type::binary:
        out += "null";
        return;
    }
}

} // namespace

std::string to_json_text(const nlohmann::json& document) {
    std::string out;
    out.reserve(4096);
    write(out, document);
    return out;
}

void append_json_text(std::string& out, const nlohmann::json& document) {
    write(out, document);
}

void append_json_string(std::string& out, std::string_view text) {
    write_string(out, text);
}

void append_json_number(std::string& out, std::int64_t value) {
    write_number(out, value);
}

void append_json_number(std::string& out, double value) {
    write_double(out, value);
}

} // namespace agora

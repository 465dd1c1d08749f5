// A small, strict multipart/form-data parser (RFC 7578, framing from RFC 2046).
#include "media/multipart.hpp"
#include "util/blanks.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace agora::media {

namespace {
bool iequal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool boundary_char(char c) {
    if (std::isalnum(static_cast<unsigned char>(c))) return true;
    return std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

bool token_char(char c) {
    auto u = static_cast<unsigned char>(c);
    return u > 32 && u < 127 &&
           std::string_view("()<>@,;:\\\"/[]?={}").find(c) == std::string_view::npos;
}

// One `key=value` or `key="quoted"` parameter list after a header's main value, as in
// `form-data; name="file"; filename="a.jpg"`. Returns nullopt on malformed syntax.
struct HeaderValue {
    std::string value;
    std::vector<std::pair<std::string, std::string>> params;
};

std::optional<HeaderValue> parse_header_value(std::string_view text) {
    HeaderValue out;
    auto semi = text.find(';');
    out.value = std::string(trim_blanks(text.substr(0, semi)));
    if (out.value.empty()) return std::nullopt;
    std::size_t i = semi == std::string_view::npos ? text.size() : semi + 1;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
        if (i == text.size()) break; // a trailing ';' is tolerated
        std::size_t key_start = i;
        while (i < text.size() && token_char(text[i]))
            ++i;
        std::string key(text.substr(key_start, i - key_start));
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
        if (key.empty() || i == text.size() || text[i] != '=') return std::nullopt;
        ++i;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
        std::string value;
        if (i < text.size() && text[i] == '"') {
            ++i;
            bool closed = false;
            while (i < text.size()) {
                char c = text[i++];
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c == '\\' && i < text.size()) c = text[i++];
                value.push_back(c);
            }
            if (!closed) return std::nullopt;
        } else {
            std::size_t value_start = i;
            while (i < text.size() && text[i] != ';' && text[i] != ' ' && text[i] != '\t')
                ++i;
            value = std::string(text.substr(value_start, i - value_start));
            if (value.empty()) return std::nullopt;
        }
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
        if (i < text.size()) {
            if (text[i] != ';') return std::nullopt;
            ++i;
        }
        std::transform(key.begin(), key.end(), key.begin(), ::tolower);
        for (const auto& [k, v] : out.params)
            if (k == key) return std::nullopt; // a parameter given twice is ambiguous
        out.params.emplace_back(std::move(key), std::move(value));
    }
    return out;
}

const std::string* param_of(const HeaderValue& h, std::string_view key) {
    for (const auto& [k, v] : h.params)
        if (k == key) return &v;
    return nullptr;
}

using Error = std::unexpected<std::string>;

// Reads the header block of one part, from `at` up to and including its blank line.
std::expected<MultipartPart, std::string> parse_part_headers(std::string_view block,
                                                             const MultipartLimits& limits) {
    MultipartPart part;
    bool has_disposition = false;
    std::size_t lines = 0;
    while (!block.empty()) {
        auto end = block.find("\r\n");
        auto line = block.substr(0, end);
        block = end == std::string_view::npos ? std::string_view{} : block.substr(end + 2);
        if (++lines > limits.max_header_lines) return Error("a part has too many header lines");
        if (line.empty()) continue;
        if (line.front() == ' ' || line.front() == '\t')
            return Error("folded part header lines are not accepted");
        auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            return Error("a part header line has no name");
        auto name = line.substr(0, colon);
        if (!std::all_of(name.begin(), name.end(), token_char))
            return Error("a part header name is malformed");
        auto value = trim_blanks(line.substr(colon + 1));
        if (iequal(name, "Content-Disposition")) {
            if (has_disposition) return Error("a part has two Content-Disposition headers");
            has_disposition = true;
            auto parsed = parse_header_value(value);
            if (!parsed || !iequal(parsed->value, "form-data"))
                return Error("a part's Content-Disposition is not form-data");
            auto* field = param_of(*parsed, "name");
            if (!field || field->empty()) return Error("a part has no field name");
            part.name = *field;
            if (auto* filename = param_of(*parsed, "filename")) part.filename = *filename;
        } else if (iequal(name, "Content-Type")) {
            part.content_type = std::string(value);
        } else if (iequal(name, "Content-Transfer-Encoding")) {
            if (!iequal(value, "binary") && !iequal(value, "8bit") && !iequal(value, "7bit"))
                return Error("encoded parts (Content-Transfer-Encoding) are not accepted");
        }
    }
    if (!has_disposition) return Error("a part has no Content-Disposition header");
    return part;
}

} // namespace

bool is_multipart_form(std::string_view content_type) {
    return iequal(trim_blanks(content_type.substr(0, content_type.find(';'))),
                  "multipart/form-data");
}

std::optional<std::string> multipart_boundary(std::string_view content_type) {
    if (!is_multipart_form(content_type)) return std::nullopt;
    auto parsed = parse_header_value(content_type);
    if (!parsed) return std::nullopt;
    const std::string* boundary = param_of(*parsed, "boundary");
    if (!boundary || boundary->empty() || boundary->size() > 70 || boundary->back() == ' ')
        return std::nullopt;
    if (!std::all_of(boundary->begin(), boundary->end(), boundary_char)) return std::nullopt;
    return *boundary;
}

std::expected<std::vector<MultipartPart>, std::string>
parse_multipart(std::string_view body, std::string_view boundary, const MultipartLimits& limits) {
    if (boundary.empty()) return Error("the multipart boundary is empty");
    const std::string dash_boundary = "--" + std::string(boundary);
    const std::string delimiter = "\r\n" + dash_boundary;

    // The first boundary opens the body, or ends a preamble (which is ignored).
    std::size_t at;
    if (body.starts_with(dash_boundary)) {
        at = dash_boundary.size();
    } else {
        auto first = body.find(delimiter);
        if (first == std::string_view::npos)
            return Error("the body does not contain the multipart boundary");
        at = first + delimiter.size();
    }

    std::vector<MultipartPart> parts;
    for (;;) {
        // After a boundary: "--" closes the body; otherwise optional padding, then CRLF.
        if (body.substr(at, 2) == "--") return parts; // the epilogue, if any, is ignored
        while (at < body.size() && (body[at] == ' ' || body[at] == '\t'))
            ++at;
        if (body.substr(at, 2) != "\r\n")
            return Error("a multipart boundary is not followed by a line break");
        at += 2;
        if (parts.size() == limits.max_parts)
            return Error("too many parts (at most " + std::to_string(limits.max_parts) + ")");

        // The part's headers end at the first blank line, within the header budget.
        std::size_t headers_end;
        if (body.substr(at, 2) == "\r\n") {
            headers_end = at; // no header at all: rejected below for lack of a disposition
        } else {
            auto window = body.substr(at, limits.max_part_header_bytes + 4);
            auto blank = window.find("\r\n\r\n");
            if (blank == std::string_view::npos)
                return Error(window.size() > limits.max_part_header_bytes
                                 ? "a part's headers are too long"
                                 : "the body ends inside a part's headers");
            headers_end = at + blank + 2;
        }
        auto part = parse_part_headers(body.substr(at, headers_end - at), limits);
        if (!part) return std::unexpected(part.error());
        at = headers_end + 2;

        auto next = body.find(delimiter, at);
        if (next == std::string_view::npos)
            return Error("the body ends before the closing multipart boundary");
        part->body = body.substr(at, next - at);
        parts.push_back(std::move(*part));
        at = next + delimiter.size();
    }
}

const MultipartPart* find_part(const std::vector<MultipartPart>& parts, std::string_view name) {
    for (const auto& p : parts)
        if (p.name == name) return &p;
    return nullptr;
}

} // namespace agora::media

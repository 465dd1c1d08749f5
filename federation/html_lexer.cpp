// Splits remote HTML into text and tags where an HTML5 tokenizer would, for the sanitiser's
// pre-pass.
#include "federation/html_lexer.hpp"

#include <algorithm>

namespace agora::federation::html {

namespace {
constexpr std::size_t kMaxAttributes = 32; // kept per tag; later ones are read and dropped
}

bool is_ascii_whitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool is_ascii_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

const RawAttribute* RawTag::find(std::string_view attribute) const {
    for (const auto& a : attributes)
        if (a.name == attribute) return &a;
    return nullptr;
}

Lexer::Token Lexer::next() {
    while (!at_end()) {
        if (peek() != '<') {
            // Text runs to the next `<` that opens markup; a `<` followed by anything else
            // (a space, a digit, `<3`...) is text, as the tokenizer treats it.
            std::size_t start = pos_, i = pos_;
            for (;;) {
                i = input_.find('<', i);
                if (i == std::string_view::npos) {
                    i = input_.size();
                    break;
                }
                char c1 = i + 1 < input_.size() ? input_[i + 1] : '\0';
                if (is_ascii_alpha(c1) || c1 == '!' || c1 == '?' ||
                    (c1 == '/' && i + 2 < input_.size()))
                    break;
                ++i;
            }
            pos_ = i;
            return {Kind::text, input_.substr(start, i - start), {}};
        }
        char c1 = peek(1);
        if (is_ascii_alpha(c1)) {
            pos_ += 1;
            Token t{Kind::tag, {}, {}};
            if (read_tag(t.tag)) return t;
            pos_ = input_.size();
            break;
        }
        if (c1 == '/') {
            char c2 = peek(2);
            if (is_ascii_alpha(c2)) {
                pos_ += 2;
                Token t{Kind::tag, {}, {}};
                t.tag.is_end = true;
                if (read_tag(t.tag)) return t;
                pos_ = input_.size();
                break;
            }
            if (c2 == '>') { // `</>` is dropped
                pos_ += 3;
                continue;
            }
            if (pos_ + 2 >= input_.size()) { // `</` at the very end is text
                std::size_t start = pos_;
                pos_ = input_.size();
                return {Kind::text, input_.substr(start), {}};
            }
            pos_ += 2; // `</` + anything else: a bogus comment up to `>`
            skip_to_closing_bracket();
            continue;
        }
        if (c1 == '!') {
            if (input_.substr(pos_, 4) == "<!--") {
                pos_ += 4;
                skip_comment();
            } else {
                pos_ += 2; // doctype, `<![CDATA[` outside foreign content: up to the first `>`
                skip_to_closing_bracket();
            }
            continue;
        }
        if (c1 == '?') {
            pos_ += 1;
            skip_to_closing_bracket();
            continue;
        }
        // A `<` opening nothing is text, up to the next `<`.
        std::size_t start = pos_;
        std::size_t end = input_.find('<', pos_ + 1);
        pos_ = end == std::string_view::npos ? input_.size() : end;
        return {Kind::text, input_.substr(start, pos_ - start), {}};
    }
    return {Kind::end, {}, {}};
}

void Lexer::skip_comment() {
    // `<!-->` and `<!--->` end at once; otherwise the comment runs to `-->` or `--!>`.
    if (peek() == '>') {
        pos_ += 1;
        return;
    }
    if (peek() == '-' && peek(1) == '>') {
        pos_ += 2;
        return;
    }
    for (std::size_t k = input_.find("--", pos_); k != std::string_view::npos;
         k = input_.find("--", k + 1)) {
        if (input_.substr(k + 2, 1) == ">") {
            pos_ = k + 3;
            return;
        }
        if (input_.substr(k + 2, 2) == "!>") {
            pos_ = k + 4;
            return;
        }
    }
    pos_ = input_.size();
}

void Lexer::skip_to_closing_bracket() {
    std::size_t end = input_.find('>', pos_);
    pos_ = end == std::string_view::npos ? input_.size() : end + 1;
}

bool Lexer::read_tag(RawTag& tag) {
    while (!at_end() && !is_ascii_whitespace(peek()) && peek() != '/' && peek() != '>')
        tag.name += ascii_lower(input_[pos_++]);
    auto skip_whitespace = [&] {
        while (!at_end() && is_ascii_whitespace(peek()))
            ++pos_;
    };
    for (;;) {
        // Before an attribute name.
        skip_whitespace();
        if (at_end()) return false;
        char c = peek();
        if (c == '>') {
            ++pos_;
            return true;
        }
        if (c == '/') {
            ++pos_;
            if (peek() == '>') {
                ++pos_;
                tag.self_closing = true;
                return true;
            }
            continue;
        }
        // An attribute name: anything up to whitespace, `/`, `>` or `=` (a leading `=` included).
        std::string name(1, ascii_lower(c));
        ++pos_;
        while (!at_end() && !is_ascii_whitespace(peek()) && peek() != '/' && peek() != '>' &&
               peek() != '=')
            name += ascii_lower(input_[pos_++]);
        skip_whitespace();
        if (at_end()) return false;
        std::string_view value;
        if (peek() == '=') {
            ++pos_;
            skip_whitespace();
            if (at_end()) return false;
            c = peek();
            if (c == '"' || c == '\'') {
                std::size_t close = input_.find(c, pos_ + 1);
                if (close == std::string_view::npos) return false;
                value = input_.substr(pos_ + 1, close - pos_ - 1);
                pos_ = close + 1;
            } else if (c != '>') {
                std::size_t start = pos_;
                while (!at_end() && !is_ascii_whitespace(peek()) && peek() != '>')
                    ++pos_;
                if (at_end()) return false;
                value = input_.substr(start, pos_ - start);
            }
        }
        // No element needs more; and finding duplicates stays cheap.
        if (!tag.is_end && tag.attributes.size() < kMaxAttributes && !tag.find(name))
            tag.attributes.push_back({std::move(name), value});
    }
}

void Lexer::skip_raw_text(std::string_view name) {
    std::size_t i = pos_;
    while ((i = input_.find("</", i)) != std::string_view::npos) {
        std::size_t after = i + 2 + name.size();
        if (after < input_.size() &&
            equals_ignoring_ascii_case(input_.substr(i + 2, name.size()), name) &&
            (is_ascii_whitespace(input_[after]) || input_[after] == '/' || input_[after] == '>')) {
            pos_ = i + 2;
            RawTag end_tag;
            end_tag.is_end = true;
            if (!read_tag(end_tag)) pos_ = input_.size();
            return;
        }
        i += 2;
    }
    pos_ = input_.size();
}

} // namespace agora::federation::html

// Splits remote HTML into text and tags where an HTML5 tokenizer would, for the sanitiser's
// pre-pass.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace agora::federation::html {

// One attribute as written: its name lowercased, its value still undecoded (entities and all).
struct RawAttribute {
    std::string name;
    std::string_view value;
};

struct RawTag {
    std::string name; // ASCII-lowercased
    bool is_end = false;
    bool self_closing = false;
    std::vector<RawAttribute> attributes; // the first of each name only (and 32 at most)

    const RawAttribute* find(std::string_view attribute) const;
};

// Reads tokens one at a time. Comments, doctypes, processing instructions and CDATA sections
// are consumed silently (the sanitiser keeps none of them); a tag cut off by the end of the
// input is dropped, as an HTML5 tokenizer drops it.
class Lexer {
public:
    enum class Kind { text, tag, end };
    struct Token {
        Kind kind = Kind::end;
        std::string_view text; // for Kind::text: the raw text, entities undecoded
        RawTag tag;            // for Kind::tag
    };

    explicit Lexer(std::string_view input) : input_(input) {}

    Token next();

    // After the start tag of a raw-text element (script, style, textarea...): skips its content
    // and its end tag, i.e. up to the first `</name` followed by whitespace, `/` or `>`.
    void skip_raw_text(std::string_view name);

    // Drops everything that is left (after `<plaintext>`).
    void skip_to_end() { pos_ = input_.size(); }

private:
    bool at_end() const { return pos_ >= input_.size(); }
    char peek(std::size_t ahead = 0) const {
        return pos_ + ahead < input_.size() ? input_[pos_ + ahead] : '\0';
    }
    bool read_tag(RawTag& tag);     // from just after `<` or `</`; false when cut off by the end
    void skip_comment();            // from just after `<!--`
    void skip_to_closing_bracket(); // bogus comments, doctypes, `<?...>`, CDATA in HTML content

    std::string_view input_;
    std::size_t pos_ = 0;
};

bool is_ascii_whitespace(char c);
bool is_ascii_alpha(char c);
char ascii_lower(char c);
bool equals_ignoring_ascii_case(std::string_view a, std::string_view b);

} // namespace agora::federation::html

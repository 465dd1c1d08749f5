// The sanitiser's pre-pass: rewrites remote HTML into a small, bounded stream that gumbo parses.
#include "federation/html_prefilter.hpp"

#include "federation/html_lexer.hpp"
#include "federation/html_policy.hpp"
#include "federation/html_tree_model.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>

namespace agora::federation::html {

namespace {

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Removed with their content; their content is text to the tokenizer, up to `</name`.
bool is_raw_text_element(std::string_view name) {
    return is_one_of(name, {"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript",
                            "textarea", "title"});
}

// Removed with their content, which is markup: skipped up to the matching end tag.
bool is_container_removed(std::string_view name) {
    return is_one_of(name, {"template", "object", "applet", "head"});
}

// Dropped, leaving a space so that the words on either side stay apart (as Mastodon's Sanitize
// does for its "whitespace elements").
bool is_spacing_element(std::string_view name) {
    return is_one_of(name, {"address",  "article",    "aside",  "caption", "center", "dd",
                            "details",  "dialog",     "dir",    "div",     "dl",     "dt",
                            "fieldset", "figcaption", "figure", "footer",  "form",   "header",
                            "hgroup",   "hr",         "legend", "listing", "main",   "menu",
                            "nav",      "optgroup",   "option", "section", "select", "summary",
                            "table",    "tbody",      "td",     "tfoot",   "th",     "thead",
                            "tr"});
}

// Start tags that end SVG or MathML content and are read as HTML again.
bool breaks_out_of_foreign_content(const RawTag& tag) {
    if (tag.name == "font") return tag.find("color") || tag.find("face") || tag.find("size");
    return is_one_of(
        tag.name,
        {"b",      "big",  "blockquote", "body",  "br",   "center", "code",    "dd",   "div",
         "dl",     "dt",   "em",         "embed", "h1",   "h2",     "h3",      "h4",   "h5",
         "h6",     "head", "hr",         "i",     "img",  "li",     "listing", "menu", "meta",
         "nobr",   "ol",   "p",          "pre",   "ruby", "s",      "small",   "span", "strong",
         "strike", "sub",  "sup",        "table", "tt",   "u",      "ul",      "var"});
}

class Prefilter {
public:
    Prefilter(std::string_view input, const PrefilterLimits& limits)
        : lexer_(input), limits_(limits), model_(limits.max_depth) {}

    std::string run() {
        std::optional<RawTag> pending;
        for (;;) {
            Lexer::Token token;
            if (pending) {
                token.kind = Lexer::Kind::tag;
                token.tag = std::move(*pending);
                pending.reset();
            } else {
                token = lexer_.next();
            }
            if (token.kind == Lexer::Kind::end) break;
            if (token.kind == Lexer::Kind::text) {
                forward_text(token.text);
                continue;
            }
            pending = handle_tag(token.tag);
        }
        return std::move(out_);
    }

private:
    // Returns a tag that ended SVG/MathML content, to be handled next.
    std::optional<RawTag> handle_tag(const RawTag& tag) {
        if (auto element = kept_element(tag.name)) {
            handle_kept(*element, tag);
            return std::nullopt;
        }
        if (!tag.is_end) {
            if (is_raw_text_element(tag.name)) {
                lexer_.skip_raw_text(tag.name);
                return std::nullopt;
            }
            if (tag.name == "plaintext") {
                lexer_.skip_to_end();
                return std::nullopt;
            }
            if (is_container_removed(tag.name)) {
                skip_container(tag.name);
                return std::nullopt;
            }
            if (tag.name == "svg" || tag.name == "math") {
                if (tag.self_closing) return std::nullopt;
                return skip_foreign(tag);
            }
        }
        if (is_spacing_element(tag.name)) space_wanted_ = true;
        return std::nullopt;
    }

    void handle_kept(Element e, const RawTag& tag) {
        auto& dropped = dropped_open_[static_cast<std::size_t>(e)];
        if (text_only_) {
            if (is_block(e) || e == Element::br) space_wanted_ = true;
            return;
        }
        if (tag.is_end && e != Element::br) {
            if (dropped > 0) { // the end of a start tag that was dropped
                --dropped;
                return;
            }
            if (!model_.end(e)) return;
            out_ += "</";
            out_ += element_name(e);
            out_ += '>';
            after_pre_start_ = false;
            at_block_boundary_ = is_block(e);
            return;
        }
        if (!is_block(e)) put_wanted_space();
        if (!model_.start(e)) {
            if (e != Element::br) ++dropped;
            return;
        }
        out_ += '<';
        out_ += element_name(e);
        if (!tag.is_end) {
            for (const auto& attribute : tag.attributes) {
                if (!is_kept_attribute(e, attribute.name) ||
                    attribute.value.size() > limits_.max_attribute_bytes)
                    continue;
                out_ += ' ';
                out_ += attribute.name;
                out_ += "=\"";
                for (char c : attribute.value) {
                    if (c == '"')
                        out_ += "&quot;";
                    else
                        out_ += c;
                }
                out_ += '"';
            }
        }
        out_ += '>';
        after_pre_start_ = e == Element::pre;
        at_block_boundary_ = is_block(e) || e == Element::br;
        check_reopened();
    }

    void put_wanted_space() {
        if (!space_wanted_) return;
        space_wanted_ = false;
        if (at_block_boundary_ || html::is_ascii_whitespace(out_.back())) return;
        out_ += ' ';
        model_.text();
        after_pre_start_ = false;
        check_reopened();
    }

    void forward_text(std::string_view raw) {
        std::string text;
        text.reserve(raw.size());
        for (char c : raw) {
            if (c == '\0') continue; // the parser drops it in text anyway
            if (c == '<')
                text += "&lt;";
            else
                text += c;
        }
        if (text.empty()) return;
        put_wanted_space();
        // The parser drops a newline right after <pre>: text that is only that newline
        // reaches no element and re-opens nothing.
        std::string_view seen = text;
        if (after_pre_start_) {
            if (seen.starts_with("\r\n"))
                seen.remove_prefix(2);
            else if (seen.starts_with('\n') || seen.starts_with('\r'))
                seen.remove_prefix(1);
        }
        after_pre_start_ = false;
        at_block_boundary_ = false;
        out_ += text;
        if (!seen.empty()) {
            model_.text();
            check_reopened();
        }
    }

    void check_reopened() {
        if (model_.reopened() > limits_.max_reopened) text_only_ = true;
    }

    // template, object, head...: skips to the matching end tag (nested ones counted).
    void skip_container(std::string_view name) {
        std::size_t depth = 1;
        for (;;) {
            auto token = lexer_.next();
            if (token.kind == Lexer::Kind::end) return;
            if (token.kind != Lexer::Kind::tag || token.tag.name != name) continue;
            if (token.tag.is_end) {
                if (--depth == 0) return;
            } else if (!token.tag.self_closing) {
                ++depth;
            }
        }
    }

    // svg and math: skipped with their content, which ends at the matching end tag or at an
    // HTML start tag that breaks out of it. A MathML formula leaves its TeX annotation (or
    // else its plain-text one), as Mastodon shows it (FEP-dc88).
    std::optional<RawTag> skip_foreign(const RawTag& root) {
        bool math = root.name == "math";
        bool display_block = false;
        if (auto display = root.find("display")) display_block = display->value == "block";
        std::optional<std::string> tex, plain;
        std::string* capture = nullptr;
        std::size_t depth = 1;
        std::optional<RawTag> breakout;
        for (;;) {
            auto token = lexer_.next();
            if (token.kind == Lexer::Kind::end) break;
            if (token.kind == Lexer::Kind::text) {
                if (capture) *capture += token.text;
                continue;
            }
            const RawTag& tag = token.tag;
            if (!tag.is_end && breaks_out_of_foreign_content(tag)) {
                breakout = tag;
                break;
            }
            if (tag.name == root.name) {
                if (tag.is_end && --depth == 0) break;
                if (!tag.is_end && !tag.self_closing) ++depth;
                continue;
            }
            if (!math || tag.name != "annotation") continue;
            if (tag.is_end) {
                capture = nullptr;
            } else if (!capture && !tag.self_closing) {
                auto encoding = tag.find("encoding");
                std::string_view kind = encoding ? encoding->value : std::string_view{};
                if (kind == "application/x-tex" && !tex)
                    capture = &tex.emplace();
                else if (kind == "text/plain" && !plain)
                    capture = &plain.emplace();
            }
        }
        if (tex) {
            std::string_view dollars = display_block ? "$$" : "$";
            forward_text(std::string(dollars) + *tex + std::string(dollars));
        } else if (plain) {
            forward_text(*plain);
        }
        return breakout;
    }

    Lexer lexer_;
    PrefilterLimits limits_;
    TreeModel model_;
    std::string out_;
    std::array<std::size_t, kElementCount> dropped_open_{};
    bool space_wanted_ = false;
    bool after_pre_start_ = false;
    bool at_block_boundary_ = true; // nothing forwarded yet, or a block tag or <br> last
    bool text_only_ = false;
};

} // namespace

std::string prefilter(std::string_view input, const PrefilterLimits& limits) {
    return Prefilter(input, limits).run();
}

} // namespace agora::federation::html

// Remote HTML (post content, summaries, profile notes) made safe to store and show: sanitised on
// the way in with gumbo against Mastodon's allow-list, or reduced to plain text.
#include "federation/remote_html.hpp"

#include "federation/html_policy.hpp"
#include "federation/html_prefilter.hpp"

#include <gumbo.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace agora::federation::remote_html {

namespace {

using html::Element;

// The pre-pass counts open elements plus active formatting elements (at most 22: three of
// each of b, code, em, i, s, strong, u, and one a), plus 2 for the tag being added. Giving it
// that much more than the depth written (and 2 to spare) lets sanitised output pass through it
// untouched: sanitising twice changes nothing.
constexpr std::size_t kPrefilterSlack = 22 + 2 + 2;

std::string_view cut(std::string_view input, std::size_t max_bytes) {
    if (input.size() <= max_bytes) return input;
    std::size_t end = max_bytes; // back off to the first byte of the character cut in two
    while (end > 0 && (static_cast<unsigned char>(input[end]) & 0xC0) == 0x80)
        --end;
    return input.substr(0, end);
}

// The pre-pass output parsed as the children of a <div>, freed with it.
class Fragment {
public:
    explicit Fragment(const std::string& html) : options_(kGumboDefaultOptions) {
        options_.fragment_context = GUMBO_TAG_DIV;
        options_.max_errors = 0; // parse errors are not wanted: do not collect them
        output_ = gumbo_parse_with_options(&options_, html.data(), html.size());
    }
    ~Fragment() { gumbo_destroy_output(&options_, output_); }
    Fragment(const Fragment&) = delete;
    Fragment& operator=(const Fragment&) = delete;

    const GumboNode* root() const { return output_->root; }

private:
    GumboOptions options_;
    GumboOutput* output_;
};

std::optional<Element> kept(const GumboElement& element) {
    if (element.tag_namespace != GUMBO_NAMESPACE_HTML) return std::nullopt;
    return html::kept_element(gumbo_normalized_tagname(element.tag));
}

std::optional<std::string_view> attribute(const GumboElement& element, const char* name) {
    const GumboAttribute* found = gumbo_get_attribute(&element.attributes, name);
    if (!found) return std::nullopt;
    return std::string_view(found->value);
}

bool is_dropped_control(unsigned char c) {
    return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f;
}

// Visits the tree without recursion: enter(element), text(text), leave().
template <class Visitor>
void walk(const GumboNode* root, Visitor& visitor) {
    struct Frame {
        const GumboNode* node;
        unsigned int next;
    };
    std::vector<Frame> stack{{root, 0}};
    while (!stack.empty()) {
        auto& top = stack.back();
        const GumboVector& children = top.node->v.element.children;
        if (top.next == children.length) {
            if (stack.size() > 1) visitor.leave();
            stack.pop_back();
            continue;
        }
        const auto* child = static_cast<const GumboNode*>(children.data[top.next++]);
        switch (child->type) {
        case GUMBO_NODE_ELEMENT:
            visitor.enter(child->v.element);
            stack.push_back({child, 0}); // `top` is not used past this point
            break;
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
        case GUMBO_NODE_CDATA:
            visitor.text(child->v.text.text);
            break;
        default: // comments never reach gumbo; nothing else is kept
            break;
        }
    }
}

void append_escaped(std::string& out, std::string_view text, bool in_attribute) {
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += in_attribute ? "&quot;" : "\"";
            break;
        default:
            if (!is_dropped_control(static_cast<unsigned char>(c))) out += c;
        }
    }
}

// Serialises the kept elements. Besides the allow-list it keeps the output self-consistent, so
// that a browser parsing the result builds exactly the tree written: no link inside a link, no
// block (p, quote, list, pre, heading) inside a paragraph, rt and rp only right inside ruby.
class HtmlWriter {
public:
    explicit HtmlWriter(std::size_t max_depth) : max_depth_(max_depth) {}

    void enter(const GumboElement& element) {
        Open open;
        auto e = kept(element);
        bool too_deep =
            e && e != Element::br && emitted_.size() + 1 + needs_paragraph(*e) > max_depth_;
        if (text_only_ > 0 || too_deep || (e == Element::a && !is_writable_link(element))) {
            // a link without a safe href becomes its bare text, as Mastodon does; elements
            // nested deeper than max_depth are flattened into theirs
            open.text_only = true;
            ++text_only_;
        } else if (e && html::is_heading(*e)) {
            if (needs_paragraph(*e)) write(Element::p, open);
            write(Element::strong, open);
        } else if (e && fits(*e)) {
            write_start(*e, element);
            if (*e != Element::br) written(*e, open);
            if (*e == Element::pre) pre_content_at_ = out_.size();
        } else if (e && html::is_block(*e)) {
            separate();
            open.separated = true;
        } // else unwrapped: its children are written in its place
        open_.push_back(open);
    }

    void leave() {
        Open open = open_.back();
        open_.pop_back();
        for (std::size_t k = open.written; k-- > 0;) {
            out_ += "</";
            out_ += html::element_name(emitted_.back());
            out_ += '>';
            emitted_.pop_back();
        }
        if (open.text_only) --text_only_;
        if (open.separated) separate();
    }

    void text(std::string_view text) {
        // Parsers drop a newline right after <pre>: one that was there is written twice.
        if (out_.size() == pre_content_at_ && text.starts_with('\n')) out_ += '\n';
        append_escaped(out_, text, false);
    }

    std::string take() { return std::move(out_); }

private:
    struct Open {
        std::size_t written = 0; // elements written for it (<p><strong> for a heading)
        bool text_only = false;
        bool separated = false; // an unwrapped block: a space on either side
    };

    bool needs_paragraph(Element e) const { return html::is_heading(e) && !inside(Element::p); }

    bool inside(Element e) const {
        return std::find(emitted_.begin(), emitted_.end(), e) != emitted_.end();
    }

    bool fits(Element e) const {
        if (html::is_block(e) && inside(Element::p)) return false;
        if (e == Element::rt || e == Element::rp)
            return !emitted_.empty() && emitted_.back() == Element::ruby;
        return true;
    }

    bool is_writable_link(const GumboElement& element) const {
        auto href = attribute(element, "href");
        return !inside(Element::a) && href && html::is_safe_link(*href);
    }

    void written(Element e, Open& open) {
        emitted_.push_back(e);
        ++open.written;
    }

    void write(Element e, Open& open) {
        out_ += '<';
        out_ += html::element_name(e);
        out_ += '>';
        written(e, open);
    }

    void separate() {
        if (!out_.empty() && out_.back() != ' ' && out_.back() != '\n') out_ += ' ';
    }

    void write_attribute(std::string_view name, std::string_view value) {
        out_ += ' ';
        out_ += name;
        out_ += "=\"";
        append_escaped(out_, value, true);
        out_ += '"';
    }

    // Attributes in the order they came, values checked; rel and target forced on links (where
    // the link had them, else at the end).
    void write_start(Element e, const GumboElement& element) {
        out_ += '<';
        out_ += html::element_name(e);
        bool has_rel = false, has_target = false;
        for (unsigned int k = 0; k < element.attributes.length; ++k) {
            const auto* a = static_cast<const GumboAttribute*>(element.attributes.data[k]);
            std::string_view name = a->name, value = a->value;
            if (!html::is_kept_attribute(e, name)) continue;
            if (name == "href") {
                write_attribute(name, value); // checked by the caller
            } else if (name == "rel") {
                write_attribute(name, html::kLinkRel);
                has_rel = true;
            } else if (name == "target") {
                write_attribute(name, "_blank");
                has_target = true;
            } else if (name == "class") {
                write_attribute(name, html::kept_classes(value)); // kept if emptied, as Mastodon
            } else if (name == "translate") {
                if (value == "no") write_attribute(name, value);
            } else if (name == "lang") {
                if (html::is_language_tag(value)) write_attribute(name, value);
            } else if (name == "start" || name == "value") {
                if (html::is_list_number(value)) write_attribute(name, value);
            } else if (name == "reversed") {
                write_attribute(name, "");
            }
        }
        if (e == Element::a) {
            if (!has_rel) write_attribute("rel", html::kLinkRel);
            if (!has_target) write_attribute("target", "_blank");
        }
        out_ += '>';
    }

    std::size_t max_depth_;
    std::string out_;
    std::vector<Open> open_;
    std::vector<Element> emitted_; // the elements written and not yet closed
    std::size_t text_only_ = 0;
    std::size_t pre_content_at_ = std::string::npos; // where the last <pre>'s content begins
};

// Collects what a reader sees; block boundaries become newlines.
class TextWriter {
public:
    void enter(const GumboElement& element) {
        auto e = kept(element);
        if (e == Element::br) breaks_ += 1;
        if (e && html::is_block(*e)) boundary(*e);
        if (e == Element::pre) ++preformatted_;
        open_.push_back(e);
    }

    void leave() {
        auto e = open_.back();
        open_.pop_back();
        if (e && html::is_block(*e)) boundary(*e);
        if (e == Element::pre) --preformatted_;
    }

    void text(std::string_view text) {
        for (char c : text) {
            bool space = c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
            if (space && preformatted_ == 0) {
                pending_space_ = true;
            } else if (space || !is_dropped_control(static_cast<unsigned char>(c))) {
                put(c);
            }
        }
    }

    std::string take() { return std::move(out_); }

private:
    void boundary(Element e) { breaks_ = std::max<std::size_t>(breaks_, e == Element::li ? 1 : 2); }

    void put(char c) {
        if (!out_.empty()) {
            if (breaks_ > 0)
                out_.append(breaks_, '\n');
            else if (pending_space_)
                out_ += ' ';
        }
        breaks_ = 0;
        pending_space_ = false;
        out_ += c;
    }

    std::string out_;
    std::vector<std::optional<Element>> open_;
    std::size_t breaks_ = 0, preformatted_ = 0;
    bool pending_space_ = false;
};

std::string parse_ready(std::string_view html, const Limits& limits) {
    html::PrefilterLimits prefilter_limits;
    prefilter_limits.max_depth = limits.max_depth + kPrefilterSlack;
    return html::prefilter(cut(html, limits.max_input_bytes), prefilter_limits);
}

} // namespace

std::string sanitize(std::string_view html, const Limits& limits) {
    std::string ready = parse_ready(html, limits);
    Fragment fragment(ready);
    HtmlWriter writer(limits.max_depth);
    walk(fragment.root(), writer);
    return writer.take();
}

std::string to_plain_text(std::string_view html, const Limits& limits) {
    std::string ready = parse_ready(html, limits);
    Fragment fragment(ready);
    TextWriter writer;
    walk(fragment.root(), writer);
    return writer.take();
}

} // namespace agora::federation::remote_html

// Remote HTML sanitiser: a hostile corpus, real posts from other servers, plain text, and bounds.
#include "federation/html_prefilter.hpp"
#include "federation/remote_html.hpp"

#include <catch2/catch.hpp>
#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace std::string_literals;
namespace remote_html = agora::federation::remote_html;

namespace {

struct Example {
    const char* name;
    std::string input;
    std::string expected;
};

std::string lowercase(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// An independent reading of the output: every tag is an allowed element with allowed attributes
// in double quotes, every href has an allowed scheme, tags nest, text has no raw `>` and only the
// four entities the writer uses. Returns what is wrong, or "" (and the deepest nesting seen).
std::string structure_error(std::string_view html, std::size_t* depth = nullptr) {
    static const std::set<std::string, std::less<>> elements{
        "p",      "br", "span", "a",  "del", "s",  "pre", "blockquote", "code", "b",
        "strong", "u",  "i",    "em", "ul",  "ol", "li",  "ruby",       "rt",   "rp"};
    static const std::set<std::string, std::less<>> blocks{"p",  "pre", "blockquote",
                                                           "ul", "ol",  "li"};
    auto allowed = [](std::string_view element, std::string_view attribute) {
        if (element == "a")
            return attribute == "href" || attribute == "rel" || attribute == "target" ||
                   attribute == "class" || attribute == "translate" || attribute == "lang";
        if (element == "span")
            return attribute == "class" || attribute == "translate" || attribute == "lang";
        if (element == "p") return attribute == "class" || attribute == "lang";
        if (element == "ol")
            return attribute == "start" || attribute == "reversed" || attribute == "lang";
        if (element == "li") return attribute == "value" || attribute == "lang";
        static const std::set<std::string, std::less<>> lang_only{"blockquote", "ul", "pre", "del",
                                                                  "ruby",       "rt", "rp"};
        return attribute == "lang" && lang_only.count(element) > 0;
    };
    std::vector<std::string> open;
    std::size_t deepest = 0;
    for (std::size_t k = 0; k < html.size();) {
        char c = html[k];
        if (c == '>') return "a raw > in text";
        if (c == '&') {
            auto rest = html.substr(k);
            if (!rest.starts_with("&amp;") && !rest.starts_with("&lt;") &&
                !rest.starts_with("&gt;") && !rest.starts_with("&quot;"))
                return "an unexpected entity";
            ++k;
            continue;
        }
        if (c != '<') {
            ++k;
            continue;
        }
        auto close = html.find('>', k);
        if (close == std::string_view::npos) return "a tag never closed";
        auto tag = html.substr(k + 1, close - k - 1);
        k = close + 1;
        if (tag.starts_with('/')) {
            if (open.empty() || open.back() != tag.substr(1))
                return "misnested </" + std::string(tag.substr(1)) + ">";
            open.pop_back();
            continue;
        }
        auto name = tag.substr(0, tag.find(' '));
        if (!elements.count(name)) return "element <" + std::string(name) + ">";
        auto inside = [&](std::string_view e) {
            return std::find(open.begin(), open.end(), e) != open.end();
        };
        if (name == "a" && inside("a")) return "a link in a link";
        if (blocks.count(name) && inside("p")) return "a block in a paragraph";
        if ((name == "rt" || name == "rp") && (open.empty() || open.back() != "ruby"))
            return "rt or rp outside ruby";
        auto attributes = tag.substr(name.size());
        while (!attributes.empty()) {
            if (attributes[0] != ' ') return "attribute syntax in <" + std::string(name) + ">";
            auto eq = attributes.find("=\"");
            if (eq == std::string_view::npos) return "an attribute without a quoted value";
            auto attribute = attributes.substr(1, eq - 1);
            auto end = attributes.find('"', eq + 2);
            if (end == std::string_view::npos) return "an unterminated attribute";
            auto value = attributes.substr(eq + 2, end - eq - 2);
            if (!allowed(name, attribute))
                return "attribute " + std::string(attribute) + " on <" + std::string(name) + ">";
            if (value.find('<') != std::string_view::npos) return "a < in an attribute";
            if (attribute == "href") {
                auto scheme = lowercase(value.substr(0, value.find(':')));
                static const std::set<std::string, std::less<>> schemes{
                    "http", "https",  "dat",  "dweb",   "ipfs",  "ipns",
                    "ssb",  "gopher", "xmpp", "magnet", "gemini"};
                if (!schemes.count(scheme)) return "href scheme " + scheme;
            }
            if (attribute == "rel" && value != "nofollow noopener noreferrer")
                return "rel " + std::string(value);
            if (attribute == "target" && value != "_blank") return "target " + std::string(value);
            attributes.remove_prefix(end + 1);
        }
        if (name == "a" && (tag.find(" rel=") == std::string_view::npos ||
                            tag.find(" target=") == std::string_view::npos))
            return "a link without rel or target";
        if (name != "br") open.emplace_back(name);
        deepest = std::max(deepest, open.size());
    }
    if (!open.empty()) return "<" + open.back() + "> left open";
    if (depth) *depth = deepest;
    return "";
}

bool is_valid_utf8(std::string_view s) {
    for (std::size_t k = 0; k < s.size();) {
        auto c = static_cast<unsigned char>(s[k]);
        std::size_t n = c < 0x80         ? 1
                        : (c >> 5) == 6  ? 2
                        : (c >> 4) == 14 ? 3
                        : (c >> 3) == 30 ? 4
                                         : 0;
        if (n == 0 || k + n > s.size()) return false;
        for (std::size_t j = 1; j < n; ++j)
            if ((static_cast<unsigned char>(s[k + j]) & 0xC0) != 0x80) return false;
        k += n;
    }
    return true;
}

// What every output must be, whatever came in.
void check_harmless(const std::string& out) {
    INFO("output: " << out);
    CHECK(structure_error(out) == "");
    CHECK(is_valid_utf8(out));
    auto lower = lowercase(out);
    for (const char* forbidden :
         {"<script", "<style", "<iframe",     "<svg",      "<img",  "<object", "<embed",
          "<form",   "<input", "<meta",       "<base",     "<link", "<math",   "<!--",
          "<!",      "<?",     "javascript:", "vbscript:", "data:", "style="})
        CHECK(lower.find(forbidden) == std::string::npos);
    for (std::size_t k = lower.find("on"); k != std::string::npos; k = lower.find("on", k + 1)) {
        std::size_t j = k + 2;
        while (j < lower.size() && std::isalpha(static_cast<unsigned char>(lower[j])))
            ++j;
        bool handler = j > k + 2 && j < lower.size() && lower[j] == '=' && k > 0 &&
                       !std::isalpha(static_cast<unsigned char>(lower[k - 1]));
        CHECK_FALSE(handler);
    }
    CHECK(remote_html::sanitize(out) == out); // written so that it reads back the same
}

double cpu_milliseconds() {
    return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

std::size_t tree_depth(const GumboNode* root) {
    std::vector<std::pair<const GumboNode*, std::size_t>> stack{{root, 0}};
    std::size_t deepest = 0;
    while (!stack.empty()) {
        auto [node, depth] = stack.back();
        stack.pop_back();
        deepest = std::max(deepest, depth);
        if (node->type != GUMBO_NODE_ELEMENT) continue;
        for (unsigned int k = 0; k < node->v.element.children.length; ++k)
            stack.emplace_back(static_cast<const GumboNode*>(node->v.element.children.data[k]),
                               depth + 1);
    }
    return deepest;
}

// How deep gumbo nests what the pre-pass gives it.
std::size_t parsed_depth(const std::string& input) {
    std::string ready = agora::federation::html::prefilter(input);
    GumboOptions options = kGumboDefaultOptions;
    options.fragment_context = GUMBO_TAG_DIV;
    options.max_errors = 0;
    GumboOutput* output = gumbo_parse_with_options(&options, ready.data(), ready.size());
    std::size_t depth = tree_depth(output->root);
    gumbo_destroy_output(&options, output);
    return depth;
}

std::string repeat(std::string_view piece, std::size_t times) {
    std::string out;
    out.reserve(piece.size() * times);
    for (std::size_t k = 0; k < times; ++k)
        out += piece;
    return out;
}

const std::string kRel = R"~( rel="nofollow noopener noreferrer" target="_blank")~";

// The pre-pass's limit, plus the formatting elements gumbo may re-open above it.
const std::size_t kParsedDepthBound = agora::federation::html::PrefilterLimits{}.max_depth + 23;

} // namespace

TEST_CASE("remote html: a hostile corpus comes out harmless", "[unit][remote_html]") {
    const std::vector<Example> corpus{
        // Scripts and styles, in every place they hide.
        {"script element", "<p>Hi<script>alert(1)</script>!</p>", "<p>Hi!</p>"},
        {"script in capitals with attributes",
         R"~(<SCRIPT type="text/javascript">alert("x")</SCRIPT>safe)~", "safe"},
        {"a self-closed script swallows the rest",
         R"~(<script src="https://evil.example/x.js"/>after<p>more</p>)~", ""},
        {"a null byte in a tag name", "a\0b<scr\0ipt>alert(1)</scr\0ipt>c"s, "abalert(1)c"},
        {"style element", "<style>body{display:none}</style><p>text</p>", "<p>text</p>"},
        {"style attribute with a url",
         R"~(<p style="color:red;background:url(javascript:alert(1))">red</p>)~", "<p>red</p>"},
        {"stylesheet link and import",
         R"~(<link rel="stylesheet" href="https://evil.example/x.css"><style>@import url(https://evil.example/y.css);</style>x)~",
         "x"},
        {"iframe", R"~(<iframe src="https://evil.example"></iframe>ok)~", "ok"},
        {"iframe srcdoc",
         R"~(<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;">fallback</iframe>ok)~", "ok"},
        {"object, param and embed",
         R"~(<object data="x.swf"><param name=a value=b><embed src="x.swf">fallback</object>end)~",
         "end"},
        {"event handlers on kept elements",
         R"~(<p onclick="alert(1)" onmouseover=alert(2)><b onload="x">x</b></p>)~",
         "<p><b>x</b></p>"},
        {"img onerror", "a<img src=x onerror=alert(1)>b", "ab"},
        {"svg onload", "<svg onload=alert(1)><circle r=1 /></svg>text", "text"},
        {"script inside svg", "<svg><script>alert(1)</script></svg>", ""},
        {"html breaking out of svg", "<svg><desc>x</desc><p>breakout</p>", "<p>breakout</p>"},
        // Links: only safe schemes, however the scheme is spelt.
        {"javascript link", R"~(<a href="javascript:alert(1)">click</a>)~", "click"},
        {"javascript link in mixed case", R"~(<a href="JaVaScRiPt:alert(1)">x</a>)~", "x"},
        {"javascript link after spaces", R"~(<a href="  javascript:alert(1)">x</a>)~", "x"},
        {"javascript link with a tab entity", R"~(<a href="jav&#x09;ascript:alert(1)">x</a>)~",
         "x"},
        {"javascript link with a newline entity",
         R"~(<a href="java&#0000010;script:alert(1)">x</a>)~", "x"},
        {"javascript link with a decimal entity", R"~(<a href="&#106;avascript:alert(1)">x</a>)~",
         "x"},
        {"javascript link fully hex-encoded",
         R"~(<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>)~",
         "x"},
        {"javascript link with a named colon", R"~(<a href="javascript&colon;alert(1)">x</a>)~",
         "x"},
        {"javascript link split by a null byte", "<a href=\"java\0script:alert(1)\">x</a>"s, "x"},
        {"javascript link unquoted", "<a href=javascript:alert(1)>x</a>", "x"},
        {"vbscript link", R"~(<a href="vbscript:msgbox(1)">x</a>)~", "x"},
        {"data link",
         R"~(<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>)~", "x"},
        {"relative and protocol-relative links",
         R"~(<a href="/users/evil">one</a> <a href="//evil.example/">two</a>)~", "one two"},
        {"a link's other attributes stripped, rel and target added",
         R"~(<a href="https://example.com/" onclick="steal()" style="x" id="i" data-x="1" title="t">link</a>)~",
         R"~(<a href="https://example.com/")~" + kRel + ">link</a>"},
        {"a link's target and rel replaced where they stand",
         R"~(<a href="https://good.example/" target="_self" rel="opener">x</a>)~",
         R"~(<a href="https://good.example/" target="_blank" rel="nofollow noopener noreferrer">x</a>)~"},
        {"a link inside a link",
         R"~(<a href="https://a.example/">one<a href="https://b.example/">two</a></a>)~",
         R"~(<a href="https://a.example/")~" + kRel + R"~(>one</a><a href="https://b.example/")~" +
             kRel + ">two</a>"},
        {"a link inside a paragraph inside a link",
         R"~(<a href="https://a.example/"><p><a href="https://b.example/">x</a></p></a>)~",
         R"~(<a href="https://a.example/")~" + kRel + "><p>x</p></a>"},
        // Broken markup is repaired as a browser repairs it.
        {"unclosed tags", "<p>one<p>two<b>bold", "<p>one</p><p>two<b>bold</b></p>"},
        {"misnested formatting", "<b><i>x</b>y</i>", "<b><i>x</i></b><i>y</i>"},
        {"formatting carried into the next paragraph", "<p><b>x<p>y</p>",
         "<p><b>x</b></p><p><b>y</b></p>"},
        {"stray end tags", "a</p>b</div></span></a>c", "a<p></p>b c"},
        {"a tag cut off by the end", R"~(a "b" > c < d <3 x<y)~", "a \"b\" &gt; c &lt; d &lt;3 x"},
        {"a heading inside a paragraph", "<p>a<span><h2>b</h2></span></p>",
         "<p>a<span></span></p><p><strong>b</strong></p><p></p>"},
        // Comments, CDATA, doctypes, processing instructions.
        {"a comment hiding a script", "<p>a<!-- <script>alert(1)</script> -->b</p>", "<p>ab</p>"},
        {"a conditional comment", "<!--[if IE]><script>alert(1)</script><![endif]-->ok", "ok"},
        {"an unterminated comment", "before<!-- <p>never closed", "before"},
        {"a cdata section", "<![CDATA[<script>alert(1)</script>]]>", "alert(1)]]&gt;"},
        {"doctype and processing instruction", R"~(<!DOCTYPE html><?xml version="1.0"?><p>x</p>)~",
         "<p>x</p>"},
        // Forms, meta, base.
        {"form, input and button",
         R"~(<form action="https://evil.example"><input type="text" name="pw"><button formaction="javascript:alert(1)">Go</button></form>)~",
         "Go"},
        {"meta refresh", R"~(<meta http-equiv="refresh" content="0;url=javascript:alert(1)">x)~",
         "x"},
        {"base element",
         R"~(<base href="https://evil.example/"><a href="https://ok.example/">x</a>)~",
         R"~(<a href="https://ok.example/")~" + kRel + ">x</a>"},
        // Mutation XSS classics: markup that changes meaning when parsed twice.
        {"noscript mutation", R"~(<noscript><p title="</noscript><img src=x onerror=alert(1)>">)~",
         "\"&gt;"},
        {"svg style mutation", R"~(<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">)~",
         ""},
        {"math table mutation", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
         ""},
        {"textarea", "<textarea><script>alert(1)</script></textarea>after", "after"},
        {"title", "<title><script>alert(1)</script></title>after", "after"},
        {"template", "<template><script>alert(1)</script><p>x</p></template>after", "after"},
        {"xmp", "<xmp><script>alert(1)</script></xmp>after", "after"},
        {"plaintext", "before<plaintext><script>alert(1)</script>", "before"},
        {"escaped markup stays text",
         "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &quot;q&quot;",
         "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; \"q\""},
        // Attributes.
        {"classes filtered",
         R"~(<p lang="en" dir="rtl" title="x" class="h-entry evil mention" id="a">x</p>)~",
         R"~(<p lang="en" class="h-entry mention">x</p>)~"},
        {"class tokens with quotes", R"~(<span class='u-url "quoted" invisible'>x</span>)~",
         R"~(<span class="u-url invisible">x</span>)~"},
        {"list attributes",
         R"~(<ol start="3" reversed type="a"><li value="7">x</li><li value="1;x">y</li></ol>)~",
         R"~(<ol start="3" reversed=""><li value="7">x</li><li>y</li></ol>)~"},
        {"lang injection", R"~(<span lang='"><script>'>x</span><span lang="fr-CA">y</span>)~",
         R"~(<span>x</span><span lang="fr-CA">y</span>)~"},
        {"translate", R"~(<span translate="yes">a</span><span translate="no">b</span>)~",
         R"~(<span>a</span><span translate="no">b</span>)~"},
        {"a huge href",
         R"~(<a href="https://x.example/)~" + std::string(100000, 'a') + R"~(">x</a>)~", "x"},
        {"a huge class", R"~(<span class="h-card )~" + std::string(100000, 'b') + R"~(">x</span>)~",
         "<span>x</span>"},
        // Elements Mastodon turns into others, or unwraps.
        {"headings", "<h1 onclick=x>Title</h1><h3>Sub</h3>",
         "<p><strong>Title</strong></p><p><strong>Sub</strong></p>"},
        {"unknown elements unwrapped",
         "<section><article><sub>2</sub><sup>3</sup><small>s</small><mark>m</mark><font "
         "color=red>f</font></article></section>",
         "23smf"},
        {"a table becomes words",
         "<table><tr><td>a</td><td>b</td></tr></table><div>c</div><div>d</div>", "a b c d"},
        {"rt outside ruby", "a<rt>b</rt>c", "abc"},
        {"mathml as TeX",
         R"~(<math><semantics><mrow><mi>x</mi></mrow><annotation encoding="application/x-tex">x^n &lt; y</annotation></semantics></math>)~",
         "$x^n &lt; y$"},
        {"mathml block, TeX preferred",
         R"~(<math display="block"><semantics><mi>x</mi><annotation encoding="text/plain">sqrt(x)</annotation><annotation encoding="application/x-tex">\sqrt x</annotation></semantics></math>)~",
         R"~($$\sqrt x$$)~"},
        {"mathml without annotation", "a<math><mi>x</mi></math>b", "ab"},
    };
    REQUIRE(corpus.size() >= 40);
    for (const auto& example : corpus) {
        INFO(example.name);
        auto out = remote_html::sanitize(example.input);
        CHECK(out == example.expected);
        check_harmless(out);
    }
}

TEST_CASE("remote html: posts from other servers keep their markup", "[unit][remote_html]") {
    const std::vector<Example> posts{
        {"Mastodon: mention, hashtag, link, line break",
         R"~(<p><span class="h-card" translate="no"><a href="https://mastodon.social/@Gargron" class="u-url mention">@<span>Gargron</span></a></span> Hello <a href="https://mastodon.social/tags/fediverse" class="mention hashtag" rel="tag">#<span>fediverse</span></a>, see <a href="https://joinmastodon.org/apps" target="_blank" rel="nofollow noopener noreferrer" translate="no"><span class="invisible">https://</span><span class="">joinmastodon.org/apps</span><span class="invisible"></span></a></p><p>Second paragraph<br />with a line break</p>)~",
         R"~(<p><span class="h-card" translate="no"><a href="https://mastodon.social/@Gargron" class="u-url mention")~" +
             kRel +
             R"~(>@<span>Gargron</span></a></span> Hello <a href="https://mastodon.social/tags/fediverse" class="mention hashtag" rel="nofollow noopener noreferrer" target="_blank">#<span>fediverse</span></a>, see <a href="https://joinmastodon.org/apps" target="_blank" rel="nofollow noopener noreferrer" translate="no"><span class="invisible">https://</span><span class="">joinmastodon.org/apps</span><span class="invisible"></span></a></p><p>Second paragraph<br>with a line break</p>)~"},
        {"Mastodon: a long link with an ellipsis, unchanged",
         R"~(<p><a href="https://www.example.com/a/very/long/path/to/some/page" target="_blank" rel="nofollow noopener noreferrer" translate="no"><span class="invisible">https://www.</span><span class="ellipsis">example.com/a/very/long/path/t</span><span class="invisible">o/some/page</span></a></p>)~",
         R"~(<p><a href="https://www.example.com/a/very/long/path/to/some/page" target="_blank" rel="nofollow noopener noreferrer" translate="no"><span class="invisible">https://www.</span><span class="ellipsis">example.com/a/very/long/path/t</span><span class="invisible">o/some/page</span></a></p>)~"},
        {"Mastodon: a quote post, unchanged",
         R"~(<p class="quote-inline">RE: <a href="https://mastodon.social/@alice/1" target="_blank" rel="nofollow noopener noreferrer" translate="no"><span class="invisible">https://</span><span class="">mastodon.social/@alice/1</span><span class="invisible"></span></a></p><p>I agree</p>)~", R"~(<p class="quote-inline">RE: <a href="https://mastodon.social/@alice/1" target="_blank" rel="nofollow noopener noreferrer" translate="no"><span class="invisible">https://</span><span class="">mastodon.social/@alice/1</span><span class="invisible"></span></a></p><p>I agree</p>)~"},
        {"Misskey",
         R"~(<p>Hello <a href="https://misskey.io/@syuilo" class="u-url mention">@syuilo</a><br>This is <b>bold</b>, <i>italic</i>, <del>struck</del> and <small>small</small> <a href="https://misskey.io/tags/misskey" rel="tag">#misskey</a></p><div style="text-align: center;">centred</div><blockquote>quoted</blockquote><pre><code>let x = 1;</code></pre>)~",
         R"~(<p>Hello <a href="https://misskey.io/@syuilo" class="u-url mention")~" + kRel +
             R"~(>@syuilo</a><br>This is <b>bold</b>, <i>italic</i>, <del>struck</del> and small <a href="https://misskey.io/tags/misskey" rel="nofollow noopener noreferrer" target="_blank">#misskey</a></p>centred<blockquote>quoted</blockquote><pre><code>let x = 1;</code></pre>)~"},
        {"Pleroma",
         R"~(<p>Hey <span class="h-card"><a class="u-url mention" data-user="AbCdEf" href="https://mastodon.social/@Gargron" rel="ugc">@<span>Gargron</span></a></span>, look: <a class="hashtag" data-tag="pleroma" href="https://pleroma.example/tag/pleroma" rel="tag ugc">#pleroma</a></p>)~",
         R"~(<p>Hey <span class="h-card"><a class="u-url mention" href="https://mastodon.social/@Gargron")~" +
             kRel +
             R"~(>@<span>Gargron</span></a></span>, look: <a class="hashtag" href="https://pleroma.example/tag/pleroma")~" +
             kRel + ">#pleroma</a></p>"},
        {"GoToSocial",
         R"~(<p>hi <span class="h-card"><a href="https://example.org/@someone" class="mention">@<span>someone</span></a></span> check <a href="https://gts.example/tags/gts" class="mention hashtag" rel="tag">#<span>gts</span></a><br>line two <a href="https://docs.gotosocial.org" rel="nofollow noreferrer noopener" target="_blank">https://docs.gotosocial.org</a></p>)~",
         R"~(<p>hi <span class="h-card"><a href="https://example.org/@someone" class="mention")~" +
             kRel +
             R"~(>@<span>someone</span></a></span> check <a href="https://gts.example/tags/gts" class="mention hashtag")~" +
             kRel +
             R"~(>#<span>gts</span></a><br>line two <a href="https://docs.gotosocial.org" rel="nofollow noopener noreferrer" target="_blank">https://docs.gotosocial.org</a></p>)~"},
        {"Markdown from Lemmy or a blog",
         "<h2>Release notes</h2>\n<ul>\n<li>Fixed <code>x &lt; "
         "y</code></li>\n<li><em>faster</em></li>\n</ul>\n<blockquote>\n<p>quoted</p>\n</"
         "blockquote>\n<pre><code class=\"language-rust\">fn main() {}\n</code></pre>\n",
         "<p><strong>Release notes</strong></p>\n<ul>\n<li>Fixed <code>x &lt; "
         "y</code></li>\n<li><em>faster</em></li>\n</ul>\n<blockquote>\n<p>quoted</p>\n</"
         "blockquote>\n<pre><code>fn main() {}\n</code></pre>\n"},
        {"every kept element, unchanged",
         "<p>Plain <b>bold</b> <i>it</i> <u>u</u> <s>s</s> <del>d</del> <em>e</em> "
         "<strong>s</strong> "
         "<code>c</code></p><blockquote><p>q</p></blockquote><ul><li>a</li></ul><ol start=\"2\" "
         "reversed=\"\"><li value=\"5\">b</li></ol><pre>x\n  y</pre><p lang=\"de\">Grüße &amp; "
         "“quotes” 🎉<br>zwei</p><p><ruby>明日 <rp>(</rp><rt>Ashita</rt><rp>)</rp></ruby></p>",
         "<p>Plain <b>bold</b> <i>it</i> <u>u</u> <s>s</s> <del>d</del> <em>e</em> "
         "<strong>s</strong> "
         "<code>c</code></p><blockquote><p>q</p></blockquote><ul><li>a</li></ul><ol start=\"2\" "
         "reversed=\"\"><li value=\"5\">b</li></ol><pre>x\n  y</pre><p lang=\"de\">Grüße &amp; "
         "“quotes” 🎉<br>zwei</p><p><ruby>明日 <rp>(</rp><rt>Ashita</rt><rp>)</rp></ruby></p>"},
        {"a newline opening pre is kept", "<pre>\n\nstarts blank</pre>",
         "<pre>\n\nstarts blank</pre>"},
        {"other link schemes Mastodon allows",
         R"~(<a href="gemini://a.example/">g</a><a href="dweb:/a/foo">d</a><a href="magnet:?xt=urn:btih:1">m</a><a href="xmpp:a@b.example">x</a>)~",
         R"~(<a href="gemini://a.example/")~" + kRel + R"~(>g</a><a href="dweb:/a/foo")~" + kRel +
             R"~(>d</a><a href="magnet:?xt=urn:btih:1")~" + kRel +
             R"~(>m</a><a href="xmpp:a@b.example")~" + kRel + ">x</a>"},
    };
    for (const auto& post : posts) {
        INFO(post.name);
        auto out = remote_html::sanitize(post.input);
        CHECK(out == post.expected);
        check_harmless(out);
    }
}

TEST_CASE("remote html: a long article keeps all its structure", "[unit][remote_html]") {
    // Hundreds of paragraphs, list items and links must not add up to the depth limit.
    std::string article = "<blockquote><blockquote><blockquote><p>deep "
                          "quote</p></blockquote></blockquote></blockquote>";
    for (int k = 0; k < 300; ++k)
        article += "<p>Paragraph <b>" + std::to_string(k) +
                   "</b> with <i>style</i>, <a href=\"https://x.example/" + std::to_string(k) +
                   "\"" + kRel + ">a link</a><br>and <code>code</code></p>";
    article +=
        "<p>" +
        repeat("<b>b</b> <i>i</i> <span>s</span> <a href=\"https://x.example/\"" + kRel + ">a</a> ",
               100) +
        "</p>";
    article += "<ul>" + repeat("<li>item <em>x</em></li>", 200) + "</ul><ol>" +
               repeat("<li><p>para</p></li>", 100) + "</ol>";
    REQUIRE(article.size() < remote_html::Limits{}.max_input_bytes);
    auto out = remote_html::sanitize(article + "<h2>End</h2>");
    CHECK(out == article + "<p><strong>End</strong></p>");
    check_harmless(out);
    // Unclosed paragraphs and items, as some servers write them, close themselves.
    std::string sloppy =
        repeat("<p>para <b>b</b>", 200) + "<ul>" + repeat("<li>item", 200) + "</ul>";
    auto repaired = remote_html::sanitize(sloppy);
    CHECK(repaired ==
          repeat("<p>para <b>b</b></p>", 200) + "<ul>" + repeat("<li>item</li>", 200) + "</ul>");
}

TEST_CASE("remote html: plain text keeps what a reader sees", "[unit][remote_html]") {
    CHECK(
        remote_html::to_plain_text(
            R"~(<p><span class="h-card"><a href="https://mastodon.social/@Gargron" class="u-url mention">@<span>Gargron</span></a></span> Hello <a href="https://x.example/tags/a" class="mention hashtag" rel="tag">#<span>a</span></a>, see <a href="https://joinmastodon.org/apps"><span class="invisible">https://</span><span class="">joinmastodon.org/apps</span><span class="invisible"></span></a></p><p>Second paragraph<br />with a line break</p>)~") ==
        "@Gargron Hello #a, see https://joinmastodon.org/apps\n\nSecond paragraph\nwith a line "
        "break");
    CHECK(remote_html::to_plain_text("<h2>Title</h2>\n<ul>\n<li>one &amp; <b>two</b></li>\n<li>x "
                                     "&lt; y</li>\n</ul><pre>a\n  b</pre>") ==
          "Title\n\none & two\nx < y\n\na\n  b");
    CHECK(remote_html::to_plain_text(
              "  lots   of\n\n  space <br><br> and <p>a</p><p></p><p>b</p>  ") ==
          "lots of space\n\nand\n\na\n\nb");
    CHECK(remote_html::to_plain_text(
              "a<script>alert(1)</script><style>x{}</style>b<!-- c -->d<img alt=e>") == "abd");
    CHECK(remote_html::to_plain_text(R"~(<a href="javascript:x">kept text</a>)~") == "kept text");
    CHECK(remote_html::to_plain_text("") == "");
}

TEST_CASE("remote html: nesting 10 000 deep is flattened, quickly", "[unit][remote_html]") {
    const remote_html::Limits limits;
    const std::vector<std::pair<std::string, std::string>> patterns{
        {"div", "<div>"},
        {"span", "<span>"},
        {"b", "<b>"},
        {"blockquote", "<blockquote>"},
        {"list", "<ul><li>"},
        {"link", R"~(<a href="https://x.example/">)~"},
        {"table", "<table><tr><td>"},
        {"paragraph in bold", "<b><p>"},
        {"span around a div", "<span><div></span>"},
        {"link around a div", R"~(<a href="https://x.example/"><div>)~"},
        {"bold around a quote", "<b><blockquote></b>"},
        {"span around a quote", "<span><blockquote></span>"},
        {"deleted list", "<del><ul></del></p>"},
        {"list items in quotes", "<li><blockquote><li>"},
        {"links around quotes", R"~(<a href="https://x.example/"><blockquote>)~"},
        {"ruby around paragraphs", "<ruby><p><rt></ruby>"},
        {"headings in spans", "<h1><span><h2><span>"},
        {"svg", "<svg><g>"},
        {"formatting re-opened", "<p><b><i><u><s><em><strong><code>x"},
    };
    for (const auto& [name, piece] : patterns) {
        INFO(name);
        std::string input = repeat(piece, 10000) + "deep";
        double start = cpu_milliseconds();
        auto out = remote_html::sanitize(input);
        double spent = cpu_milliseconds() - start;
        std::size_t depth = 0;
        CHECK(structure_error(out, &depth) == "");
        CHECK(depth <= limits.max_depth);
        CHECK(spent < 500); // gumbo alone takes seconds on some of these
        CHECK(parsed_depth(input) <= kParsedDepthBound);
        // (links grow by their rel and target: 10 000 of them pass the input limit)
        if (out.size() <= limits.max_input_bytes) CHECK(remote_html::sanitize(out) == out);
    }
    // Other inputs that would cost time in the square of their size if read naively.
    std::string attributes = R"~(<a href="https://x.example/")~";
    for (int k = 0; k < 15000; ++k)
        attributes += " x" + std::to_string(k);
    const std::vector<std::pair<std::string, std::string>> traps{
        {"attributes by the thousand", attributes + ">link</a>"},
        {"comments by the thousand", repeat("a<!--x-->", 14000)},
        {"a script full of almost-closing tags", "<script>" + repeat("</scrip</scri", 9000)},
        {"quotes never closed", repeat("<a href='x", 12000)},
        {"raw text never closed", repeat("<style><textarea><title>", 5000)},
    };
    for (const auto& [name, input] : traps) {
        INFO(name);
        REQUIRE(input.size() <= limits.max_input_bytes);
        double start = cpu_milliseconds();
        auto out = remote_html::sanitize(input);
        CHECK(cpu_milliseconds() - start < 500);
        check_harmless(out);
    }
    CHECK(remote_html::sanitize(attributes + ">link</a>") ==
          R"~(<a href="https://x.example/")~" + kRel + ">link</a>");

    // Formatting elements that differ in attributes are re-opened in every paragraph: gumbo
    // alone turns these 50 KB into 2.5 GB and 20 seconds.
    std::string reopened = "<p>";
    for (int k = 0; k < 1000; ++k)
        reopened += "<b c=" + std::to_string(k) + ">";
    reopened += repeat("<p>x", 10000);
    double start = cpu_milliseconds();
    auto out = remote_html::sanitize(reopened);
    CHECK(cpu_milliseconds() - start < 500);
    CHECK(structure_error(out) == "");
    CHECK(parsed_depth(reopened) <= kParsedDepthBound);
}

TEST_CASE("remote html: input size, bytes and encodings", "[unit][remote_html]") {
    remote_html::Limits limits;
    SECTION("input past the limit is cut at a character boundary") {
        std::string input = std::string(limits.max_input_bytes - 1, 'a') + "é" + "tail";
        auto out = remote_html::sanitize(input);
        CHECK(out == std::string(limits.max_input_bytes - 1, 'a'));
        CHECK(remote_html::sanitize(std::string(limits.max_input_bytes * 2, 'z')).size() ==
              limits.max_input_bytes);
    }
    SECTION("invalid UTF-8 becomes replacement characters") {
        auto out = remote_html::sanitize(
            "a\xC3\x28 \xA0 <p title=\"\xE2\x82\">\xE2\x82</p> \xED\xA0\x80 \xF4\x90\x80\x80 ok");
        CHECK(is_valid_utf8(out));
        CHECK(out.find("\xEF\xBF\xBD") != std::string::npos);
        CHECK(out.starts_with("a\xEF\xBF\xBD("));
        check_harmless(out);
    }
    SECTION("null bytes and control characters") {
        auto out = remote_html::sanitize(
            "<p>a\0b\x01\x1b[31mc\x7f</p><a href=\"https://x.example/\0\">l</a>"s);
        // gumbo turns control characters (other than whitespace) into U+FFFD, and drops NUL in text
        CHECK(out == "<p>ab\xEF\xBF\xBD\xEF\xBF\xBD[31mc\xEF\xBF\xBD</p><a "
                     "href=\"https://x.example/\xEF\xBF\xBD\"" +
                         kRel + ">l</a>");
        check_harmless(out);
    }
    SECTION("random bytes") {
        std::mt19937 random(7);
        for (int round = 0; round < 200; ++round) {
            std::string input(random() % 2000, '\0');
            for (auto& c : input)
                c = static_cast<char>(random() % 256);
            auto out = remote_html::sanitize(input);
            INFO("round " << round);
            CHECK(is_valid_utf8(out));
            CHECK(structure_error(out) == "");
        }
    }
}

TEST_CASE("remote html: the pre-pass knows how deep gumbo nests", "[unit][remote_html]") {
    // Long runs of the kept elements, opening more than they close: a tree model that
    // under-counts any rule of the parser lets gumbo nest past the bound.
    const std::vector<std::string> opening{"<a href=\"https://x.example/\">",
                                           "<b>",
                                           "<i>",
                                           "<em>",
                                           "<strong>",
                                           "<u>",
                                           "<s>",
                                           "<code>",
                                           "<p>",
                                           "<span>",
                                           "<del>",
                                           "<blockquote>",
                                           "<ul>",
                                           "<ol>",
                                           "<li>",
                                           "<pre>",
                                           "<h1>",
                                           "<h2>",
                                           "<ruby>",
                                           "<rt>",
                                           "<rp>",
                                           "<br>",
                                           "x"};
    const std::vector<std::string> closing{
        "</a>",  "</b>",    "</i>",    "</em>",         "</strong>", "</u>",  "</s>",  "</code>",
        "</p>",  "</span>", "</del>",  "</blockquote>", "</ul>",     "</ol>", "</li>", "</pre>",
        "</h1>", "</h3>",   "</ruby>", "</rt>",         "</rp>",     "</br>"};
    std::mt19937 random(1234);
    for (int round = 0; round < 300; ++round) {
        std::string input;
        for (int n = 0; n < 1500; ++n)
            input += random() % 3 ? opening[random() % opening.size()]
                                  : closing[random() % closing.size()];
        INFO("input: " << input);
        CHECK(parsed_depth(input) <= kParsedDepthBound);
    }
}

TEST_CASE("remote html: random tag soup stays harmless and stable", "[unit][remote_html]") {
    const std::vector<std::string> pieces{R"~(<a href="https://x.example/">)~",
                                          "</a>",
                                          "<a>",
                                          "<b>",
                                          "</b>",
                                          "<i>",
                                          "</i>",
                                          "<em>",
                                          "</em>",
                                          "<strong>",
                                          "</strong>",
                                          "<u>",
                                          "</u>",
                                          "<s>",
                                          "</s>",
                                          "<code>",
                                          "</code>",
                                          "<p>",
                                          "</p>",
                                          "<br>",
                                          "</br>",
                                          "<span>",
                                          "</span>",
                                          R"~(<span class="h-card">)~",
                                          "<del>",
                                          "</del>",
                                          "<blockquote>",
                                          "</blockquote>",
                                          "<ul>",
                                          "</ul>",
                                          "<ol>",
                                          "</ol>",
                                          "<li>",
                                          "</li>",
                                          "<pre>",
                                          "</pre>",
                                          "<h1>",
                                          "</h1>",
                                          "<h2>",
                                          "</h3>",
                                          "<ruby>",
                                          "</ruby>",
                                          "<rt>",
                                          "</rt>",
                                          "<rp>",
                                          "</rp>",
                                          "x",
                                          "y ",
                                          "\n",
                                          "&amp;",
                                          "<div>",
                                          "</div>",
                                          "<table>",
                                          "<td>",
                                          "<svg>",
                                          "</svg>",
                                          "<math>",
                                          "<script>",
                                          "</script>",
                                          "<!--",
                                          "-->",
                                          "<",
                                          ">",
                                          "\"",
                                          "'",
                                          "<b c=1>",
                                          "<a href='javascript:1'>",
                                          "<img src=x onerror=alert(1)>",
                                          "<noscript>",
                                          "</noscript>",
                                          "<style>",
                                          "</style>",
                                          "<textarea>",
                                          "</textarea>"};
    const remote_html::Limits limits;
    std::mt19937 random(42);
    for (int round = 0; round < 2000; ++round) {
        std::string input;
        for (auto n = random() % 200 + 1; n > 0; --n)
            input += pieces[random() % pieces.size()];
        INFO("input: " << input);
        CHECK(parsed_depth(input) <= kParsedDepthBound);
        check_harmless(remote_html::sanitize(input));
    }
}

// Status text formatting: Mastodon's HTML, mentions, hashtags, links and countable length.
#include "statuses/text_format.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <regex>

using namespace agora;

namespace {

const std::string base = "https://agora.test";

// Knows the local `alice` and the remote `bob@remote.example`; counts how often it is asked.
struct FakeDirectory {
    int calls = 0;
    MentionResolver resolver() {
        return [this](const MentionRef& m) -> std::optional<ResolvedMention> {
            ++calls;
            if (m.username == "alice" && !m.domain)
                return ResolvedMention{"https://agora.test/@alice", "alice"};
            if (m.username == "bob" && m.domain == "remote.example")
                return ResolvedMention{"https://remote.example/@bob", "bob"};
            return std::nullopt;
        };
    }
};

std::string html_of(std::string_view text) {
    FakeDirectory directory;
    auto formatted = format_status_text(text, base, directory.resolver());
    REQUIRE(formatted);
    return formatted->html;
}

FormattedText format(std::string_view text) {
    FakeDirectory directory;
    auto formatted = format_status_text(text, base, directory.resolver());
    REQUIRE(formatted);
    return *formatted;
}

std::size_t length_of(std::string_view text) {
    auto length = countable_length(text);
    REQUIRE(length);
    return *length;
}

std::string link(std::string_view href, std::string_view prefix, std::string_view shown,
                 std::string_view rest, bool ellipsis) {
    return "<a href=\"" + std::string(href) +
           "\" target=\"_blank\" rel=\"nofollow noopener\" translate=\"no\"><span "
           "class=\"invisible\">" +
           std::string(prefix) + "</span><span class=\"" + (ellipsis ? "ellipsis" : "") + "\">" +
           std::string(shown) + "</span><span class=\"invisible\">" + std::string(rest) +
           "</span></a>";
}

std::string tag(std::string_view href_name, std::string_view shown) {
    return "<a href=\"https://agora.test/tags/" + std::string(href_name) +
           "\" class=\"mention hashtag\" rel=\"tag\">#<span>" + std::string(shown) + "</span></a>";
}

// Every tag in the output is one the formatter writes, with quoted attribute values that hold
// no markup and links that point nowhere but the web, xmpp or magnet.
void require_only_safe_markup(const std::string& html) {
    static const std::regex allowed(
        R"(<(p|/p|br /|span|/span|/a|span class="[a-z -]*"|span class="h-card" translate="no")>)"
        R"(|<a href="(https?://|gemini://|xmpp:|magnet:)[^"<>]*"( [a-z]+="[^"<>]*")*>)");
    for (std::size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i + 1)) {
        auto close = html.find('>', i);
        REQUIRE(close != std::string::npos);
        auto element = html.substr(i, close - i + 1);
        INFO(element);
        CHECK(std::regex_match(element, allowed));
    }
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("href=\"javascript:") == std::string::npos);
}

} // namespace

TEST_CASE("text: paragraphs and line breaks", "[unit][text]") {
    CHECK(html_of("text") == "<p>text</p>");
    CHECK(html_of("line one\nline two\n\nsecond paragraph") ==
          "<p>line one<br />line two</p><p>second paragraph</p>");
    CHECK(html_of("windows\r\nline\r\n\r\nnext") == "<p>windows<br />line</p><p>next</p>");
    CHECK(html_of("old mac\rline") == "<p>old mac<br />line</p>");
    CHECK(html_of("a\n\n\n\n\nb") == "<p>a</p><p>b</p>");
    // Only an empty line separates paragraphs; a line of spaces is a line.
    CHECK(html_of("a\n \nb") == "<p>a<br /> <br />b</p>");
    CHECK(html_of("  \n\n hello \n\n ") == "<p>hello</p>");
    CHECK(html_of("").empty());
    CHECK(html_of(" \n\t ").empty());
    CHECK(html_of("a\n").find('\n') == std::string::npos);
}

TEST_CASE("text: HTML special characters are escaped", "[unit][text]") {
    CHECK(html_of("<b>\"Tom\" & 'Jerry'</b>") ==
          "<p>&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;</p>");
    CHECK(html_of("&amp; stays literal") == "<p>&amp;amp; stays literal</p>");
}

TEST_CASE("text: links are shortened as Mastodon shows them", "[unit][text]") {
    CHECK(html_of("https://example.com") ==
          "<p>" + link("https://example.com", "https://", "example.com", "", false) + "</p>");
    CHECK(html_of("http://www.example.com/a/very/long/path/that/goes/on/forever") ==
          "<p>" +
              link("http://www.example.com/a/very/long/path/that/goes/on/forever", "http://www.",
                   "example.com/a/very/long/path/t", "hat/goes/on/forever", true) +
              "</p>");
    // Exactly 31 characters after the prefix: shown whole, no ellipsis for one character.
    CHECK(html_of("https://example.com/abcdefghijklmnopqrs") ==
          "<p>" +
              link("https://example.com/abcdefghijklmnopqrs", "https://",
                   "example.com/abcdefghijklmnopqrs", "", false) +
              "</p>");
    CHECK(html_of("https://example.com/abcdefghijklmnopqrst") ==
          "<p>" +
              link("https://example.com/abcdefghijklmnopqrst", "https://",
                   "example.com/abcdefghijklmnopqr", "st", true) +
              "</p>");
    // Counting is in characters, not bytes.
    CHECK(html_of("https://ja.wikipedia.org/wiki/日本の首都と都市の一覧") ==
          "<p>" +
              link("https://ja.wikipedia.org/wiki/日本の首都と都市の一覧", "https://",
                   "ja.wikipedia.org/wiki/日本の首都と都市", "の一覧", true) +
              "</p>");
    CHECK(html_of("see https://example.com/?q=a&b=c") ==
          "<p>see " +
              link("https://example.com/?q=a&amp;b=c", "https://", "example.com/?q=a&amp;b=c", "",
                   false) +
              "</p>");
    CHECK(html_of("gemini://example.org/page") ==
          "<p>" + link("gemini://example.org/page", "", "gemini://example.org/page", "", false) +
              "</p>");
    CHECK(html_of("HTTPS://EXAMPLE.COM") ==
          "<p>" + link("HTTPS://EXAMPLE.COM", "", "HTTPS://EXAMPLE.COM", "", false) + "</p>");
    CHECK(html_of("xmpp:muc@chat.example.org?join now") ==
          "<p>" +
              link("xmpp:muc@chat.example.org?join", "xmpp:", "muc@chat.example.org?join", "",
                   false) +
              " now</p>");
    CHECK(format("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a").links ==
          std::vector<std::string>{"magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a"});
}

TEST_CASE("text: trailing punctuation stays out of links", "[unit][text]") {
    CHECK(format("https://example.com:8080/x and https://nic.みんな/").links ==
          std::vector<std::string>{"https://example.com:8080/x", "https://nic.みんな/"});
    CHECK(format("Read https://example.com/post.").links ==
          std::vector<std::string>{"https://example.com/post"});
    CHECK(format("https://example.com/a, https://example.com/b! https://example.com/c?").links ==
          std::vector<std::string>{"https://example.com/a", "https://example.com/b",
                                   "https://example.com/c"});
    CHECK(format("\"https://example.com/quoted\"").links ==
          std::vector<std::string>{"https://example.com/quoted"});
    CHECK(format("https://example.com/x'; https://example.com/y:").links ==
          std::vector<std::string>{"https://example.com/x", "https://example.com/y"});
    CHECK(format("http://www.google.com!").links ==
          std::vector<std::string>{"http://www.google.com"});
    CHECK(format("https://example.com/search?q=cats.").links ==
          std::vector<std::string>{"https://example.com/search?q=cats"});
    CHECK(format("https://example.com/　after a full-width space").links ==
          std::vector<std::string>{"https://example.com/"});
    auto dot = html_of("https://example.com/post.");
    CHECK(dot.ends_with("</a>.</p>"));
}

TEST_CASE("text: parentheses are kept only when balanced", "[unit][text]") {
    CHECK(format("(see https://example.com/)").links ==
          std::vector<std::string>{"https://example.com/"});
    CHECK(format("https://en.wikipedia.org/wiki/Diaspora_(software)").links ==
          std::vector<std::string>{"https://en.wikipedia.org/wiki/Diaspora_(software)"});
    CHECK(format("(https://en.wikipedia.org/wiki/Diaspora_(software))").links ==
          std::vector<std::string>{"https://en.wikipedia.org/wiki/Diaspora_(software)"});
    CHECK(format("https://example.com/a_(b_(c)_d)").links ==
          std::vector<std::string>{"https://example.com/a_(b_(c)_d)"});
    CHECK(format("https://example.com/foo)bar").links ==
          std::vector<std::string>{"https://example.com/foo"});
    CHECK(html_of("(https://example.com/)").starts_with("<p>(<a href=\"https://example.com/\""));
}

TEST_CASE("text: what Mastodon does not link", "[unit][text]") {
    for (std::string_view text :
         {"javascript:alert(1)", "ftp://example.com/file", "example.com/no-scheme",
          "http://localhost:3000/x", "https://192.168.1.1/admin", "http://www\\.google\\.com",
          "xhttps://example.com", "mailto:alice@example.org", "https://", "https://example.",
          "https://example.c", "https://exa_mple.com"}) {
        INFO(text);
        auto f = format(text);
        CHECK(f.links.empty());
        CHECK(f.html.find("<a") == std::string::npos);
    }
    // A bare domain swallows what follows it, so a scheme inside it starts no link either.
    CHECK(format("web.archive.org/web/2020/https://example.com").links.empty());
}

TEST_CASE("text: mentions known to the resolver become h-cards", "[unit][text]") {
    FakeDirectory directory;
    auto f = format_status_text("@alice hello @bob@Remote.Example", base, directory.resolver());
    REQUIRE(f);
    CHECK(f->html == "<p><span class=\"h-card\" translate=\"no\"><a "
                     "href=\"https://agora.test/@alice\" class=\"u-url mention\">@<span>alice</"
                     "span></a></span> hello <span class=\"h-card\" translate=\"no\"><a "
                     "href=\"https://remote.example/@bob\" class=\"u-url "
                     "mention\">@<span>bob</span></a></span></p>");
    REQUIRE(f->mentions.size() == 2);
    CHECK(f->mentions[0].username == "alice");
    CHECK_FALSE(f->mentions[0].domain);
    CHECK(f->mentions[1].username == "bob");
    CHECK(f->mentions[1].domain == "remote.example");
}

TEST_CASE("text: unknown mentions stay plain text but are reported", "[unit][text]") {
    auto f = format("hi @carol and @dave@Elsewhere.TEST.");
    CHECK(f.html == "<p>hi @carol and @dave@Elsewhere.TEST.</p>");
    REQUIRE(f.mentions.size() == 2);
    CHECK(f.mentions[0].username == "carol");
    CHECK(f.mentions[1].username == "dave");
    CHECK(f.mentions[1].domain == "elsewhere.test");

    auto none = format_status_text("@alice", base, MentionResolver{});
    REQUIRE(none);
    CHECK(none->html == "<p>@alice</p>");
    CHECK(none->mentions.size() == 1);
}

TEST_CASE("text: mention boundaries", "[unit][text]") {
    CHECK(format("write to alice@example.org").mentions.empty());
    CHECK(format("https://example.com/@alice").mentions.empty());
    CHECK(format("?user=@alice").mentions.empty());
    CHECK(format("café@alice").mentions.empty());
    // Followed by an accented letter or another @: not a mention at all.
    CHECK(format("@alicé").mentions.empty());
    CHECK(format("@alice@").mentions.empty());
    CHECK(format("(@alice)").mentions.size() == 1);
    auto dotted = format("@alice.");
    REQUIRE(dotted.mentions.size() == 1);
    CHECK(dotted.mentions[0].username == "alice");
    CHECK(dotted.html.ends_with("</span></a></span>.</p>"));
    // Extractor::MAX_DOMAIN_LENGTH: a domain over 253 characters makes no mention.
    CHECK(format("@a@" + std::string(249, 'x') + ".org").mentions.size() == 1);
    CHECK(format("@a@" + std::string(250, 'x') + ".org").mentions.empty());
    auto joined = format("@first.last-name@sub.example.org");
    REQUIRE(joined.mentions.size() == 1);
    CHECK(joined.mentions[0].username == "first.last-name");
    CHECK(joined.mentions[0].domain == "sub.example.org");
}

TEST_CASE("text: mentions are deduplicated and resolved once", "[unit][text]") {
    FakeDirectory directory;
    auto f = format_status_text("@alice @Alice @alice @carol @carol", base, directory.resolver());
    REQUIRE(f);
    CHECK(f->mentions.size() == 2);
    CHECK(directory.calls == 2);
    std::size_t cards = 0;
    for (auto at = f->html.find("h-card"); at != std::string::npos;
         at = f->html.find("h-card", at + 1))
        ++cards;
    // Usernames match without regard to case, as Mastodon's account lookup does.
    CHECK(cards == 3);
    CHECK(f->html.find("@Alice") == std::string::npos);
}

TEST_CASE("text: hashtags link to the local tag page", "[unit][text]") {
    CHECK(html_of("#hashtag") == "<p>" + tag("hashtag", "hashtag") + "</p>");
    CHECK(html_of("#Café au lait") == "<p>" + tag("Caf%C3%A9", "Café") + " au lait</p>");
    CHECK(html_of("#日本語") == "<p>" + tag("%E6%97%A5%E6%9C%AC%E8%AA%9E", "日本語") + "</p>");
    CHECK(html_of("＃タグ") == "<p>" + tag("%E3%82%BF%E3%82%B0", "タグ") + "</p>");
    CHECK(html_of("#a_b") == "<p>" + tag("a_b", "a_b") + "</p>");
    CHECK(html_of("#tag, #other.") ==
          "<p>" + tag("tag", "tag") + ", " + tag("other", "other") + ".</p>");

    auto f = format("#Café #日本語 #école #e\xCC\x81"
                    "cole #ＦＵＬＬ #a_b");
    CHECK(f.hashtags == std::vector<std::string>{"cafe", "日本語", "ecole", "full", "a_b"});

    FakeDirectory directory;
    auto slash = format_status_text("#tag", "https://agora.test/", directory.resolver());
    REQUIRE(slash);
    CHECK(slash->html.find("https://agora.test/tags/tag\"") != std::string::npos);
}

TEST_CASE("text: what is not a hashtag", "[unit][text]") {
    for (std::string_view text : {"#123", "#", "# space", "word#tag", "#_", "(#tag)", "C#"}) {
        INFO(text);
        auto f = format(text);
        CHECK(f.hashtags.empty());
        CHECK(f.html.find("hashtag") == std::string::npos);
    }
    // A separator lets digits form a tag, as in Mastodon.
    CHECK(format("#1_2").hashtags == std::vector<std::string>{"1_2"});
    CHECK(format("#ab\u200C").hashtags == std::vector<std::string>{"ab"});
    CHECK(format("#2024年").hashtags == std::vector<std::string>{"2024年"});
}

TEST_CASE("text: # and @ inside a URL belong to the URL", "[unit][text]") {
    auto f = format("https://example.com/page#section and https://example.com/?to=@alice");
    CHECK(f.hashtags.empty());
    CHECK(f.mentions.empty());
    CHECK(f.links == std::vector<std::string>{"https://example.com/page#section",
                                              "https://example.com/?to=@alice"});
    auto after = format("https://example.com/ #section");
    CHECK(after.hashtags == std::vector<std::string>{"section"});
    // A tag glued to a URL keeps the scheme out of the tag; the URL is then not linked.
    auto glued = format("#news https://example.com #foohttps://example.com");
    CHECK(glued.hashtags == std::vector<std::string>{"news", "foo"});
    CHECK(glued.links == std::vector<std::string>{"https://example.com"});
}

TEST_CASE("text: hashtags are deduplicated by normalised name", "[unit][text]") {
    auto f = format("#Tag #tag #TAG #ｔａｇ #other");
    CHECK(f.hashtags == std::vector<std::string>{"tag", "other"});
    CHECK(f.html.find(tag("TAG", "TAG")) != std::string::npos); // each shown as written
}

TEST_CASE("text: hashtag normalisation", "[unit][text]") {
    CHECK(normalize_hashtag("Café") == "cafe");
    CHECK(normalize_hashtag("e\xCC\x81"
                            "cole") == "ecole");
    CHECK(normalize_hashtag("ＦＵＬＬ") == "full");
    CHECK(normalize_hashtag("Straße") == "straße");
    CHECK(normalize_hashtag("ÆrøŁódź") == "ærolodz");
    CHECK(normalize_hashtag("hello-world!") == "helloworld");
    CHECK(normalize_hashtag("日本語") == "日本語");
    CHECK(normalize_hashtag("a·b・c") == "a·b・c");
    CHECK(normalize_hashtag("กัน") == "กัน"); // a Thai vowel sign is alphabetic, so kept
    CHECK(normalize_hashtag("a\u200Cb") == "a\u200Cb");
    CHECK(normalize_hashtag("\xff").empty());
}

TEST_CASE("text: countable length", "[unit][text]") {
    CHECK(length_of("hello") == 5);
    CHECK(length_of("  hello  \n") == 5);
    CHECK(length_of(" \n ") == 0);
    CHECK(length_of("https://example.com/" + std::string(200, 'a')) == 23);
    CHECK(length_of("Look: https://example.com/x") == 6 + 23);
    CHECK(length_of("http://a.io") == 23); // short URLs count as 23 too
    CHECK(length_of("@alice@example.org hi") == std::string_view("@alice hi").size());
    CHECK(length_of("@alice hi") == 9);
    CHECK(length_of("alice@example.org") == 17); // an e-mail address is no mention
    CHECK(length_of("#hashtag") == 8);
    CHECK(length_of("xmpp:someone@example.org") == 24);        // only web links are shortened
    CHECK(length_of("e\xCC\x81") == 1);                        // e + combining acute
    CHECK(length_of("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD") == 1); // thumbs up, skin tone
    CHECK(length_of("\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7") == 1); // flag of France
    CHECK(length_of("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D"
                    "\xF0\x9F\x91\xA7") == 1); // family, ZWJ sequence
    CHECK(length_of("日本語") == 3);
    CHECK(length_of("a\r\nb") == 3); // CR LF is one grapheme
}

TEST_CASE("text: invalid UTF-8 is rejected", "[unit][text]") {
    for (std::string_view bad :
         {std::string_view("\xff"), std::string_view("abc\xc3"), std::string_view("\xc0\xaf"),
          std::string_view("\xed\xa0\x80"), std::string_view("\xe2\x82"),
          std::string_view("\xf4\x90\x80\x80")}) {
        CHECK_FALSE(valid_utf8(bad));
        CHECK_FALSE(format_status_text(bad, base, {}).has_value());
        CHECK_FALSE(countable_length(bad).has_value());
    }
    CHECK(valid_utf8("plain ASCII"));
    CHECK(valid_utf8("日本語 \xF0\x9F\x91\x8D"));
    CHECK(valid_utf8(""));
    auto nul = format_status_text(std::string_view("a\0b", 3), base, {});
    REQUIRE_FALSE(nul);
    CHECK_FALSE(nul.error().message.empty());
}

TEST_CASE("text: hostile input comes out escaped and harmless", "[unit][text]") {
    const std::string corpus[] = {
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "javascript:alert(document.cookie)",
        "https://example.com/\"onmouseover=\"alert(1)",
        "https://example.com/'><script>alert(1)</script>",
        "https://example.com/?q=<b>bold</b>",
        "https://example.com/path\"><svg onload=alert(1)>",
        "@alice\"><script>x</script>",
        "#tag\"><script>x</script>",
        "#<script>",
        "@<script>@example.org",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "<a href=\"javascript:alert(1)\">click</a> https://example.com",
        "xmpp:a@example.org?<script>",
        "magnet:?xt=<script>",
        "\xE2\x80\xAEhttps://example.com/evil\xE2\x80\xAC",
        "&lt;script&gt; &#60;script&#62;",
        "https://example.com/" + std::string(5000, 'a'),
        std::string(2000, '(') + "https://example.com/" + std::string(2000, ')'),
    };
    for (const auto& text : corpus) {
        INFO(text.substr(0, 80));
        auto f = format(text);
        require_only_safe_markup(f.html);
    }
    CHECK(html_of("https://example.com/\"onmouseover=\"alert(1)")
              .find("href=\"https://example.com/&quot;onmouseover=&quot;alert(1)\"") !=
          std::string::npos);
    CHECK(html_of("<a href=\"javascript:alert(1)\">") ==
          "<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;</p>");

    // Whatever the resolver returns is escaped too.
    MentionResolver hostile = [](const MentionRef&) -> std::optional<ResolvedMention> {
        return ResolvedMention{"https://x.test/\"><script>", "<b>eve</b>"};
    };
    auto f = format_status_text("@eve", base, hostile);
    REQUIRE(f);
    CHECK(f->html.find("href=\"https://x.test/&quot;&gt;&lt;script&gt;\"") != std::string::npos);
    CHECK(f->html.find("@<span>&lt;b&gt;eve&lt;/b&gt;</span>") != std::string::npos);
    require_only_safe_markup(f->html);
}

TEST_CASE("text: long hostile input is scanned in linear time", "[unit][text]") {
    std::string dots, ats, tags, parens, schemes;
    for (int i = 0; i < 20000; ++i) {
        dots += "a.";
        ats += "@a.";
        tags += " #a\xC2\xB7";
        parens += "(a";
        schemes += "https://";
    }
    auto started = std::chrono::steady_clock::now();
    for (const auto& text : {dots, ats, tags, "https://x.org/" + parens, schemes}) {
        CHECK(format_status_text(text, base, {}).has_value());
        CHECK(countable_length(text).has_value());
    }
    auto elapsed = std::chrono::steady_clock::now() - started;
    CHECK((elapsed < std::chrono::seconds(2)));
}

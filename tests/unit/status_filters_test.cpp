// The filter matcher: keywords as Mastodon matches them (case, whole words in any script), the
// plain text of a status, and which filters a status meets.
#include "statuses/status_filters.hpp"

#include <catch2/catch.hpp>

using agora::html_to_plain_text;
using agora::KeywordPattern;

namespace {
std::optional<std::string> find(const std::string& keyword, bool whole_word,
                                const std::string& text) {
    return KeywordPattern(keyword, whole_word).find_in(text);
}
} // namespace

TEST_CASE("filters: whole words and parts of words", "[unit][filters]") {
    CHECK(find("cat", true, "a cat sat") == "cat");
    CHECK_FALSE(find("cat", true, "category theory"));
    CHECK_FALSE(find("cat", true, "bobcat"));
    CHECK(find("cat", false, "category theory") == "cat");
    CHECK(find("cat", true, "Cat!") == "Cat");
    CHECK(find("cat", true, "(cat)") == "cat");
    CHECK(find("cat", true, "snake_case cat_x cat") == "cat"); // _ joins words
    // The leftmost occurrence, as written in the text.
    CHECK(find("cat", false, "conCATenate a CAT") == "CAT");
    CHECK(find("cat", true, "conCATenate a CAT") == "CAT");
    CHECK_FALSE(find("", false, "anything"));
    CHECK_FALSE(find("longer than the text", false, "short"));
}

TEST_CASE("filters: French and other scripts", "[unit][filters]") {
    CHECK(find("été", true, "L'Été arrive") == "Été");
    CHECK_FALSE(find("été", true, "les étés"));
    CHECK_FALSE(find("ete", true, "été")); // accents are letters, not folded away
    CHECK(find("ÇA", true, "ça va") == "ça");
    CHECK_FALSE(find("caf", true, "café"));
    CHECK(find("café", true, "un café, merci") == "café");
    // Decomposed é (e + U+0301) is the same word as the composed one.
    CHECK(find("café", true, "un cafe\xCC\x81 noir") == "café");
    CHECK(find("Москва", true, "в москве и в москва") == "москва");
    CHECK_FALSE(find("мос", true, "в москве"));
}

TEST_CASE("filters: boundaries only at word characters", "[unit][filters]") {
    // As Mastodon: an end that is not a word character needs no boundary.
    CHECK(find("@twitter.com", true, "me@twitter.com!") == "@twitter.com");
    CHECK(find("#tag", true, "a#tag") == "#tag");
    CHECK_FALSE(find("#tag", true, "#tagged"));
    CHECK(find("from birdsite", true, "Posted from Birdsite.") == "from Birdsite");
}

TEST_CASE("filters: HTML as plain text", "[unit][filters]") {
    CHECK(html_to_plain_text("<p>Hello <a href=\"x\">@<span>bob</span></a></p><p>bye</p>") ==
          "Hello @bob\nbye");
    CHECK(html_to_plain_text("a<br>b<br />c") == "a\nb\nc");
    CHECK(html_to_plain_text("Tom &amp; Jerry &lt;3 &#233;t&#xE9; &bogus; &") ==
          "Tom & Jerry <3 été &bogus; &");
    CHECK(html_to_plain_text("<p>cut <b") == "cut ");
    // Tags never join the words around them into one.
    CHECK(find("cat", true, html_to_plain_text("<p>cat</p><p>dog</p>")) == "cat");
}

TEST_CASE("filters: the searchable text of a status", "[unit][filters]") {
    agora::Status local;
    local.local = true;
    local.text = "source text";
    local.content = "<p>rendered</p>";
    local.spoiler_text = "warning";
    auto text = agora::filterable_text(local, {"yes", "no"}, {"alt text"});
    CHECK(text == "warning\n\nsource text\n\nyes\n\nno\n\nalt text");
    agora::Status remote;
    remote.local = false;
    remote.content = "<p>from <b>afar</b></p>";
    CHECK(agora::filterable_text(remote, {}, {}) == "\n\nfrom afar");
}

// Page language: ?lang=, then Accept-Language, then the instance's languages.
#include "web/html.hpp"
#include "web/i18n.hpp"

#include <catch2/catch.hpp>

using namespace agora::web;

TEST_CASE("i18n: language choice", "[unit][web]") {
    std::vector<std::string> fr_first{"fr", "en"};
    CHECK(choose_language("en", "fr-FR", fr_first) == Lang::en);
    CHECK(choose_language("", "en-GB,en;q=0.9", fr_first) == Lang::en);
    CHECK(choose_language("", "de-DE, fr;q=0.8", fr_first) == Lang::fr);
    CHECK(choose_language("", "", fr_first) == Lang::fr);
    CHECK(choose_language("", "", {"de"}) == Lang::en);
    CHECK(tr(Lang::fr, "kind.public_body") == "Organisme public");
    CHECK(tr(Lang::en, "kind.public_body") == "Public body");
    CHECK(tr(Lang::en, "no.such.key") == "no.such.key");
}

TEST_CASE("html: escaping", "[unit][web]") {
    CHECK(escape("<script>alert('x')</script> & \"q\"") ==
          "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
}

// Reading fetched actor documents: what is required, what is kept, and remote HTML made safe.
#include "crypto/keys.hpp"
#include "federation/actor_reader.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using namespace agora::federation;
using nlohmann::json;

namespace {
const std::string& test_public_key() {
    static const std::string pem = crypto::generate_rsa_keypair().public_pem;
    return pem;
}

json actor(const std::string& id = "https://remote.example/users/bob") {
    return {{"@context", {"https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"}},
            {"id", id},
            {"type", "Person"},
            {"preferredUsername", "bob"},
            {"name", "Bob"},
            {"summary", "<p>Hello</p>"},
            {"inbox", id + "/inbox"},
            {"publicKey",
             {{"id", id + "#main-key"}, {"owner", id}, {"publicKeyPem", test_public_key()}}}};
}

constexpr std::int64_t now = 1'700'000'000'000;
const char* served = "https://remote.example/users/bob";
} // namespace

TEST_CASE("actor reader: a full document becomes a remote account", "[unit][actor_reader]") {
    auto doc = actor();
    doc["type"] = "Service";
    doc["url"] = {{"type", "Link"}, {"href", "https://remote.example/@bob"}};
    doc["outbox"] = "https://remote.example/users/bob/outbox";
    doc["followers"] = "https://remote.example/users/bob/followers";
    doc["following"] = "https://remote.example/users/bob/following";
    doc["featured"] = "https://remote.example/users/bob/collections/featured";
    doc["endpoints"] = {{"sharedInbox", "https://remote.example/inbox"}};
    doc["manuallyApprovesFollowers"] = true;
    doc["discoverable"] = true;
    doc["indexable"] = true;
    doc["published"] = "2023-04-05T06:07:08Z";
    doc["icon"] = {{"type", "Image"}, {"url", "https://media.remote.example/a.png"}};
    doc["image"] = {{"type", "Image"}, {"url", "https://media.remote.example/h.jpg"}};
    doc["attachment"] = {{{"type", "PropertyValue"},
                          {"name", "Site"},
                          {"value", "<a href=\"https://bob.example\">bob.example</a>"}},
                         {{"type", "IdentityProof"}, {"name", "x"}, {"value", "y"}}};
    doc["alsoKnownAs"] = {"https://old.example/users/bob"};
    doc["movedTo"] = "https://new.example/users/bob";

    auto read = read_actor(doc, served, now);
    REQUIRE(read);
    const auto& r = read->remote;
    CHECK(r.uri == "https://remote.example/users/bob");
    CHECK(r.account.username == "bob");
    CHECK(r.account.domain == "remote.example");
    CHECK(r.account.display_name == "Bob");
    CHECK(r.account.kind == AccountKind::bot);
    CHECK(r.actor_type == "Service");
    CHECK(r.account.locked);
    CHECK(r.account.discoverable);
    CHECK(r.account.public_key_pem == test_public_key());
    CHECK(r.account.created_at == 1680674828000);
    CHECK(r.key_id == "https://remote.example/users/bob#main-key");
    CHECK(r.inbox_url == "https://remote.example/users/bob/inbox");
    CHECK(r.shared_inbox_url == "https://remote.example/inbox");
    CHECK(r.outbox_url == "https://remote.example/users/bob/outbox");
    CHECK(r.followers_url == "https://remote.example/users/bob/followers");
    CHECK(r.following_url == "https://remote.example/users/bob/following");
    CHECK(r.featured_url == "https://remote.example/users/bob/collections/featured");
    CHECK(r.url == "https://remote.example/@bob");
    CHECK(r.also_known_as == std::vector<std::string>{"https://old.example/users/bob"});
    CHECK(r.moved_to_uri == "https://new.example/users/bob");
    CHECK(r.fetched_at == now);
    const auto& p = read->profile;
    CHECK(p.indexable);
    CHECK(p.avatar_remote_url == "https://media.remote.example/a.png");
    CHECK(p.header_remote_url == "https://media.remote.example/h.jpg");
    REQUIRE(p.fields.size() == 1);
    CHECK(p.fields[0].name == "Site");
    CHECK(p.fields[0].value == "bob.example");
    CHECK_THAT(p.fields[0].value_html, Catch::Contains("href=\"https://bob.example\"") &&
                                           Catch::Contains("rel=\"nofollow noopener noreferrer\""));
}

TEST_CASE("actor reader: types map to kinds, defaults when fields are absent",
          "[unit][actor_reader]") {
    for (auto [type, kind] :
         {std::pair{"Person", AccountKind::person}, std::pair{"Service", AccountKind::bot},
          std::pair{"Application", AccountKind::bot}, std::pair{"Group", AccountKind::group},
          std::pair{"Organization", AccountKind::organization}}) {
        auto doc = actor();
        doc["type"] = type;
        auto read = read_actor(doc, served, now);
        REQUIRE(read);
        CHECK(read->remote.account.kind == kind);
    }
    auto doc = actor();
    doc["type"] = {"Object", "Group"};
    CHECK(read_actor(doc, served, now)->remote.actor_type == "Group");
    auto read = read_actor(actor(), served, now);
    REQUIRE(read);
    CHECK_FALSE(read->remote.account.locked);
    CHECK_FALSE(read->remote.account.discoverable);
    CHECK(read->remote.account.created_at == now);
    CHECK_FALSE(read->remote.shared_inbox_url);
    CHECK_FALSE(read->remote.url);
    CHECK_FALSE(read->profile.avatar_remote_url);
    CHECK(read->profile.fields.empty());
}

TEST_CASE("actor reader: remote HTML is sanitised, names become plain text",
          "[unit][actor_reader]") {
    auto doc = actor();
    doc["name"] = "<script>alert(1)</script><b>Bob</b> <img src=x onerror=alert(1)>";
    doc["summary"] = "<p onclick=\"steal()\">Hi <script>alert(1)</script><a "
                     "href=\"javascript:alert(1)\">click</a> <iframe src=\"https://x\"></iframe>"
                     "<style>body{}</style></p>";
    doc["attachment"] = {{{"type", "PropertyValue"},
                          {"name", "<i>Web</i><script>x()</script>"},
                          {"value", "<a href=\"javascript:evil()\" onmouseover=\"x()\">go</a>"}}};
    auto read = read_actor(doc, served, now);
    REQUIRE(read);
    const auto& a = read->remote.account;
    CHECK(a.display_name == "Bob");
    for (const std::string& html : {a.note, read->profile.fields[0].value_html}) {
        INFO(html);
        CHECK_THAT(html, !Catch::Contains("script") && !Catch::Contains("onclick") &&
                             !Catch::Contains("javascript") && !Catch::Contains("iframe") &&
                             !Catch::Contains("onmouseover") && !Catch::Contains("style"));
    }
    CHECK_THAT(a.note, Catch::StartsWith("<p>Hi "));
    CHECK(read->profile.fields[0].name == "Web");
    CHECK(read->profile.fields[0].value == "go");
}

TEST_CASE("actor reader: a long display name is cut at a character boundary",
          "[unit][actor_reader]") {
    auto doc = actor();
    std::string name;
    for (int i = 0; i < 300; ++i)
        name += "\xc3\xa9"; // é, two bytes
    doc["name"] = name;
    auto read = read_actor(doc, served, now);
    REQUIRE(read);
    CHECK(read->remote.account.display_name.size() == 400);
    auto fields = json::array();
    for (int i = 0; i < 30; ++i)
        fields.push_back({{"type", "PropertyValue"}, {"name", "n"}, {"value", "v"}});
    doc["attachment"] = fields;
    CHECK(read_actor(doc, served, now)->profile.fields.size() == max_profile_fields);
}

TEST_CASE("actor reader: documents that are refused", "[unit][actor_reader]") {
    auto other_key = crypto::generate_rsa_keypair().public_pem;
    struct Case {
        const char* what;
        std::function<void(json&)> change;
        std::string served_from = served;
    };
    std::vector<Case> cases = {
        {"not an object", [](json& d) { d = json::array(); }},
        {"no id", [](json& d) { d.erase("id"); }},
        {"id not a URL", [](json& d) { d["id"] = "urn:x"; }},
        {"id from another origin than the one that served it", [](json&) {},
         "https://evil.example/users/bob"},
        {"id on another port", [](json&) {}, "https://remote.example:8443/users/bob"},
        {"id over another scheme", [](json&) {}, "http://remote.example/users/bob"},
        {"not an actor type", [](json& d) { d["type"] = "Note"; }},
        {"no type", [](json& d) { d.erase("type"); }},
        {"no preferredUsername", [](json& d) { d.erase("preferredUsername"); }},
        {"empty preferredUsername", [](json& d) { d["preferredUsername"] = ""; }},
        {"preferredUsername with @", [](json& d) { d["preferredUsername"] = "bob@evil.example"; }},
        {"preferredUsername with spaces", [](json& d) { d["preferredUsername"] = "b ob"; }},
        {"no inbox", [](json& d) { d.erase("inbox"); }},
        {"inbox not a URL", [](json& d) { d["inbox"] = "mailto:bob@example.org"; }},
        {"no publicKey", [](json& d) { d.erase("publicKey"); }},
        {"publicKey owner is another actor",
         [](json& d) { d["publicKey"]["owner"] = "https://remote.example/users/alice"; }},
        {"publicKey id on another origin",
         [](json& d) { d["publicKey"]["id"] = "https://evil.example/users/bob#main-key"; }},
        {"publicKey without PEM", [](json& d) { d["publicKey"].erase("publicKeyPem"); }},
        {"publicKey PEM garbage", [](json& d) { d["publicKey"]["publicKeyPem"] = "garbage"; }},
        {"publicKey as a bare reference",
         [](json& d) { d["publicKey"] = "https://remote.example/users/bob#main-key"; }},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        auto doc = actor();
        c.change(doc);
        CHECK_FALSE(read_actor(doc, c.served_from, now));
    }
    // Of several keys, the one the actor owns is kept.
    auto doc = actor();
    doc["publicKey"] = json::array({{{"id", "https://remote.example/users/alice#main-key"},
                                     {"owner", "https://remote.example/users/alice"},
                                     {"publicKeyPem", other_key}},
                                    doc["publicKey"]});
    auto read = read_actor(doc, served, now);
    REQUIRE(read);
    CHECK(read->remote.key_id == "https://remote.example/users/bob#main-key");
    CHECK(read->remote.account.public_key_pem == test_public_key());
}

TEST_CASE("actor reader: url on another host, bad icon URLs are dropped", "[unit][actor_reader]") {
    auto doc = actor();
    doc["url"] = "https://phishing.example/@bob";
    doc["icon"] = {{"type", "Image"}, {"url", "javascript:alert(1)"}};
    doc["alsoKnownAs"] = {"not a url", "https://old.example/users/bob"};
    auto read = read_actor(doc, served, now);
    REQUIRE(read);
    CHECK_FALSE(read->remote.url);
    CHECK_FALSE(read->profile.avatar_remote_url);
    CHECK(read->remote.also_known_as == std::vector<std::string>{"https://old.example/users/bob"});
}

TEST_CASE("actor reader: ISO 8601 instants", "[unit][actor_reader]") {
    CHECK(parse_iso8601("1970-01-01T00:00:00Z") == 0);
    CHECK(parse_iso8601("2023-04-05T06:07:08.5Z") == 1680674828500);
    CHECK(parse_iso8601("2023-04-05T08:07:08+02:00") == 1680674828000);
    CHECK_FALSE(parse_iso8601("2023-04-05"));
    CHECK_FALSE(parse_iso8601("2023-04-05T06:07:08"));
    CHECK_FALSE(parse_iso8601("2023-13-05T06:07:08Z"));
    CHECK_FALSE(parse_iso8601("yesterday at noon!!"));
}

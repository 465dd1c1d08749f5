// Profiles over HTTP: update_credentials by form, JSON and multipart (names, note, fields, flags,
// posting defaults, avatar and header), refusals that write nothing, preferences, the actor
// document that follows, hidden collections, and unlocking.
#include "rig/member.hpp"
#include "rig/test_images.hpp"
#include "rig/test_node.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace agora;
using nlohmann::json;
using testing::answer;
using testing::call;
using testing::Member;
using testing::member;

namespace {
const std::string base = "https://agora.test";
const std::string marker = "agora-profile-secret";
const httplib::Headers activity_accept{{"Accept", "application/activity+json"}};

json patch_form(httplib::Client& client, const Member& who, const std::string& body,
                int expected = 200) {
    return answer(client.Patch("/api/v1/accounts/update_credentials", who.auth(), body,
                               "application/x-www-form-urlencoded"),
                  expected);
}

json patch_json(httplib::Client& client, const Member& who, const json& body, int expected = 200) {
    return answer(client.Patch("/api/v1/accounts/update_credentials", who.auth(), body.dump(),
                               "application/json"),
                  expected);
}

struct Part {
    std::string name;
    std::string body;
    std::string filename; // empty: a text field
};

// cpp-httplib 0.11 sends multipart bodies with POST only: this builds one for PATCH.
json patch_multipart(httplib::Client& client, const Member& who, const std::vector<Part>& parts,
                     int expected = 200) {
    const std::string boundary = "agoraProfileBoundary7MA4YWxk";
    std::string body;
    for (const auto& p : parts) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
        if (!p.filename.empty())
            body += "; filename=\"" + p.filename + "\"\r\nContent-Type: application/octet-stream";
        body += "\r\n\r\n" + p.body + "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    return answer(client.Patch("/api/v1/accounts/update_credentials", who.auth(), body,
                               "multipart/form-data; boundary=" + boundary),
                  expected);
}

std::string path_of(const json& url) {
    std::string text = url.get<std::string>();
    REQUIRE(text.starts_with(base));
    return text.substr(base.size());
}

json get_activity(httplib::Client& client, const std::string& path) {
    auto res = client.Get(path, activity_accept);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body);
}

std::vector<std::filesystem::path> stored_files(testing::TestNode& t) {
    std::vector<std::filesystem::path> out;
    auto root = t.dir() / "media";
    if (!std::filesystem::exists(root)) return out;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
        if (entry.is_regular_file()) out.push_back(entry.path());
    return out;
}

std::string repeated(const std::string& piece, int times) {
    std::string out;
    for (int i = 0; i < times; ++i)
        out += piece;
    return out;
}
} // namespace

TEST_CASE("profile: a form update changes names, note, fields, flags and defaults",
          "[api][profile]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    auto me = patch_form(
        client, alice,
        "display_name=++Alice+Martin++&note=Mairie+de+%23Lyon%2C+see+https%3A%2F%2Fexample.org+"
        "and+%40bob&locked=true&bot=1&discoverable=false&hide_collections=true&indexable=true&"
        "source%5Bprivacy%5D=private&source%5Bsensitive%5D=true&source%5Blanguage%5D=fr&"
        "fields_attributes%5B0%5D%5Bname%5D=Site&fields_attributes%5B0%5D%5Bvalue%5D="
        "https%3A%2F%2Fexample.org%2Fmairie&fields_attributes%5B1%5D%5Bname%5D=&"
        "fields_attributes%5B1%5D%5Bvalue%5D=&fields_attributes%5B2%5D%5Bname%5D=Pronoms&"
        "fields_attributes%5B2%5D%5Bvalue%5D=elle%0Aon+two+lines");
    CHECK(me["id"] == alice.id());
    CHECK(me["display_name"] == "Alice Martin"); // stripped, as Mastodon does
    std::string note = me["note"];
    INFO(note);
    CHECK(note.starts_with("<p>Mairie de <a href=\"https://agora.test/tags/Lyon\""));
    CHECK(note.find("href=\"https://example.org\"") != std::string::npos);
    CHECK(note.find("href=\"https://agora.test/@bob\"") != std::string::npos);
    CHECK(me["locked"] == true);
    CHECK(me["bot"] == true);
    CHECK(me["agora"]["kind"] == "bot");
    CHECK(me["discoverable"] == false);
    CHECK(me["hide_collections"] == true);
    CHECK(me["indexable"] == true);
    REQUIRE(me["fields"].size() == 2); // the blank pair is dropped
    CHECK(me["fields"][0]["name"] == "Site");
    std::string value = me["fields"][0]["value"];
    CHECK(value.starts_with("<a href=\"https://example.org/mairie\""));
    CHECK(value.find("<p>") == std::string::npos);
    CHECK(value.find("rel=\"nofollow noopener me\"") != std::string::npos);
    CHECK(me["fields"][0]["verified_at"].is_null());
    CHECK(me["fields"][1]["name"] == "Pronoms");
    CHECK(me["source"]["note"] == "Mairie de #Lyon, see https://example.org and @bob");
    CHECK(me["source"]["privacy"] == "private");
    CHECK(me["source"]["sensitive"] == true);
    CHECK(me["source"]["language"] == "fr");
    CHECK(me["source"]["hide_collections"] == true);
    CHECK(me["source"]["indexable"] == true);
    CHECK(me["source"]["discoverable"] == false);
    CHECK(me["source"]["fields"] ==
          json::parse(R"([{"name":"Site","value":"https://example.org/mairie","verified_at":null},
                         {"name":"Pronoms","value":"elle\non two lines","verified_at":null}])"));
    CHECK(me["role"].is_object());

    // Read back by its owner and by someone else.
    auto verified = call(client, "GET", "/api/v1/accounts/verify_credentials", alice);
    CHECK(verified["source"] == me["source"]);
    CHECK(verified["note"] == me["note"]);
    auto seen = call(client, "GET", "/api/v1/accounts/" + alice.id(), bob);
    CHECK(seen["display_name"] == "Alice Martin");
    CHECK(seen["fields"] == me["fields"]);
    CHECK(!seen.contains("source"));

    // An update changes only what it names.
    auto again = patch_form(client, alice, "display_name=Alice");
    CHECK(again["display_name"] == "Alice");
    CHECK(again["note"] == me["note"]);
    CHECK(again["fields"] == me["fields"]);
    CHECK(again["locked"] == true);
    CHECK(again["source"]["privacy"] == "private");

    // The preferences and new statuses follow the posting defaults.
    auto prefs = call(client, "GET", "/api/v1/preferences", alice);
    CHECK(prefs["posting:default:visibility"] == "private");
    CHECK(prefs["posting:default:sensitive"] == true);
    CHECK(prefs["posting:default:language"] == "fr");
    CHECK(call(client, "GET", "/api/v1/preferences", bob)["posting:default:visibility"] ==
          "public");
    auto by_default = call(client, "POST", "/api/v1/statuses", alice, "status=bonjour");
    CHECK(by_default["visibility"] == "private");
    CHECK(by_default["sensitive"] == true);
    CHECK(by_default["language"] == "fr");
    auto chosen = call(client, "POST", "/api/v1/statuses", alice,
                       "status=hello&visibility=public&sensitive=false&language=en");
    CHECK(chosen["visibility"] == "public");
    CHECK(chosen["sensitive"] == false);
    CHECK(chosen["language"] == "en");

    // Clearing: an empty note, no fields, no language, back to defaults.
    auto cleared = patch_form(client, alice,
                              "note=&source%5Blanguage%5D=&source%5Bprivacy%5D=unlisted&bot=false&"
                              "fields_attributes%5B0%5D%5Bname%5D=&"
                              "fields_attributes%5B0%5D%5Bvalue%5D=");
    CHECK(cleared["note"] == "");
    CHECK(cleared["source"]["note"] == "");
    CHECK(cleared["fields"] == json::array());
    CHECK(cleared["source"]["language"].is_null());
    CHECK(cleared["source"]["privacy"] == "unlisted");
    CHECK(cleared["bot"] == false);
    CHECK(cleared["agora"]["kind"] == "person");
    CHECK(call(client, "POST", "/api/v1/statuses", alice, "status=x")["visibility"] == "unlisted");
}

TEST_CASE("profile: JSON bodies, with fields as an array or an object", "[api][profile]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    auto me = patch_json(
        client, alice,
        {{"display_name", "Alice"},
         {"locked", true},
         {"source", {{"privacy", "unlisted"}, {"sensitive", true}, {"language", "de"}}},
         {"fields_attributes",
          json::array({{{"name", "A"}, {"value", "1"}}, {{"name", "B"}, {"value", "2"}}})}});
    CHECK(me["display_name"] == "Alice");
    CHECK(me["locked"] == true);
    CHECK(me["source"]["privacy"] == "unlisted");
    CHECK(me["source"]["sensitive"] == true);
    CHECK(me["source"]["language"] == "de");
    REQUIRE(me["fields"].size() == 2);
    CHECK(me["fields"][0]["name"] == "A");
    CHECK(me["fields"][1]["value"] == "2");

    // Rails' object form, keys in numeric order (10 after 2).
    me = patch_json(client, alice,
                    {{"fields_attributes",
                      {{"10", {{"name", "Last"}, {"value", "z"}}},
                       {"2", {{"name", "First"}, {"value", "a"}}}}}});
    REQUIRE(me["fields"].size() == 2);
    CHECK(me["fields"][0]["name"] == "First");
    CHECK(me["fields"][1]["name"] == "Last");
    CHECK(me["display_name"] == "Alice"); // untouched

    // An empty array clears the fields; JSON null leaves a value alone.
    me = patch_json(client, alice, {{"fields_attributes", json::array()}, {"note", nullptr}});
    CHECK(me["fields"] == json::array());
    CHECK(me["locked"] == true);

    // Malformed JSON is a 400.
    answer(client.Patch("/api/v1/accounts/update_credentials", alice.auth(),
                        "{\"display_name\":", "application/json"),
           400);
}

TEST_CASE("profile: refused updates write nothing", "[api][profile]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    patch_form(client, alice, "display_name=Before&note=before");
    auto before = call(client, "GET", "/api/v1/accounts/verify_credentials", alice);

    struct Case {
        std::string body;
        std::string message;
    };
    std::string five_fields;
    for (int i = 0; i < 5; ++i)
        five_fields += "&fields_attributes%5B" + std::to_string(i) + "%5D%5Bname%5D=n" +
                       std::to_string(i) + "&fields_attributes%5B" + std::to_string(i) +
                       "%5D%5Bvalue%5D=v";
    std::vector<Case> cases = {
        {"display_name=" + repeated("a", 31) + "&note=changed",
         "Validation failed: Display name is too long (maximum is 30 characters)"},
        {"display_name=changed&note=" + repeated("b", 501),
         "Validation failed: Note character limit of 500 exceeded"},
        {"display_name=changed" + five_fields,
         "Validation failed: Fields is too long (maximum is 4 fields)"},
        {"display_name=changed&fields_attributes%5B0%5D%5Bname%5D=&"
         "fields_attributes%5B0%5D%5Bvalue%5D=orphan",
         "Validation failed: Fields contains values with missing labels"},
        {"display_name=changed&fields_attributes%5B0%5D%5Bname%5D=n&"
         "fields_attributes%5B0%5D%5Bvalue%5D=" +
             repeated("v", 256),
         "Validation failed: Fields value is too long (maximum is 255 characters)"},
        {"display_name=changed&source%5Bprivacy%5D=direct",
         "Validation failed: Privacy is not included in the list"},
        {"display_name=changed&source%5Bprivacy%5D=everyone",
         "Validation failed: Privacy is not included in the list"},
        {"display_name=changed&source%5Blanguage%5D=French",
         "Validation failed: Language is not a valid ISO 639 code"},
        {"display_name=%FF%FE", "Validation failed: Display name is not valid UTF-8 text"},
    };
    for (const auto& c : cases) {
        INFO(c.body.substr(0, 120));
        auto error = patch_form(client, alice, c.body, 422);
        CHECK(error["error"] == c.message);
    }
    // Not an image, and an image too large to be an animated avatar: nothing is kept either.
    auto refused = patch_multipart(
        client, alice, {{"display_name", "changed", ""}, {"avatar", "just some text", "a.png"}},
        422);
    CHECK(refused["error"].get<std::string>().starts_with(
        "Validation failed: Avatar file content type is invalid"));
    refused = patch_multipart(client, alice,
                              {{"display_name", "changed", ""},
                               {"avatar", testing::make_image("png", 64, 64), "a.png"},
                               {"header", testing::make_image("gif", 1600, 400, 2), "h.gif"}},
                              422);
    CHECK(refused["error"].get<std::string>().starts_with(
        "Validation failed: Header file dimensions are too large"));
    CHECK(stored_files(t).empty()); // the avatar processed before the refusal is gone too

    auto after = call(client, "GET", "/api/v1/accounts/verify_credentials", alice);
    CHECK(after == before);

    // 30 characters are fine, even outside ASCII (characters, not bytes, are counted).
    auto accented = patch_form(client, alice, "display_name=" + repeated("%C3%A9", 30));
    CHECK(accented["display_name"] == repeated("\xC3\xA9", 30));

    // Who may call it.
    answer(client.Patch("/api/v1/accounts/update_credentials", "display_name=x",
                        "application/x-www-form-urlencoded"),
           401);
    Member reader{alice.created, t.token_for(alice.created.account, "read")};
    patch_form(client, reader, "display_name=x", 403);
    Member scoped{alice.created, t.token_for(alice.created.account, "write:accounts")};
    CHECK(patch_form(client, scoped, "display_name=Scoped")["display_name"] == "Scoped");
}

TEST_CASE("profile: avatar and header are processed, stripped, served and replaced",
          "[api][profile]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    auto fresh = call(client, "GET", "/api/v1/accounts/" + alice.id(), bob);
    CHECK(fresh["avatar"] == base + "/avatars/original/missing.png");
    CHECK(fresh["header_static"] == base + "/headers/original/missing.png");

    auto me =
        patch_multipart(client, alice,
                        {{"display_name", "With pictures", ""},
                         {"avatar", testing::jpeg_with_metadata(800, 600, 6, marker), "a.jpg"},
                         {"header", testing::png_with_metadata(3000, 600, marker), "h.png"},
                         {"source[privacy]", "unlisted", ""},
                         {"fields_attributes[0][name]", "Site", ""},
                         {"fields_attributes[0][value]", "https://example.org", ""}});
    CHECK(me["display_name"] == "With pictures");
    CHECK(me["source"]["privacy"] == "unlisted");
    CHECK(me["fields"][0]["name"] == "Site");
    std::string avatar = me["avatar"];
    CHECK(avatar.starts_with(base + "/system/accounts/avatars/" + alice.id() + "/original/"));
    CHECK(avatar.ends_with(".jpg"));
    CHECK(me["avatar_static"] == avatar); // a still image is its own static version
    std::string header = me["header"];
    CHECK(header.starts_with(base + "/system/accounts/headers/" + alice.id() + "/original/"));
    CHECK(me["header_static"] == header);
    CHECK(call(client, "GET", "/api/v1/accounts/" + alice.id(), bob)["avatar"] == avatar);

    auto file = client.Get(path_of(me["avatar"]));
    REQUIRE(file);
    REQUIRE(file->status == 200);
    CHECK(file->get_header_value("Content-Type") == "image/jpeg");
    CHECK(file->get_header_value("Cache-Control").starts_with("public"));
    CHECK(file->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(file->body.find(marker) == std::string::npos);
    auto decoded = testing::decode_image(file->body);
    REQUIRE(decoded);
    // 800x600 with orientation 6 stands up as 600x800, then fits into 400x400.
    CHECK(decoded->width == 300);
    CHECK(decoded->height == 400);
    CHECK(!decoded->has_exif);
    CHECK(!decoded->has_gps);
    CHECK(!decoded->has_xmp);

    auto header_file = client.Get(path_of(me["header"]));
    REQUIRE(header_file);
    REQUIRE(header_file->status == 200);
    CHECK(header_file->get_header_value("Content-Type") == "image/png");
    CHECK(header_file->body.find(marker) == std::string::npos);
    auto header_image = testing::decode_image(header_file->body);
    REQUIRE(header_image);
    CHECK(header_image->width == 1500);
    CHECK(header_image->height == 300);

    // A wrong name, a wrong account or a wrong style finds nothing.
    std::string avatar_path = path_of(me["avatar"]);
    std::string name = avatar_path.substr(avatar_path.rfind('/') + 1);
    for (std::string wrong : {"/system/accounts/avatars/" + alice.id() + "/original/x" + name,
                              "/system/accounts/avatars/" + bob.id() + "/original/" + name,
                              "/system/accounts/avatars/" + alice.id() + "/static/" + name,
                              "/system/accounts/headers/" + alice.id() + "/original/" + name,
                              "/system/accounts/banners/" + alice.id() + "/original/" + name}) {
        INFO(wrong);
        auto res = client.Get(wrong);
        REQUIRE(res);
        CHECK(res->status == 404);
    }
    CHECK(stored_files(t).size() == 2);

    // An animated avatar keeps its animation; its static version is the first frame.
    auto animated = patch_multipart(client, alice,
                                    {{"avatar", testing::make_image("gif", 120, 120, 3), "a.gif"}});
    CHECK(animated["avatar"] != avatar);
    CHECK(animated["avatar"].get<std::string>().ends_with(".gif"));
    CHECK(animated["avatar_static"] != animated["avatar"]);
    CHECK(animated["avatar_static"].get<std::string>().find("/static/") != std::string::npos);
    CHECK(animated["header"] == header); // untouched
    auto gif = client.Get(path_of(animated["avatar"]));
    REQUIRE(gif);
    REQUIRE(gif->status == 200);
    CHECK(testing::decode_image(gif->body)->pages == 3);
    auto still = client.Get(path_of(animated["avatar_static"]));
    REQUIRE(still);
    REQUIRE(still->status == 200);
    auto still_image = testing::decode_image(still->body);
    REQUIRE(still_image);
    CHECK(still_image->pages == 1);
    CHECK(still_image->width == 120);
    // The replaced avatar's file is gone.
    auto old = client.Get(avatar_path);
    REQUIRE(old);
    CHECK(old->status == 404);
    CHECK(stored_files(t).size() == 3); // animated avatar, its first frame, the header

    // Removing the avatar brings the default back and removes the files.
    auto removed = answer(client.Delete("/api/v1/profile/avatar", alice.auth()), 200);
    CHECK(removed["avatar"] == base + "/avatars/original/missing.png");
    CHECK(removed["avatar_static"] == base + "/avatars/original/missing.png");
    CHECK(removed["header"] == header);
    CHECK(stored_files(t).size() == 1);
    answer(client.Delete("/api/v1/profile/header", alice.auth()), 200);
    CHECK(stored_files(t).empty());
    answer(client.Delete("/api/v1/profile/header", alice.auth()), 200); // nothing left: fine
}

TEST_CASE("profile: the actor document follows the profile", "[api][profile]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    auto before = get_activity(client, "/users/alice");
    CHECK(before["name"] == "alice (display)");
    CHECK(before["attachment"] == json::array());
    CHECK(!before.contains("icon"));
    CHECK(!before.contains("image"));

    auto me = patch_multipart(client, alice,
                              {{"display_name", "Alice M.", ""},
                               {"note", "Bonjour #agora", ""},
                               {"locked", "true", ""},
                               {"indexable", "true", ""},
                               {"avatar", testing::make_image("png", 64, 64), "a.png"},
                               {"header", testing::make_image("jpg", 300, 100), "h.jpg"},
                               {"fields_attributes[0][name]", "Site", ""},
                               {"fields_attributes[0][value]", "https://example.org", ""}});
    auto actor = get_activity(client, "/users/alice");
    CHECK(actor["name"] == "Alice M.");
    CHECK(actor["summary"] == me["note"]);
    CHECK(actor["summary"].get<std::string>().find("/tags/agora") != std::string::npos);
    CHECK(actor["manuallyApprovesFollowers"] == true);
    CHECK(actor["indexable"] == true);
    CHECK(actor["icon"] ==
          json({{"type", "Image"}, {"mediaType", "image/png"}, {"url", me["avatar"]}}));
    CHECK(actor["image"] ==
          json({{"type", "Image"}, {"mediaType", "image/jpeg"}, {"url", me["header"]}}));
    REQUIRE(actor["attachment"].size() == 1);
    CHECK(actor["attachment"][0]["type"] == "PropertyValue");
    CHECK(actor["attachment"][0]["name"] == "Site");
    CHECK(actor["attachment"][0]["value"] == me["fields"][0]["value"]);
    bool has_property_value = false;
    for (const auto& item : actor["@context"])
        if (item.is_object() && item.contains("PropertyValue")) has_property_value = true;
    CHECK(has_property_value);

    // The HTML profile page shows the new note too.
    auto page = client.Get("/@alice");
    REQUIRE(page);
    CHECK(page->body.find("/tags/agora") != std::string::npos);
}

TEST_CASE("profile: hidden collections, and unlocking accepts waiting requests", "[api][profile]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto carol = member(t, "carol");
    auto client = t.client();
    call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", bob);
    patch_form(client, alice, "hide_collections=true&locked=true");
    CHECK(call(client, "GET", "/api/v1/accounts/" + alice.id() + "/followers", carol).empty());
    CHECK(call(client, "GET", "/api/v1/accounts/" + bob.id() + "/following", carol).size() == 1);
    CHECK(call(client, "GET", "/api/v1/accounts/" + alice.id() + "/followers", alice).size() == 1);
    auto collection = get_activity(client, "/users/alice/followers");
    CHECK(collection["totalItems"] == 1);
    CHECK(get_activity(client, "/users/alice/followers?page=1")["orderedItems"] == json::array());
    CHECK(get_activity(client, "/users/bob/following?page=1")["orderedItems"].size() == 1);

    // Carol asks (alice is locked), then alice unlocks: carol follows.
    auto asked = call(client, "POST", "/api/v1/accounts/" + alice.id() + "/follow", carol);
    CHECK(asked["requested"] == true);
    CHECK(asked["following"] == false);
    patch_form(client, alice, "locked=false&hide_collections=false");
    auto now = call(client, "GET", "/api/v1/accounts/relationships?id[]=" + alice.id(), carol);
    CHECK(now[0]["following"] == true);
    CHECK(now[0]["requested"] == false);
    CHECK(call(client, "GET", "/api/v1/follow_requests", alice).empty());
    CHECK(call(client, "GET", "/api/v1/accounts/" + alice.id() + "/followers", carol).size() == 2);
}

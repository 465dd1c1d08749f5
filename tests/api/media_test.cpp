// Media attachments over HTTP: uploads of each format, metadata stripping, sizes, alt text and
// focus, refusals that write nothing, body limits, other people's media, statuses with media,
// only_media, and who may load the files of a private status.
#include "rig/raw_connection.hpp"
#include "rig/test_images.hpp"
#include "rig/test_node.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "util/ids.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace agora;
using nlohmann::json;

namespace {
const std::string base = "https://agora.test";
const std::string marker = "agora-secret-marker";

struct Member {
    CreatedAccount created;
    std::string token;
    httplib::Headers auth() const { return {{"Authorization", "Bearer " + token}}; }
    std::string id() const { return std::to_string(created.account.id); }
};

Member member(testing::TestNode& t, const std::string& name,
              const std::string& scopes = "read write follow") {
    auto created = t.create_account(name);
    return {created, t.token_for(created.account, scopes)};
}

json answer(const httplib::Result& res, int expected) {
    REQUIRE(res);
    INFO(res->status << " " << res->body.substr(0, 300));
    REQUIRE(res->status == expected);
    return res->body.empty() ? json() : json::parse(res->body, nullptr, false);
}

json upload(httplib::Client& client, const Member& who, const std::string& bytes,
            int expected = 200, httplib::MultipartFormDataItems extra = {},
            const std::string& path = "/api/v2/media") {
    extra.insert(extra.begin(), {"file", bytes, "picture.jpg", "image/jpeg"});
    return answer(client.Post(path.c_str(), who.auth(), extra), expected);
}

json post_status(httplib::Client& client, const Member& who, const json& body, int expected = 200) {
    return answer(client.Post("/api/v1/statuses", who.auth(), body.dump(), "application/json"),
                  expected);
}

json get(httplib::Client& client, const std::string& path, const httplib::Headers& headers,
         int expected = 200) {
    return answer(client.Get(path.c_str(), headers), expected);
}

// The path of a URL the node generated (its public URL is https://agora.test).
std::string path_of(const json& url) {
    std::string text = url.get<std::string>();
    REQUIRE(text.starts_with(base));
    return text.substr(base.size());
}

std::int64_t count(testing::TestNode& t, const std::string& sql) {
    auto conn = t.node().database().acquire();
    auto st = conn->query(sql);
    st.step();
    return st.int64(0);
}

std::vector<std::filesystem::path> stored_files(testing::TestNode& t) {
    std::vector<std::filesystem::path> out;
    auto root = t.dir() / "media";
    if (!std::filesystem::exists(root)) return out;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
        if (entry.is_regular_file()) out.push_back(entry.path());
    return out;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

void follow(testing::TestNode& t, const Member& follower, const Member& target) {
    auto conn = t.node().database().acquire();
    store::insert_follow(*conn, next_id(), follower.created.account.id, target.created.account.id,
                         0);
}
} // namespace

TEST_CASE("media: each format is uploaded, described and served", "[api][media]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    struct Case {
        std::string bytes;
        std::string stored_type;
        std::string path;
    };
    std::vector<Case> cases = {
        {testing::make_image("jpg", 120, 80), "image/jpeg", "/api/v2/media"},
        {testing::make_image("png", 120, 80), "image/png", "/api/v1/media"},
        {testing::make_image("webp", 120, 80), "image/webp", "/api/v2/media"},
        {testing::make_image("gif", 120, 80), "image/png", "/api/v2/media"}, // a still GIF
        {testing::make_image("gif", 120, 80, 3), "image/gif", "/api/v2/media"},
    };
    for (const auto& c : cases) {
        INFO(c.stored_type << " via " << c.path);
        auto m = upload(client, alice, c.bytes, 200, {}, c.path);
        std::string id = m["id"];
        CHECK(std::stoll(id) > 0);
        CHECK(m["type"] == "image"); // animated GIFs too: no video transcoding (Mastodon: gifv)
        CHECK(m["url"].get<std::string>().starts_with(base + "/system/media_attachments/files/" +
                                                      id + "/original/"));
        CHECK(m["preview_url"].get<std::string>().starts_with(
            base + "/system/media_attachments/files/" + id + "/small/"));
        CHECK(m["remote_url"].is_null());
        CHECK(m["description"].is_null());
        CHECK(m["blurhash"].get<std::string>().size() == 28);
        CHECK(m["meta"]["original"]["width"] == 120);
        CHECK(m["meta"]["original"]["height"] == 80);
        CHECK(m["meta"]["original"]["size"] == "120x80");
        CHECK(m["meta"]["original"]["aspect"].get<double>() == Approx(1.5));
        CHECK(m["meta"]["small"]["width"] == 120); // already small: not scaled up
        CHECK(m["meta"]["focus"] == json({{"x", 0.0}, {"y", 0.0}}));

        auto file = client.Get(path_of(m["url"]).c_str());
        REQUIRE(file);
        CHECK(file->status == 200);
        CHECK(file->get_header_value("Content-Type") == c.stored_type);
        CHECK(file->get_header_value("X-Content-Type-Options") == "nosniff");
        CHECK(file->get_header_value("Cache-Control").starts_with("private"));
        auto decoded = testing::decode_image(file->body);
        REQUIRE(decoded);
        CHECK(decoded->width == 120);
        CHECK(decoded->height == 80);
        CHECK(decoded->pages == (c.stored_type == "image/gif" ? 3 : 1));
        auto preview = client.Get(path_of(m["preview_url"]).c_str());
        REQUIRE(preview);
        CHECK(preview->status == 200);
        auto small = testing::decode_image(preview->body);
        REQUIRE(small);
        CHECK(small->width == m["meta"]["small"]["width"]);
        CHECK(small->pages == 1); // an animation's preview is its first frame

        CHECK(get(client, "/api/v1/media/" + id, alice.auth()) == m);
        auto head = client.Head(path_of(m["url"]).c_str());
        REQUIRE(head);
        CHECK(head->status == 200);
    }
    CHECK(count(t, "SELECT COUNT(*) FROM media_attachments") == 5);
    CHECK(stored_files(t).size() == 10); // an original and a preview each
}

TEST_CASE("media: EXIF with GPS, XMP and comments are stripped; orientation applied",
          "[api][media]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    auto jpeg = testing::jpeg_with_metadata(300, 200, 6, marker);
    auto original = testing::decode_image(jpeg);
    REQUIRE(original);
    REQUIRE(original->has_gps); // the upload really carries a position
    REQUIRE(original->orientation == 6);

    auto m = upload(client, alice, jpeg);
    CHECK(m["meta"]["original"]["width"] == 200); // a quarter turn, as the EXIF says
    CHECK(m["meta"]["original"]["height"] == 300);
    auto served = client.Get(path_of(m["url"]).c_str());
    REQUIRE(served);
    auto decoded = testing::decode_image(served->body);
    REQUIRE(decoded);
    CHECK_FALSE(decoded->has_exif);
    CHECK_FALSE(decoded->has_gps);
    CHECK_FALSE(decoded->has_xmp);
    CHECK(decoded->orientation == 1);
    CHECK(decoded->width == 200);

    // Nothing stored on disk carries any of it.
    auto files = stored_files(t);
    REQUIRE(files.size() == 2);
    for (const auto& f : files) {
        auto bytes = read_file(f);
        INFO(f);
        CHECK(bytes.find(marker) == std::string::npos);
        CHECK(bytes.find("Exif") == std::string::npos);
        CHECK(bytes.find("GPS") == std::string::npos);
        CHECK(bytes.find("http://ns.adobe.com/xap") == std::string::npos);
    }

    // The other formats lose theirs too.
    for (const auto& bytes :
         {testing::png_with_metadata(40, 30, marker), testing::webp_with_metadata(40, 30, marker),
          testing::gif_with_comment(40, 30, 2, marker)}) {
        REQUIRE(bytes.find(marker) != std::string::npos);
        auto media = upload(client, alice, bytes);
        auto file = client.Get(path_of(media["url"]).c_str());
        REQUIRE(file);
        CHECK(file->body.find(marker) == std::string::npos);
        CHECK_FALSE(testing::decode_image(file->body)->has_exif);
    }
}

TEST_CASE("media: large images are scaled down, previews are small", "[api][media]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    auto m = upload(client, alice, testing::make_image("jpg", 4000, 3000));
    int width = m["meta"]["original"]["width"], height = m["meta"]["original"]["height"];
    CHECK(width * height <= 8'294'400); // Mastodon's area for originals (3840x2160)
    CHECK(width >= 3300);
    CHECK(m["meta"]["original"]["aspect"].get<double>() == Approx(4.0 / 3).epsilon(0.01));
    int small_width = m["meta"]["small"]["width"], small_height = m["meta"]["small"]["height"];
    CHECK(small_width * small_height <= 230'400); // Mastodon's `small` (640x360)
    CHECK(small_width >= 540);
    CHECK(m["meta"]["small"]["size"] ==
          std::to_string(small_width) + "x" + std::to_string(small_height));
    auto file = client.Get(path_of(m["url"]).c_str());
    REQUIRE(file);
    auto decoded = testing::decode_image(file->body);
    REQUIRE(decoded);
    CHECK(decoded->width == width);
    CHECK(decoded->height == height);
    auto preview = testing::decode_image(client.Get(path_of(m["preview_url"]).c_str())->body);
    REQUIRE(preview);
    CHECK(preview->width == small_width);
    CHECK(preview->height == small_height);
}

TEST_CASE("media: alt text and focal point", "[api][media]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    auto m = upload(client, alice, testing::make_image("png", 20, 20), 200,
                    {{"description", "Un chat qui dort", "", ""}, {"focus", "0.5,-0.25", "", ""}});
    std::string id = m["id"];
    CHECK(m["description"] == "Un chat qui dort");
    CHECK(m["meta"]["focus"] == json({{"x", 0.5}, {"y", -0.25}}));

    auto path = "/api/v1/media/" + id;
    auto put_json = [&](const json& body, int expected = 200) {
        return answer(client.Put(path.c_str(), alice.auth(), body.dump(), "application/json"),
                      expected);
    };
    auto updated = put_json({{"description", "Deux chats"}, {"focus", "-1,1"}});
    CHECK(updated["description"] == "Deux chats");
    CHECK(updated["meta"]["focus"] == json({{"x", -1.0}, {"y", 1.0}}));
    CHECK(get(client, path, alice.auth())["description"] == "Deux chats");

    // Form-encoded and multipart bodies are read the same; an empty text clears the alt text.
    CHECK(answer(client.Put(path.c_str(), alice.auth(), "description=",
                            "application/x-www-form-"
                            "urlencoded"),
                 200)["description"]
              .is_null());
    CHECK(answer(client.Put(path.c_str(), alice.auth(),
                            httplib::MultipartFormDataItems{{"description", "Trois", "", ""}}),
                 200)["description"] == "Trois");
    std::string longest;
    for (int i = 0; i < 1500; ++i)
        longest += "é"; // 1500 characters, 3000 bytes
    CHECK(put_json({{"description", longest}})["description"] == longest);

    // Refusals change nothing.
    CHECK(put_json({{"description", longest + "x"}}, 422)["error"] ==
          "Validation failed: Description is too long (maximum is 1500 characters)");
    for (const char* focus : {"2,0", "0,-1.5", "abc", "0.5", "0.5,", ",0.5", "nan,0", "1e9,0"}) {
        INFO(focus);
        CHECK(put_json({{"focus", focus}}, 422)["error"].get<std::string>().find("Focus") !=
              std::string::npos);
    }
    answer(client.Put(path.c_str(), alice.auth(), "description=%FF%FE",
                      "application/x-www-form-urlencoded"),
           422);
    auto unchanged = get(client, path, alice.auth());
    CHECK(unchanged["description"] == longest);
    CHECK(unchanged["meta"]["focus"] == json({{"x", -1.0}, {"y", 1.0}}));
    upload(client, alice, testing::make_image("png", 20, 20), 422, {{"focus", "3,3", "", ""}});
    upload(client, alice, testing::make_image("png", 20, 20), 422,
           {{"description", longest + "x", "", ""}});
    CHECK(count(t, "SELECT COUNT(*) FROM media_attachments") == 1);
}

TEST_CASE("media: refused uploads write nothing", "[api][media]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    auto jpeg = testing::make_image("jpg", 64, 64);
    struct Case {
        std::string bytes;
        std::string fragment;
    };
    std::vector<Case> cases = {
        {"Just some text claiming to be a JPEG", "content type is invalid"},
        {"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
         "content type is invalid"},
        {"%PDF-1.7\n", "content type is invalid"},
        {jpeg.substr(0, jpeg.size() / 2), "could not be processed"},
        {jpeg.substr(0, 40), "could not be processed"},
        {testing::png_header_only(10000, 10000), "too large"},
        {"", "can't be blank"},
    };
    for (const auto& c : cases) {
        INFO(c.fragment);
        auto error = upload(client, alice, c.bytes, 422)["error"].get<std::string>();
        CHECK(error.starts_with("Validation failed: "));
        CHECK(error.find(c.fragment) != std::string::npos);
    }
    // No file part, a form body, a malformed multipart body.
    auto no_file =
        answer(client.Post("/api/v2/media", alice.auth(),
                           httplib::MultipartFormDataItems{{"description", "x", "", ""}}),
               422);
    CHECK(no_file["error"] == "Validation failed: File can't be blank");
    answer(client.Post("/api/v2/media", alice.auth(), "description=x",
                       "application/x-www-form-urlencoded"),
           422);
    auto broken = answer(client.Post("/api/v2/media", alice.auth(),
                                     "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n"
                                     "no closing boundary",
                                     "multipart/form-data; boundary=b"),
                         400);
    CHECK(broken["error"].get<std::string>().starts_with("Malformed multipart body"));
    answer(client.Post("/api/v2/media", alice.auth(), "--b--", "multipart/form-data"), 400);

    CHECK(count(t, "SELECT COUNT(*) FROM media_attachments") == 0);
    CHECK(stored_files(t).empty());
}

TEST_CASE("media: body and file size limits", "[api][media]") {
    testing::TestNode t([](Config& c) { c.media.max_image_bytes = 100 * 1024; });
    auto alice = member(t, "alice");
    auto client = t.client();
    auto instance = get(client, "/api/v2/instance", {});
    auto& limits = instance["configuration"]["media_attachments"];
    CHECK(limits["image_size_limit"] == 100 * 1024);
    CHECK(limits["image_matrix_limit"] == 33'177'600);
    CHECK(limits["description_limit"] == 1500);
    CHECK(limits["supported_mime_types"] ==
          json({"image/jpeg", "image/png", "image/webp", "image/gif"}));

    // A file over the limit inside a body the route accepts: 422, as Mastodon.
    std::string big = testing::make_image("png", 8, 8) + std::string(120 * 1024, '\0');
    CHECK(upload(client, alice, big, 422)["error"] ==
          "Validation failed: File is too large (at most 100 KiB)");
    // A body over the route's limit: 413 before it is read.
    testing::RawConnection raw(t.port());
    REQUIRE(raw.send("POST /api/v2/media HTTP/1.1\r\nHost: agora.test\r\nAuthorization: Bearer " +
                     alice.token +
                     "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: " +
                     std::to_string(300 * 1024) + "\r\n\r\n"));
    CHECK(testing::status_of(raw.read_response(3000)) == 413);
    CHECK(count(t, "SELECT COUNT(*) FROM media_attachments") == 0);
    CHECK(stored_files(t).empty());
}

TEST_CASE("media: the default limit is 16 MiB and applies to the media routes only",
          "[api][media]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto headers = [&](const std::string& path, std::size_t length) {
        return "POST " + path + " HTTP/1.1\r\nHost: agora.test\r\nAuthorization: Bearer " +
               alice.token +
               "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: " +
               std::to_string(length) + "\r\n\r\n";
    };
    testing::RawConnection over(t.port());
    REQUIRE(over.send(headers("/api/v2/media", 17 * 1024 * 1024)));
    CHECK(testing::status_of(over.read_response(3000)) == 413);
    testing::RawConnection statuses(t.port());
    REQUIRE(statuses.send(headers("/api/v1/statuses", 4 * 1024 * 1024)));
    CHECK(testing::status_of(statuses.read_response(3000)) == 413);
    // Within the limit, the body is read and parsed (here: no file part).
    std::string body = "--b--";
    testing::RawConnection within(t.port());
    REQUIRE(within.send(headers("/api/v2/media", body.size()) + body));
    CHECK(testing::status_of(within.read_response(3000)) == 422); // no file part
}

TEST_CASE("media: other people's media is not found; scopes", "[api][media]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    auto m = upload(client, alice, testing::make_image("jpg", 30, 20));
    std::string path = "/api/v1/media/" + m["id"].get<std::string>();
    get(client, path, bob.auth(), 404);
    answer(
        client.Put(path.c_str(), bob.auth(), R"({"description":"mine now"})", "application/json"),
        404);
    answer(client.Delete(path.c_str(), bob.auth()), 404);
    CHECK(get(client, path, alice.auth())["description"].is_null());
    get(client, "/api/v1/media/999999", alice.auth(), 404);
    get(client, "/api/v1/media/abc", alice.auth(), 404);
    get(client, path, {}, 401);

    // Scopes: write:media (or write) uploads; read alone does not.
    auto reader = t.token_for(alice.created.account, "read");
    answer(client.Post("/api/v2/media", {{"Authorization", "Bearer " + reader}},
                       httplib::MultipartFormDataItems{
                           {"file", testing::make_image("png", 4, 4), "a.png", "image/png"}}),
           403);
    auto media_writer = t.token_for(alice.created.account, "write:media");
    answer(client.Post("/api/v2/media", {{"Authorization", "Bearer " + media_writer}},
                       httplib::MultipartFormDataItems{
                           {"file", testing::make_image("png", 4, 4), "a.png", "image/png"}}),
           200);
    get(client, path, {{"Authorization", "Bearer " + reader}}, 403);

    // The owner deletes: the row and the files go.
    auto files_before = stored_files(t).size();
    CHECK(answer(client.Delete(path.c_str(), alice.auth()), 200) == json::object());
    get(client, path, alice.auth(), 404);
    CHECK(client.Get(path_of(m["url"]).c_str())->status == 404);
    CHECK(stored_files(t).size() == files_before - 2);
    answer(client.Delete(path.c_str(), alice.auth()), 404);
}

TEST_CASE("media: statuses with media", "[api][media]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");
    auto client = t.client();
    std::string first = upload(client, alice, testing::make_image("jpg", 30, 20))["id"];
    std::string second = upload(client, alice, testing::make_image("png", 20, 30), 200,
                                {{"description", "Une carte", "", ""}})["id"];

    // Someone else's media, too many, unreadable ids: 422 and nothing written.
    auto bobs = post_status(client, bob, {{"status", "stolen"}, {"media_ids", {first}}}, 422);
    CHECK(bobs["error"].get<std::string>().starts_with("Validation failed: "));
    CHECK(post_status(client, alice,
                      {{"status", "many"}, {"media_ids", {first, "2", "3", "4", "5"}}},
                      422)["error"] == "Cannot attach more than 4 files");
    post_status(client, alice, {{"status", "bad"}, {"media_ids", {"abc"}}}, 422);
    post_status(client, alice, {{"status", "gone"}, {"media_ids", {"999999"}}}, 422);
    post_status(client, alice, {{"status", ""}}, 422); // no text and no media
    CHECK(count(t, "SELECT COUNT(*) FROM statuses") == 0);
    CHECK(count(t, "SELECT COUNT(*) FROM media_attachments WHERE status_id IS NOT NULL") == 0);

    // A status may be only media; they come in upload order.
    auto s = post_status(client, alice, {{"status", ""}, {"media_ids", {second, first}}});
    CHECK(s["content"] == "");
    REQUIRE(s["media_attachments"].size() == 2);
    CHECK(s["media_attachments"][0]["id"] == first);
    CHECK(s["media_attachments"][1]["id"] == second);
    CHECK(s["media_attachments"][1]["description"] == "Une carte");
    CHECK(s["media_attachments"][0]["type"] == "image");
    CHECK(s["media_attachments"][0]["url"].get<std::string>().starts_with(base));
    std::string status_id = s["id"];
    CHECK(get(client, "/api/v1/statuses/" + status_id, bob.auth())["media_attachments"] ==
          s["media_attachments"]);

    // Once attached: no longer editable or deletable through /media, nor attachable again.
    get(client, "/api/v1/media/" + first, alice.auth(), 404);
    answer(client.Put(("/api/v1/media/" + first).c_str(), alice.auth(), R"({"description":"x"})",
                      "application/json"),
           404);
    CHECK(answer(client.Delete(("/api/v1/media/" + first).c_str(), alice.auth()), 422)["error"] ==
          "Media attachment is currently used by a status");
    post_status(client, alice, {{"status", "again"}, {"media_ids", {first}}}, 422);
    CHECK(count(t, "SELECT COUNT(*) FROM statuses") == 1);

    // Form-encoded media_ids[] work too.
    std::string third = upload(client, alice, testing::make_image("webp", 10, 10))["id"];
    auto form =
        answer(client.Post("/api/v1/statuses", alice.auth(), "status=Form&media_ids[]=" + third,
                           "application/x-www-form-urlencoded"),
               200);
    CHECK(form["media_attachments"].size() == 1);

    // Deleting the status keeps the media for a redraft, attachable again.
    auto deleted =
        answer(client.Delete(("/api/v1/statuses/" + status_id).c_str(), alice.auth()), 200);
    CHECK(deleted["media_attachments"].size() == 2);
    CHECK(get(client, "/api/v1/media/" + first, alice.auth())["id"] == first);
    auto redraft =
        post_status(client, alice, {{"status", "redraft"}, {"media_ids", {first, second}}});
    CHECK(redraft["media_attachments"].size() == 2);
    // ...unless the client asks for them to go.
    answer(
        client.Delete(
            ("/api/v1/statuses/" + redraft["id"].get<std::string>() + "?delete_media=true").c_str(),
            alice.auth()),
        200);
    get(client, "/api/v1/media/" + first, alice.auth(), 404);
    CHECK(client.Get(path_of(redraft["media_attachments"][0]["url"]).c_str())->status == 404);
}

TEST_CASE("media: only_media on account statuses and public timelines", "[api][media]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    std::string plain = post_status(client, alice, {{"status", "words #chats"}})["id"];
    std::string media = upload(client, alice, testing::make_image("jpg", 10, 10))["id"];
    std::string pictured =
        post_status(client, alice, {{"status", "picture #chats"}, {"media_ids", {media}}})["id"];
    auto ids = [](const json& statuses) {
        std::vector<std::string> out;
        for (const auto& s : statuses)
            out.push_back(s["id"]);
        return out;
    };
    auto account = "/api/v1/accounts/" + alice.id() + "/statuses";
    CHECK(ids(get(client, account, alice.auth())) == std::vector<std::string>{pictured, plain});
    CHECK(ids(get(client, account + "?only_media=true", alice.auth())) ==
          std::vector<std::string>{pictured});
    CHECK(ids(get(client, account + "?only_media=false", {})).size() == 2);
    CHECK(ids(get(client, "/api/v1/timelines/public?only_media=true", {})) ==
          std::vector<std::string>{pictured});
    CHECK(ids(get(client, "/api/v1/timelines/public?only_media=1&local=true", alice.auth())) ==
          std::vector<std::string>{pictured});
    CHECK(ids(get(client, "/api/v1/timelines/public", {})).size() == 2);
    CHECK(ids(get(client, "/api/v1/timelines/tag/chats?only_media=true", {})) ==
          std::vector<std::string>{pictured});
}

TEST_CASE("media: files of private and direct statuses", "[api][media]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto bob = member(t, "bob");     // follows alice
    auto carol = member(t, "carol"); // a stranger, mentioned in a direct status
    follow(t, bob, alice);
    auto client = t.client();
    auto with_token = [](const Member& m) {
        return httplib::Headers{{"Authorization", "Bearer " + m.token}};
    };
    auto status_of = [&](const std::string& path, const httplib::Headers& headers = {}) {
        auto res = client.Get(path.c_str(), headers);
        REQUIRE(res);
        return res->status;
    };

    auto m = upload(client, alice, testing::make_image("jpg", 30, 20));
    auto url = path_of(m["url"]);
    auto preview = path_of(m["preview_url"]);
    // Unattached: the uploader, or anyone holding the unguessable URL without a token.
    CHECK(status_of(url, with_token(alice)) == 200);
    CHECK(status_of(url, with_token(bob)) == 404);
    CHECK(status_of(url) == 200);

    auto s = post_status(
        client, alice,
        {{"status", "followers only"}, {"visibility", "private"}, {"media_ids", {m["id"]}}});
    CHECK(status_of(url, with_token(alice)) == 200);
    CHECK(status_of(url, with_token(bob)) == 200);
    CHECK(status_of(preview, with_token(bob)) == 200);
    CHECK(status_of(url, with_token(carol)) == 404);
    CHECK(status_of(preview, with_token(carol)) == 404);
    CHECK(status_of(url + "?access_token=" + carol.token) == 404);
    CHECK(status_of(url + "?access_token=" + bob.token) == 200);
    get(client, "/api/v1/statuses/" + s["id"].get<std::string>(), with_token(carol), 404);
    // Without a token the URL itself is the secret (as Mastodon): kept out of shared caches.
    auto anonymous = client.Get(url.c_str());
    REQUIRE(anonymous);
    CHECK(anonymous->status == 200);
    CHECK(anonymous->get_header_value("Cache-Control").starts_with("private"));
    CHECK(anonymous->get_header_value("Vary") == "Authorization");
    // A wrong name or style is not found, even for the owner.
    std::string guessed = url;
    guessed[guessed.size() - 6] = guessed[guessed.size() - 6] == 'A' ? 'B' : 'A';
    CHECK(status_of(guessed, with_token(alice)) == 404);
    CHECK(status_of(guessed) == 404);
    std::string wrong_style = url;
    wrong_style.replace(wrong_style.find("/original/"), 10, "/large/");
    CHECK(status_of(wrong_style) == 404);
    CHECK(status_of("/system/media_attachments/files/abc/original/x.jpg") == 404);
    CHECK(status_of(url, {{"Authorization", "Bearer not-a-token"}}) == 401);

    // Direct: the mentioned account may, a follower may not.
    auto d = upload(client, alice, testing::make_image("png", 10, 10));
    post_status(client, alice,
                {{"status", "@carol psst"}, {"visibility", "direct"}, {"media_ids", {d["id"]}}});
    CHECK(status_of(path_of(d["url"]), with_token(carol)) == 200);
    CHECK(status_of(path_of(d["url"]), with_token(bob)) == 404);

    // Public: shared caches may keep it; any token may load it.
    auto p = upload(client, alice, testing::make_image("png", 10, 10));
    post_status(client, alice, {{"status", "for all"}, {"media_ids", {p["id"]}}});
    auto open = client.Get(path_of(p["url"]).c_str(), with_token(carol));
    REQUIRE(open);
    CHECK(open->status == 200);
    CHECK(open->get_header_value("Cache-Control") == "public, max-age=2419200, immutable");
}

TEST_CASE("media: an edit may restate its media, not change them", "[api][media]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    std::string first = upload(client, alice, testing::make_image("jpg", 10, 10))["id"];
    std::string other = upload(client, alice, testing::make_image("jpg", 10, 10))["id"];
    std::string id = post_status(client, alice, {{"status", "v1"}, {"media_ids", {first}}})["id"];
    auto put = [&](const json& body, int expected) {
        return answer(client.Put(("/api/v1/statuses/" + id).c_str(), alice.auth(), body.dump(),
                                 "application/json"),
                      expected);
    };
    auto edited = put({{"status", "v2"}, {"media_ids", {first}}}, 200);
    REQUIRE(edited["media_attachments"].size() == 1);
    CHECK(edited["media_attachments"][0]["id"] == first);
    CHECK(put({{"status", "v3"}, {"media_ids", {other}}}, 422)["error"] ==
          "Validation failed: Changing the media attachments of a status is not supported yet");
    CHECK(get(client, "/api/v1/media/" + other, alice.auth())["id"] == other); // still free
}

TEST_CASE("media: unattached uploads older than a day are removed", "[api][media]") {
    testing::TestNode t;
    auto alice = member(t, "alice");
    auto client = t.client();
    std::string stale = upload(client, alice, testing::make_image("png", 10, 10))["id"];
    std::string used = upload(client, alice, testing::make_image("png", 10, 10))["id"];
    post_status(client, alice, {{"status", "kept"}, {"media_ids", {used}}});
    {
        auto conn = t.node().database().acquire();
        conn->query("UPDATE media_attachments SET created_at = 0").run(); // both, long ago
    }
    REQUIRE(stored_files(t).size() == 4);
    upload(client, alice, testing::make_image("png", 10, 10)); // removes what is stale
    get(client, "/api/v1/media/" + stale, alice.auth(), 404);
    CHECK(count(t, "SELECT COUNT(*) FROM media_attachments WHERE id = " + used) == 1);
    CHECK(count(t, "SELECT COUNT(*) FROM media_attachments") == 2);
    CHECK(stored_files(t).size() == 4);
}

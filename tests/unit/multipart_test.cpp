// The multipart/form-data parser: well-formed bodies, every kind of malformed one, and every
// truncation of a valid body (an error or a result, never a crash or a read past the end).
#include "media/multipart.hpp"

#include <catch2/catch.hpp>

using namespace agora::media;

namespace {
const std::string boundary = "----AgoraBoundary7MA4YWxkTrZu0gW";

std::string form(const std::string& b = boundary) {
    std::string binary("\x89PNG\r\n\x1A\n\r\n--notaboundary\0\xFF", 25);
    return "--" + b + "\r\n" +
           "Content-Disposition: form-data; name=\"file\"; filename=\"cat \\\"1\\\".png\"\r\n"
           "Content-Type: image/png\r\n\r\n" +
           binary + "\r\n--" + b + "\r\n" +
           "Content-Disposition: form-data; name=\"description\"\r\n\r\n" +
           "Un chat\r\nsur deux lignes\r\n--" + b + "\r\n" +
           "content-disposition: FORM-DATA; name=empty\r\n\r\n" + "\r\n--" + b + "--\r\n";
}
} // namespace

TEST_CASE("multipart: boundary from the Content-Type", "[unit][multipart]") {
    CHECK(multipart_boundary("multipart/form-data; boundary=abc") == "abc");
    CHECK(multipart_boundary("Multipart/Form-Data;BOUNDARY=\"a b:c\"") == "a b:c");
    CHECK(multipart_boundary("multipart/form-data; charset=utf-8; boundary=x-y_z") == "x-y_z");
    CHECK(is_multipart_form("multipart/form-data; boundary=abc"));
    CHECK_FALSE(is_multipart_form("application/x-www-form-urlencoded"));
    CHECK_FALSE(multipart_boundary("multipart/form-data"));
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary="));
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'a')));
    CHECK(multipart_boundary("multipart/form-data; boundary=" + std::string(70, 'a')));
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=\"abc \""));
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=a<b"));
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=\"unclosed"));
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=a; boundary=b"));
    CHECK_FALSE(multipart_boundary("multipart/mixed; boundary=abc"));
}

TEST_CASE("multipart: parts, names, file names and bodies", "[unit][multipart]") {
    auto body = form();
    auto parts = parse_multipart(body, boundary);
    REQUIRE(parts);
    REQUIRE(parts->size() == 3);
    const auto& file = (*parts)[0];
    CHECK(file.name == "file");
    CHECK(file.filename == "cat \"1\".png");
    CHECK(file.content_type == "image/png");
    CHECK(file.body == std::string_view("\x89PNG\r\n\x1A\n\r\n--notaboundary\0\xFF", 25));
    CHECK((*parts)[1].name == "description");
    CHECK_FALSE((*parts)[1].filename);
    CHECK((*parts)[1].body == "Un chat\r\nsur deux lignes");
    CHECK((*parts)[2].name == "empty");
    CHECK((*parts)[2].body.empty());
    REQUIRE(find_part(*parts, "description"));
    CHECK(find_part(*parts, "missing") == nullptr);
}

TEST_CASE("multipart: preamble, padding and epilogue are allowed", "[unit][multipart]") {
    std::string body = "preamble to ignore\r\n--b \t\r\nContent-Disposition: form-data; "
                       "name=a\r\n\r\n1\r\n--b--\r\nepilogue";
    auto parts = parse_multipart(body, "b");
    REQUIRE(parts);
    REQUIRE(parts->size() == 1);
    CHECK((*parts)[0].body == "1");
}

TEST_CASE("multipart: malformed bodies are refused with a reason", "[unit][multipart]") {
    auto refused = [](const std::string& body, MultipartLimits limits = {}) {
        auto parts = parse_multipart(body, "b", limits);
        INFO(body);
        REQUIRE_FALSE(parts);
        CHECK_FALSE(parts.error().empty());
    };
    std::string part = "Content-Disposition: form-data; name=a\r\n\r\nx";
    refused("");                                                  // no boundary at all
    refused("--b\r\n" + part);                                    // never closed
    refused("--b\r\n" + part + "\r\n--b");                        // closed by nothing
    refused("--bX\r\n" + part + "\r\n--b--");                     // junk after the boundary
    refused("--b\n" + part + "\r\n--b--");                        // bare LF
    refused("--b\r\n\r\nx\r\n--b--");                             // no headers
    refused("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--"); // no disposition
    refused("--b\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--b--");
    refused("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--"); // no name
    refused("--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n--b--");
    refused("--b\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nx\r\n--b--");
    refused("--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--b--");
    refused("--b\r\nContent-Disposition: form-data; name=a\r\n folded\r\n\r\nx\r\n--b--");
    refused("--b\r\nno colon here\r\n\r\nx\r\n--b--");
    refused("--b\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: form-data; "
            "name=b\r\n\r\nx\r\n--b--");
    refused("--b\r\nContent-Disposition: form-data; name=a\r\nContent-Transfer-Encoding: "
            "base64\r\n\r\neA==\r\n--b--");
    refused("--b\r\nContent-Disposition: form-data; name=a\r\nX-Long: " + std::string(5000, 'x') +
            "\r\n\r\nx\r\n--b--");
    refused("--b\r\nContent-Disposition: form-data; name=a"); // ends inside the headers
    std::string many;
    for (int i = 0; i < 3; ++i)
        many += "--b\r\n" + part + "\r\n";
    refused(many + "--b--", MultipartLimits{.max_parts = 2});
    std::string lines = "--b\r\nContent-Disposition: form-data; name=a\r\n";
    for (int i = 0; i < 9; ++i)
        lines += "X-" + std::to_string(i) + ": y\r\n";
    refused(lines + "\r\nx\r\n--b--");
}

TEST_CASE("multipart: every truncation of a valid body is handled", "[unit][multipart]") {
    auto body = form();
    int accepted = 0;
    for (std::size_t n = 0; n <= body.size(); ++n) {
        std::string prefix = body.substr(0, n); // its own allocation: reads past it are caught
        auto parts = parse_multipart(prefix, boundary);
        if (parts) {
            ++accepted;
            for (const auto& p : *parts) {
                CHECK(p.body.data() >= prefix.data());
                CHECK(p.body.data() + p.body.size() <= prefix.data() + prefix.size());
            }
        }
    }
    // Only the bodies that reach the closing "--" are whole.
    CHECK(accepted == 3); // "...--b--", "...--b--\r", "...--b--\r\n"
}

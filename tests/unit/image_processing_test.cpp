// Image processing without HTTP: type sniffing, the GIF sanitiser, orientation, metadata
// stripping, size limits, previews and refusals (truncated, damaged, too many pixels).
#include "config/config.hpp"
#include "media/gif_sanitizer.hpp"
#include "media/image_processing.hpp"
#include "rig/test_images.hpp"

#include <catch2/catch.hpp>

using namespace agora;
using namespace agora::media;

namespace {
const std::string minimal_gif("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
                              "\x21\xf9\x04\x01\x00\x00\x00\x00"
                              "\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b",
                              43);

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}
} // namespace

TEST_CASE("images: the type comes from the bytes", "[unit][media]") {
    CHECK(sniff_image_format(testing::make_image("jpg", 4, 4)) == ImageFormat::jpeg);
    CHECK(sniff_image_format(testing::make_image("png", 4, 4)) == ImageFormat::png);
    CHECK(sniff_image_format(testing::make_image("webp", 4, 4)) == ImageFormat::webp);
    CHECK(sniff_image_format(minimal_gif) == ImageFormat::gif);
    CHECK_FALSE(sniff_image_format("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
    CHECK_FALSE(sniff_image_format("%PDF-1.7"));
    CHECK_FALSE(sniff_image_format("RIFF\x10\x00\x00\x00WAVEfmt "));
    CHECK_FALSE(sniff_image_format(""));
    CHECK(format_of_extension("webp") == ImageFormat::webp);
    CHECK_FALSE(format_of_extension("svg"));
}

TEST_CASE("images: the GIF sanitiser keeps frames and drops comments and XMP", "[unit][media]") {
    std::string gif = minimal_gif;
    std::string extras = std::string("\x21\xfe\x06secret\x00", 10) +
                         std::string("\x21\xff\x0bXMP DataXMP\x03xmp\x00", 19) +
                         std::string("\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00", 19);
    gif.insert(13 + 6, extras); // after the header, screen descriptor and global table
    auto sanitized = sanitize_gif(gif, 10);
    REQUIRE(sanitized);
    CHECK(sanitized->info.frames == 1);
    CHECK(sanitized->info.width == 1);
    CHECK_FALSE(contains(sanitized->bytes, "secret"));
    CHECK_FALSE(contains(sanitized->bytes, "XMP"));
    CHECK(contains(sanitized->bytes, "NETSCAPE2.0"));
    CHECK(sanitized->bytes.size() == minimal_gif.size() + 19);

    // Junk after the trailer goes too.
    auto trailing = sanitize_gif(minimal_gif + "appended", 10);
    REQUIRE(trailing);
    CHECK(trailing->bytes == minimal_gif);

    // Every truncation fails cleanly; a frame bomb is refused.
    for (std::size_t n = 0; n < minimal_gif.size(); ++n)
        CHECK_FALSE(sanitize_gif(minimal_gif.substr(0, n), 10));
    auto animated = testing::make_image("gif", 8, 8, 5);
    auto counted = sanitize_gif(animated, 10);
    REQUIRE(counted);
    CHECK(counted->info.frames == 5);
    CHECK_FALSE(sanitize_gif(animated, 4));
    std::string garbage = minimal_gif;
    garbage[13 + 6] = '\x99'; // neither extension, image nor trailer
    CHECK_FALSE(sanitize_gif(garbage, 10));
}

TEST_CASE("images: JPEG turned upright, metadata gone, sizes within bounds", "[unit][media]") {
    auto jpeg = testing::jpeg_with_metadata(60, 40, 6, "agora-secret-marker");
    auto before = testing::decode_image(jpeg);
    REQUIRE(before);
    REQUIRE(before->has_gps); // the fixture really carries what must go
    REQUIRE(before->has_xmp);
    REQUIRE(before->orientation == 6);
    REQUIRE(contains(jpeg, "agora-secret-marker"));

    auto processed = process_image(jpeg);
    REQUIRE(processed);
    const auto& original = processed->original;
    CHECK(original.format == ImageFormat::jpeg);
    CHECK(original.width == 40); // orientation 6: a quarter turn
    CHECK(original.height == 60);
    CHECK_FALSE(contains(original.bytes, "agora-secret-marker"));
    CHECK_FALSE(contains(original.bytes, "Exif"));
    CHECK_FALSE(contains(original.bytes, "http://ns.adobe.com/xap"));
    auto after = testing::decode_image(original.bytes);
    REQUIRE(after);
    CHECK_FALSE(after->has_exif);
    CHECK_FALSE(after->has_gps);
    CHECK_FALSE(after->has_xmp);
    CHECK(after->orientation == 1);
    CHECK(after->width == 40);
    CHECK(after->height == 60);
    auto preview = testing::decode_image(processed->preview.bytes);
    REQUIRE(preview);
    CHECK(preview->width == processed->preview.width);
    CHECK_FALSE(preview->has_exif);
    CHECK(processed->blurhash.size() == 28);
}

TEST_CASE("images: large images are scaled to Mastodon's areas", "[unit][media]") {
    ImageLimits limits;
    limits.original_pixels = 100 * 100;
    limits.preview_pixels = 20 * 20;
    auto processed = process_image(testing::make_image("png", 300, 150), limits);
    REQUIRE(processed);
    CHECK(processed->original.format == ImageFormat::png);
    CHECK(processed->original.width * processed->original.height <= 100 * 100);
    // The box is 141 x 70 (sqrt(10000 / 45000) of each side); the tighter side decides.
    CHECK(processed->original.width == 140);
    CHECK(processed->original.height == 70);
    CHECK(processed->preview.width * processed->preview.height <= 20 * 20);
    CHECK(processed->preview.width == 28);
    auto small = process_image(testing::make_image("webp", 30, 20), limits);
    REQUIRE(small);
    CHECK(small->original.width == 30); // never scaled up
    CHECK(small->preview.width == 24);
    CHECK(small->preview.format == ImageFormat::webp);
}

TEST_CASE("images: PNG, WebP and GIF lose their metadata", "[unit][media]") {
    const std::string marker = "agora-secret-marker";
    auto png = testing::png_with_metadata(20, 10, marker);
    REQUIRE(contains(png, marker));
    REQUIRE(testing::decode_image(png)->has_xmp);
    auto p = process_image(png);
    REQUIRE(p);
    CHECK_FALSE(contains(p->original.bytes, marker));
    CHECK_FALSE(contains(p->preview.bytes, marker));

    auto webp = testing::webp_with_metadata(20, 10, marker);
    REQUIRE(contains(webp, marker));
    REQUIRE(testing::decode_image(webp)->has_gps);
    auto w = process_image(webp);
    REQUIRE(w);
    CHECK(w->original.format == ImageFormat::webp);
    CHECK_FALSE(contains(w->original.bytes, marker));
    CHECK_FALSE(testing::decode_image(w->original.bytes)->has_exif);

    auto still = testing::gif_with_comment(20, 10, 1, marker);
    auto s = process_image(still);
    REQUIRE(s);
    CHECK(s->original.format == ImageFormat::png); // a still GIF becomes a PNG, as in Mastodon
    CHECK_FALSE(s->animated);
    CHECK_FALSE(contains(s->original.bytes, marker));

    auto animation = testing::gif_with_comment(20, 10, 3, marker);
    REQUIRE(contains(animation, marker));
    auto a = process_image(animation);
    REQUIRE(a);
    CHECK(a->animated);
    CHECK(a->original.format == ImageFormat::gif);
    CHECK_FALSE(contains(a->original.bytes, marker));
    CHECK(testing::decode_image(a->original.bytes)->pages == 3);
    CHECK(a->preview.format == ImageFormat::png);
    CHECK(testing::decode_image(a->preview.bytes)->pages == 1);

    auto animated_webp = testing::make_image("webp", 16, 12, 4);
    auto aw = process_image(animated_webp);
    REQUIRE(aw);
    CHECK(aw->animated);
    CHECK(testing::decode_image(aw->original.bytes)->pages == 4);
    CHECK(aw->original.height == 12);
}

TEST_CASE("images: refusals", "[unit][media]") {
    auto kind = [](std::string_view bytes, ImageLimits limits = {}) {
        auto r = process_image(bytes, limits);
        REQUIRE_FALSE(r);
        CHECK_FALSE(r.error().message.empty());
        return r.error().kind;
    };
    CHECK(kind("just some text") == ImageError::Kind::unsupported);
    CHECK(kind("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>") ==
          ImageError::Kind::unsupported);
    auto jpeg = testing::make_image("jpg", 64, 64);
    CHECK(kind(jpeg.substr(0, jpeg.size() / 2)) == ImageError::Kind::unreadable);
    CHECK(kind(jpeg.substr(0, 20)) == ImageError::Kind::unreadable);
    auto png = testing::make_image("png", 64, 64);
    CHECK(kind(png.substr(0, png.size() - 30)) == ImageError::Kind::unreadable);
    auto webp = testing::make_image("webp", 64, 64);
    CHECK(kind(webp.substr(0, webp.size() / 2)) == ImageError::Kind::unreadable);
    CHECK(kind(minimal_gif.substr(0, 30)) == ImageError::Kind::unreadable);
    // A header announcing 100 megapixels is refused before any decoding.
    CHECK(kind(testing::png_header_only(10000, 10000)) == ImageError::Kind::too_large);
    std::string huge_gif = minimal_gif;
    huge_gif[6] = huge_gif[7] = huge_gif[8] = huge_gif[9] = '\xff'; // 65535 x 65535 screen
    CHECK(kind(huge_gif) == ImageError::Kind::too_large);
    ImageLimits tight;
    tight.max_animation_pixels = 20 * 10 * 2;
    CHECK(kind(testing::make_image("gif", 20, 10, 3), tight) == ImageError::Kind::too_large);
    ImageLimits still_budget;
    still_budget.max_pixels = 20 * 10 * 3; // an animated WebP is re-encoded: the still budget
    CHECK(kind(testing::make_image("webp", 20, 10, 4), still_budget) ==
          ImageError::Kind::too_large);
    CHECK(process_image(testing::make_image("webp", 20, 10, 3), still_budget));
}

TEST_CASE("config: media.max_image_bytes", "[unit][config][media]") {
    auto base = "[instance]\ndomain = \"a.test\"\n[storage]\ndatabase = \"sqlite:x.db\"\n";
    auto c = parse_config(base, "t.toml", {});
    REQUIRE(c);
    CHECK(c->media.max_image_bytes == 16 * 1024 * 1024);
    c = parse_config(std::string(base) + "[media]\nmax_image_bytes = 2097152\n", "t.toml", {});
    REQUIRE(c);
    CHECK(c->media.max_image_bytes == 2097152);
    c = parse_config(base, "t.toml", {{"AGORA_MEDIA_MAX_IMAGE_BYTES", "1048576"}});
    REQUIRE(c);
    CHECK(c->media.max_image_bytes == 1048576);
    CHECK_FALSE(parse_config(std::string(base) + "[media]\nmax_image_bytes = 10\n", "t.toml", {}));
    CHECK_FALSE(
        parse_config(std::string(base) + "[media]\nmax_image_bytes = \"big\"\n", "t.toml", {}));
}

TEST_CASE("images: grey, alpha, 16-bit and CMYK inputs", "[unit][media]") {
    auto cmyk = testing::make_variant("jpg", "cmyk");
    REQUIRE(testing::decode_image(cmyk)->has_icc); // the input carries a profile
    auto variants = {testing::make_variant("jpg", "grey"),   testing::make_variant("png", "grey"),
                     testing::make_variant("png", "alpha"),  testing::make_variant("png", "16bit"),
                     testing::make_variant("webp", "alpha"), cmyk};
    for (const auto& bytes : variants) {
        auto processed = process_image(bytes);
        REQUIRE(processed);
        CHECK(processed->original.width == 48);
        CHECK(processed->original.height == 32);
        CHECK(processed->blurhash.size() == 28);
        auto decoded = testing::decode_image(processed->original.bytes);
        REQUIRE(decoded);
        CHECK_FALSE(decoded->has_icc); // converted to sRGB, then the profile dropped
    }
}

// Small images made on the spot with libvips for the media tests, some carrying metadata (EXIF with
// GPS, XMP, comments) that the node must strip, and a decoder to inspect what it stored.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace agora::testing {

// A width x height colour gradient encoded as "jpg", "png", "webp" or "gif"; `frames` > 1 makes an
// animation (GIF or WebP).
std::string make_image(const std::string& format, int width, int height, int frames = 1);

// A 48x32 gradient in an unusual pixel format: "grey", "alpha" (RGBA), "16bit" (PNG only) or
// "cmyk" (JPEG only, with libvips' CMYK profile embedded).
std::string make_variant(const std::string& format, const std::string& variant);

// A TIFF/EXIF block ("Exif\0\0" + TIFF) with an orientation tag and a GPS latitude.
std::string exif_block(int orientation);

// A JPEG carrying an EXIF APP1 (orientation and GPS), an XMP APP1 and a comment; the XMP and the
// comment contain `marker`.
std::string jpeg_with_metadata(int width, int height, int orientation, const std::string& marker);
// A PNG with a text chunk, a WebP with EXIF and XMP chunks, a GIF with a comment extension:
// each contains `marker`.
std::string png_with_metadata(int width, int height, const std::string& marker);
std::string webp_with_metadata(int width, int height, const std::string& marker);
std::string gif_with_comment(int width, int height, int frames, const std::string& marker);

// A PNG whose header announces width x height, followed by no real pixel data.
std::string png_header_only(int width, int height);

struct DecodedImage {
    std::string loader; // libvips' loader, e.g. "jpegload_buffer"
    int width = 0;
    int height = 0; // of one page
    int pages = 1;
    bool has_exif = false;
    bool has_gps = false;
    bool has_xmp = false;
    bool has_icc = false;
    int orientation = 1;
};
// Decodes fully (every pixel read); nullopt when libvips cannot.
std::optional<DecodedImage> decode_image(std::string_view bytes);

} // namespace agora::testing

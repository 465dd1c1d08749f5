// Uploaded images through libvips: sniffed type, limits before decoding, upright metadata-free
// originals, a small preview and its blurhash.
#include "media/image_processing.hpp"

#include "media/blurhash.hpp"
#include "media/gif_sanitizer.hpp"
#include "media/vips_library.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <cmath>

namespace agora::media {

namespace {
using Error = std::unexpected<ImageError>;

// Owns one VipsImage reference.
class Image {
public:
    Image() = default;
    Image(const Image&) = delete;
    Image& operator=(const Image&) = delete;
    ~Image() {
        if (image_) vips().g_object_unref(image_);
    }
    VipsImage** out() { return &image_; }
    VipsImage* get() const { return image_; }
    VipsImage* operator->() const { return image_; }

private:
    VipsImage* image_ = nullptr;
};

// Owns a buffer libvips allocated.
struct VipsBuffer {
    void* data = nullptr;
    std::size_t size = 0;
    ~VipsBuffer() { vips().g_free(data); }
    std::string text() const { return std::string(static_cast<const char*>(data), size); }
};

std::string take_vips_error() {
    std::string message = vips().vips_error_buffer();
    vips().vips_error_clear();
    while (!message.empty() && message.back() == '\n')
        message.pop_back();
    return message;
}

ImageError unreadable(std::string_view what) {
    log::debug("image rejected: " + std::string(what) + ": " + take_vips_error());
    return {ImageError::Kind::unreadable,
            "File could not be processed: the image is damaged, truncated or not what its type "
            "says"};
}

// A header-only load (pixels are decoded later, when something reads them).
bool load_header(std::string_view bytes, ImageFormat format, Image& image) {
    void* data = const_cast<char*>(bytes.data());
    switch (format) {
    case ImageFormat::jpeg:
        return vips().vips_jpegload_buffer(data, bytes.size(), image.out(), "access",
                                           VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR,
                                           nullptr) == 0;
    case ImageFormat::png:
        return vips().vips_pngload_buffer(data, bytes.size(), image.out(), "access",
                                          VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR,
                                          nullptr) == 0;
    case ImageFormat::webp:
        return vips().vips_webpload_buffer(data, bytes.size(), image.out(), "access",
                                           VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR,
                                           nullptr) == 0;
    case ImageFormat::gif:
        return vips().vips_gifload_buffer(data, bytes.size(), image.out(), "access",
                                          VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR,
                                          nullptr) == 0;
    }
    return false;
}

// Loads, turns upright (EXIF orientation), converts to sRGB when an ICC profile is embedded and
// scales down to fit `box_width` x `box_height`; the first frame of an animation.
bool thumbnail(std::string_view bytes, int box_width, int box_height, Image& out) {
    return vips().vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), out.out(),
                                        box_width, "height", box_height, "size", VIPS_SIZE_DOWN,
                                        "option_string", "fail_on=error", nullptr) == 0;
}

// Metadata that only describes how to draw the pixels; everything else is dropped.
bool drawing_field(std::string_view name) {
    for (std::string_view kept : {"page-height", "n-pages", "delay", "loop", "gif-delay",
                                  "gif-loop", "background", "bits-per-sample", "palette-bit-depth"})
        if (name == kept) return true;
    return false;
}

// A copy of `image` without EXIF, XMP, IPTC, ICC, comments or any other attached data: savers
// are asked to strip too, but not every saver of every libvips version honours it.
bool without_metadata(VipsImage* image, Image& out) {
    if (vips().vips_copy(image, out.out(), nullptr)) return false;
    gchar** fields = vips().vips_image_get_fields(out.get());
    for (gchar** field = fields; field && *field; ++field)
        if (!drawing_field(*field)) vips().vips_image_remove(out.get(), *field);
    vips().g_strfreev(fields);
    return true;
}

std::uint32_t le32(std::string_view b, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}

// libvips' WebP writer adds an EXIF chunk of its own even when asked to strip: the container is
// rewritten without EXIF, XMP and ICCP chunks, and VP8X's flags say so. False when malformed.
bool drop_webp_metadata(std::string& webp) {
    if (webp.size() < 12 || webp.compare(0, 4, "RIFF") != 0 || webp.compare(8, 4, "WEBP") != 0)
        return false;
    std::string out = webp.substr(0, 12);
    for (std::size_t at = 12; at < webp.size();) {
        if (webp.size() - at < 8) return false;
        std::uint32_t size = le32(webp, at + 4);
        std::size_t whole = 8 + std::size_t(size) + (size & 1);
        if (webp.size() - at < 8 + std::size_t(size)) return false;
        whole = std::min(whole, webp.size() - at);
        auto fourcc = std::string_view(webp).substr(at, 4);
        if (fourcc != "EXIF" && fourcc != "XMP " && fourcc != "ICCP") {
            std::string chunk = webp.substr(at, whole);
            if (fourcc == "VP8X" && size >= 1) chunk[8] = static_cast<char>(chunk[8] & ~0x2C);
            out += chunk;
        }
        at += whole;
    }
    std::uint32_t riff_size = static_cast<std::uint32_t>(out.size() - 8);
    for (int i = 0; i < 4; ++i)
        out[4 + i] = static_cast<char>((riff_size >> (8 * i)) & 0xFF);
    webp = std::move(out);
    return true;
}

// Encodes with every piece of metadata stripped (EXIF, XMP, IPTC, ICC, comments).
bool save(VipsImage* input, ImageFormat format, std::string& out) {
    Image bare;
    if (!without_metadata(input, bare)) return false;
    VipsImage* image = bare.get();
    VipsBuffer buffer;
    int failed = 1;
    switch (format) {
    case ImageFormat::jpeg:
        failed = vips().vips_jpegsave_buffer(image, &buffer.data, &buffer.size, "Q", 90, "strip",
                                             TRUE, "optimize_coding", TRUE, nullptr);
        break;
    case ImageFormat::png:
        failed =
            vips().vips_pngsave_buffer(image, &buffer.data, &buffer.size, "strip", TRUE, nullptr);
        break;
    case ImageFormat::webp:
        failed = vips().vips_webpsave_buffer(image, &buffer.data, &buffer.size, "Q", 90, "strip",
                                             TRUE, nullptr);
        break;
    case ImageFormat::gif:
        return false; // GIFs are kept as sanitised bytes or become PNG, never re-encoded
    }
    if (failed) return false;
    out = buffer.text();
    return format != ImageFormat::webp || drop_webp_metadata(out);
}

// The box of the largest size within `max_pixels` for a width x height image (unchanged when it
// already fits).
std::pair<int, int> fit_area(int width, int height, std::int64_t max_pixels) {
    std::int64_t area = std::int64_t(width) * height;
    if (area <= max_pixels) return {width, height};
    double scale = std::sqrt(static_cast<double>(max_pixels) / static_cast<double>(area));
    return {std::max(1, static_cast<int>(std::floor(width * scale))),
            std::max(1, static_cast<int>(std::floor(height * scale)))};
}

// The blurhash of an encoded image, computed on a copy at most 100 pixels across.
std::optional<std::string> blurhash_of(std::string_view bytes) {
    Image small, srgb, rgb, bytes8;
    if (!thumbnail(bytes, 100, 100, small)) return std::nullopt;
    if (vips().vips_colourspace(small.get(), srgb.out(), VIPS_INTERPRETATION_sRGB, nullptr))
        return {};
    if (vips().vips_extract_band(srgb.get(), rgb.out(), 0, "n", 3, nullptr)) return std::nullopt;
    if (vips().vips_cast_uchar(rgb.get(), bytes8.out(), nullptr)) return std::nullopt;
    std::size_t size = 0;
    void* pixels = vips().vips_image_write_to_memory(bytes8.get(), &size);
    if (!pixels) return std::nullopt;
    int width = bytes8->Xsize, height = bytes8->Ysize;
    std::string hash;
    if (size == std::size_t(width) * height * 3)
        hash = blurhash_encode(static_cast<const std::uint8_t*>(pixels), width, height, 3, 4, 3);
    vips().g_free(pixels);
    if (hash.empty()) return std::nullopt;
    return hash;
}

// The preview (first frame, within the preview area) and the blurhash, from a kept original.
std::expected<void, ImageError> add_preview(std::string_view original, int width, int height,
                                            ImageFormat format, const ImageLimits& limits,
                                            ProcessedImage& out) {
    auto [box_width, box_height] = fit_area(width, height, limits.preview_pixels);
    Image preview;
    if (!thumbnail(original, box_width, box_height, preview)) return Error(unreadable("preview"));
    out.preview.format = format;
    out.preview.width = preview->Xsize;
    out.preview.height = preview->Ysize;
    if (!save(preview.get(), format, out.preview.bytes)) return Error(unreadable("preview save"));
    auto hash = blurhash_of(out.preview.bytes);
    if (!hash) return Error(unreadable("blurhash"));
    out.blurhash = *hash;
    return {};
}

std::string megapixels(std::int64_t pixels) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", static_cast<double>(pixels) / 1e6);
    return text;
}
} // namespace

std::optional<ImageFormat> sniff_image_format(std::string_view b) {
    if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF") return ImageFormat::jpeg;
    if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8))
        return ImageFormat::png;
    if (b.size() >= 6 && (b.substr(0, 6) == "GIF87a" || b.substr(0, 6) == "GIF89a"))
        return ImageFormat::gif;
    if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP")
        return ImageFormat::webp;
    return std::nullopt;
}

const char* mime_type(ImageFormat format) {
    switch (format) {
    case ImageFormat::jpeg:
        return "image/jpeg";
    case ImageFormat::png:
        return "image/png";
    case ImageFormat::webp:
        return "image/webp";
    case ImageFormat::gif:
        return "image/gif";
    }
    return "application/octet-stream";
}

const char* file_extension(ImageFormat format) {
    switch (format) {
    case ImageFormat::jpeg:
        return "jpg";
    case ImageFormat::png:
        return "png";
    case ImageFormat::webp:
        return "webp";
    case ImageFormat::gif:
        return "gif";
    }
    return "bin";
}

std::optional<ImageFormat> format_of_extension(std::string_view extension) {
    for (auto f : {ImageFormat::jpeg, ImageFormat::png, ImageFormat::webp, ImageFormat::gif})
        if (extension == file_extension(f)) return f;
    return std::nullopt;
}

std::expected<ProcessedImage, ImageError> process_image(std::string_view bytes,
                                                        const ImageLimits& limits) {
    auto format = sniff_image_format(bytes);
    if (!format)
        return Error({ImageError::Kind::unsupported,
                      "File content type is invalid: only JPEG, PNG, WebP and GIF images are "
                      "accepted"});
    if (!vips_api())
        return Error({ImageError::Kind::unavailable,
                      "Error processing uploaded media: image processing is unavailable on this "
                      "server"});
    ProcessedImage out;

    // GIFs are checked block by block first: what is kept of an animation is these bytes.
    std::optional<SanitizedGif> gif;
    if (*format == ImageFormat::gif) {
        auto sanitized = sanitize_gif(bytes, limits.max_frames);
        if (!sanitized) {
            log::debug("GIF rejected: " + sanitized.error());
            return Error({ImageError::Kind::unreadable,
                          "File could not be processed: " + sanitized.error()});
        }
        gif = std::move(*sanitized);
    }

    // Dimensions from the header alone: a decompression bomb is refused before any decoding.
    Image header;
    if (!load_header(gif ? std::string_view(gif->bytes) : bytes, *format, header))
        return Error(unreadable("header"));
    int width = header->Xsize;
    int height = vips().vips_image_get_page_height(header.get());
    int frames = gif ? gif->info.frames : vips().vips_image_get_n_pages(header.get());
    std::int64_t frame_pixels = std::int64_t(width) * height;
    if (gif)
        frame_pixels = std::max(frame_pixels, std::int64_t(gif->info.width) * gif->info.height);
    if (width < 1 || height < 1) return Error(unreadable("no size"));
    if (frame_pixels > limits.max_pixels)
        return Error({ImageError::Kind::too_large,
                      "File dimensions are too large: at most " + megapixels(limits.max_pixels) +
                          " megapixels (this one has " + megapixels(frame_pixels) + ")"});
    out.animated = frames > 1;

    if (out.animated) {
        // Kept as it is (no orientation or scaling), so it must already fit. A GIF's frames are
        // copied, never decoded here; a WebP's are re-encoded, so they get the still image budget.
        std::int64_t all_frames = gif ? limits.max_animation_pixels : limits.max_pixels;
        bool outside_box = limits.max_width > 0 && limits.max_height > 0 &&
                           (width > limits.max_width || height > limits.max_height);
        if (outside_box)
            return Error({ImageError::Kind::too_large,
                          "File dimensions are too large: an animation here may be at most " +
                              std::to_string(limits.max_width) + "x" +
                              std::to_string(limits.max_height) + " pixels"});
        if (frame_pixels > limits.original_pixels || frames > limits.max_frames ||
            frame_pixels * frames > all_frames)
            return Error({ImageError::Kind::too_large,
                          "File dimensions are too large: an animation may have at most " +
                              megapixels(limits.original_pixels) + " megapixels per frame and " +
                              megapixels(all_frames) + " in all its frames"});
        out.original.width = width;
        out.original.height = height;
        if (gif) {
            out.original.format = ImageFormat::gif;
            out.original.bytes = std::move(gif->bytes);
        } else {
            // An animated WebP: re-encoded whole, which drops its EXIF, XMP and ICC chunks.
            Image all;
            if (vips().vips_webpload_buffer(const_cast<char*>(bytes.data()), bytes.size(),
                                            all.out(), "n", -1, "access", VIPS_ACCESS_SEQUENTIAL,
                                            "fail_on", VIPS_FAIL_ON_ERROR, nullptr))
                return Error(unreadable("animated WebP"));
            out.original.format = ImageFormat::webp;
            if (!save(all.get(), ImageFormat::webp, out.original.bytes))
                return Error(unreadable("animated WebP save"));
        }
        auto preview_format = gif ? ImageFormat::png : ImageFormat::webp;
        auto added = add_preview(out.original.bytes, width, height, preview_format, limits, out);
        if (!added) return std::unexpected(added.error());
        return out;
    }

    // A still image: upright, in sRGB, within the original's area, re-encoded without metadata.
    // A still GIF becomes a PNG, as Mastodon does.
    bool swap = vips().vips_image_get_orientation_swap(header.get());
    auto [box_width, box_height] =
        fit_area(swap ? height : width, swap ? width : height, limits.original_pixels);
    if (limits.max_width > 0 && limits.max_height > 0) {
        box_width = std::min(box_width, limits.max_width);
        box_height = std::min(box_height, limits.max_height);
    }
    Image original;
    if (!thumbnail(gif ? std::string_view(gif->bytes) : bytes, box_width, box_height, original))
        return Error(unreadable("decode"));
    out.original.format = *format == ImageFormat::gif ? ImageFormat::png : *format;
    out.original.width = original->Xsize;
    out.original.height = original->Ysize;
    if (!save(original.get(), out.original.format, out.original.bytes))
        return Error(unreadable("encode"));
    auto added = add_preview(out.original.bytes, out.original.width, out.original.height,
                             out.original.format, limits, out);
    if (!added) return std::unexpected(added.error());
    return out;
}

} // namespace agora::media

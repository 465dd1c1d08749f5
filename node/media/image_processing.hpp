// Uploaded images through libvips: the type read from the bytes, never from the client; limits
// checked before decoding; upright, metadata-free originals within Mastodon's size; a small
// preview and its blurhash.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace agora::media {

enum class ImageFormat { jpeg, png, webp, gif };

// The format announced by the file's first bytes (magic numbers); nullopt for anything else.
std::optional<ImageFormat> sniff_image_format(std::string_view bytes);
const char* mime_type(ImageFormat format);
const char* file_extension(ImageFormat format); // "jpg", "png", "webp", "gif"
// The format of a stored file from its extension; nullopt when unknown.
std::optional<ImageFormat> format_of_extension(std::string_view extension);

struct ImageLimits {
    // Larger images are refused before decoding (Mastodon's image_matrix_limit, 7680x4320).
    std::int64_t max_pixels = 33'177'600;
    // The kept original is scaled down to this area (Mastodon's: 3840x2160 worth of pixels).
    std::int64_t original_pixels = 8'294'400;
    // The preview's area (Mastodon's `small`: 640x360 worth of pixels).
    std::int64_t preview_pixels = 230'400;
    // Animations are kept as they are, so they must already fit: frames, and pixels of all frames.
    int max_frames = 1000;
    std::int64_t max_animation_pixels = 331'776'000;
    // A box the kept original must fit in (0: none), as for avatars and headers: a still image is
    // scaled down into it, an animation larger than it is refused.
    int max_width = 0;
    int max_height = 0;
};

struct EncodedImage {
    std::string bytes;
    ImageFormat format = ImageFormat::jpeg;
    int width = 0;
    int height = 0;
};

struct ProcessedImage {
    EncodedImage original;
    EncodedImage preview;
    std::string blurhash;
    bool animated =
        false; // an animated GIF or WebP, kept animated (its preview is the first frame)
};

struct ImageError {
    // `unavailable`: libvips could not be loaded on this server (the file is not at fault).
    enum class Kind { unsupported, unreadable, too_large, unavailable } kind;
    std::string message; // for the client: what is wrong, in plain words
};

// Validates and re-encodes an uploaded image: EXIF orientation applied, then every piece of
// metadata dropped (EXIF, GPS, XMP, IPTC, ICC after conversion to sRGB, comments).
std::expected<ProcessedImage, ImageError> process_image(std::string_view bytes,
                                                        const ImageLimits& limits = {});

} // namespace agora::media

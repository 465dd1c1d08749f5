// Rewrites a GIF block by block, keeping only what draws it: animated GIFs keep every frame, bit
// for bit, and lose their comments, XMP, ICC and other application data.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace agora::media {

struct GifInfo {
    int width = 0; // the canvas: the logical screen, grown to hold every frame
    int height = 0;
    int frames = 0; // image descriptors
};

struct SanitizedGif {
    std::string bytes;
    GifInfo info;
};

// Keeps the header, the screen descriptor, colour tables, graphic control extensions, the
// NETSCAPE2.0/ANIMEXTS1.0 looping extension and image data; drops comment, plain-text and other
// application extensions and anything after the trailer. Fails on a malformed or truncated GIF,
// or one with more than `max_frames` frames.
std::expected<SanitizedGif, std::string> sanitize_gif(std::string_view bytes, int max_frames);

} // namespace agora::media

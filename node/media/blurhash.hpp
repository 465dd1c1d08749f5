// BlurHash encoding (the public algorithm by Wolt): a short text that clients turn into a blurred
// placeholder while the real image loads.
#pragma once

#include <cstdint>
#include <string>

namespace agora::media {

// Encodes 8-bit sRGB pixels, rows top to bottom, `channels` bytes per pixel (3 or 4; a fourth is
// ignored). Components: 1 to 9 each way; Mastodon uses 4 across and 3 down.
// Returns an empty string for an empty image or out-of-range arguments.
std::string blurhash_encode(const std::uint8_t* pixels, int width, int height, int channels,
                            int x_components = 4, int y_components = 3);

// The sRGB <-> linear light conversions the algorithm defines (exposed for tests).
double srgb_to_linear(int value);
int linear_to_srgb(double value);

} // namespace agora::media

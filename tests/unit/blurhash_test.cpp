// BlurHash encoding checked against the algorithm's own description: a decoder written here from
// that description reads the hashes back (size flag, DC colour, AC components), and solid colours
// give the well-known hashes (all AC components zero, quantised to the middle level "fQ").
#include "media/blurhash.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <vector>

using namespace agora::media;

namespace {
constexpr std::string_view digits =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

long decode83(std::string_view text) {
    long value = 0;
    for (char c : text) {
        auto digit = digits.find(c);
        REQUIRE(digit != std::string_view::npos);
        value = value * 83 + static_cast<long>(digit);
    }
    return value;
}

struct Decoded {
    int x_components = 0, y_components = 0;
    int dc_r = 0, dc_g = 0, dc_b = 0;      // sRGB
    std::vector<std::array<double, 3>> ac; // linear, in the order written
};

// The decoding half of the algorithm's description.
Decoded decode(std::string_view hash) {
    Decoded d;
    long size_flag = decode83(hash.substr(0, 1));
    d.y_components = static_cast<int>(size_flag / 9) + 1;
    d.x_components = static_cast<int>(size_flag % 9) + 1;
    REQUIRE(hash.size() == std::size_t(4 + 2 * d.x_components * d.y_components));
    double maximum = (decode83(hash.substr(1, 1)) + 1) / 166.0;
    long dc = decode83(hash.substr(2, 4));
    d.dc_r = static_cast<int>(dc >> 16);
    d.dc_g = static_cast<int>((dc >> 8) & 255);
    d.dc_b = static_cast<int>(dc & 255);
    auto unquantise = [&](long q) {
        double v = (static_cast<double>(q) - 9) / 9;
        return std::copysign(v * v, v) * maximum;
    };
    for (int k = 1; k < d.x_components * d.y_components; ++k) {
        long v = decode83(hash.substr(6 + (k - 1) * 2, 2)); // after flag, maximum, DC
        d.ac.push_back({unquantise(v / (19 * 19)), unquantise((v / 19) % 19), unquantise(v % 19)});
    }
    return d;
}

std::vector<std::uint8_t> solid(int width, int height, std::uint8_t r, std::uint8_t g,
                                std::uint8_t b) {
    std::vector<std::uint8_t> pixels;
    for (int i = 0; i < width * height; ++i)
        pixels.insert(pixels.end(), {r, g, b});
    return pixels;
}
} // namespace

TEST_CASE("blurhash: solid colours give the known hashes", "[unit][blurhash]") {
    auto black = solid(32, 24, 0, 0, 0);
    CHECK(blurhash_encode(black.data(), 32, 24, 3) == "L00000fQfQfQfQfQfQfQfQfQfQfQ");
    // Pure red, 10 x 10, derived by hand from the description. The basis is sampled at x = 0..w-1,
    // so sum cos(pi i x / w) is w for i = 0, 1 for odd i and 0 for even i: in linear light the
    // red AC terms are 2*1*10/100 = 0.2 at (1,0), (3,0), (0,1) and 2*1*1/100 = 0.02 at (1,1),
    // (3,1). Maximum: floor(0.2 * 166 - 0.5) = 32 -> "W", scale 33/166. DC 0xFF0000 =
    // 29*83^3 + 18*83^2 + 70*83 + 45 -> "TI:j". AC 0.2: red level 18, others 9 -> 6678 -> "|c";
    // AC 0.02: sqrt(0.02 * 166 / 33) * 9 + 9.5 -> 12 -> 4512 -> "sU"; zero -> 9,9,9 = 3429 -> "fQ".
    auto red = solid(10, 10, 255, 0, 0);
    CHECK(blurhash_encode(red.data(), 10, 10, 3) == "LWTI:j|cfQ|c|csUfQsUfQfQfQfQ");

    // Any solid colour: the DC is the colour, the AC terms follow the same sums.
    const int width = 7, height = 5;
    auto grey = solid(width, height, 128, 128, 128);
    auto d = decode(blurhash_encode(grey.data(), width, height, 3));
    CHECK(d.x_components == 4);
    CHECK(d.y_components == 3);
    CHECK(d.dc_r == 128);
    CHECK(d.dc_g == 128);
    CHECK(d.dc_b == 128);
    auto sum = [](int k, int n) { return k == 0 ? double(n) : (k % 2 ? 1.0 : 0.0); };
    double linear = srgb_to_linear(128);
    for (int k = 1; k < 12; ++k) {
        double expected = 2 * linear * sum(k % 4, width) * sum(k / 4, height) / (width * height);
        INFO("component " << k);
        for (int c = 0; c < 3; ++c)
            CHECK(d.ac[k - 1][c] == Approx(expected).margin(0.1 * linear));
    }
}

TEST_CASE("blurhash: alpha is ignored, other component counts work", "[unit][blurhash]") {
    std::vector<std::uint8_t> rgba;
    for (int i = 0; i < 16; ++i)
        rgba.insert(rgba.end(), {0, 0, 0, static_cast<std::uint8_t>(i * 16)});
    CHECK(blurhash_encode(rgba.data(), 4, 4, 4) == "L00000fQfQfQfQfQfQfQfQfQfQfQ");
    auto black = solid(4, 4, 0, 0, 0);
    auto one = blurhash_encode(black.data(), 4, 4, 3, 1, 1);
    CHECK(one == "000000");
    auto wide = blurhash_encode(black.data(), 4, 4, 3, 9, 9);
    CHECK(wide.size() == 4 + 2 * 81);
    CHECK(blurhash_encode(black.data(), 4, 4, 3, 0, 3).empty());
    CHECK(blurhash_encode(black.data(), 4, 4, 3, 4, 10).empty());
    CHECK(blurhash_encode(black.data(), 0, 4, 3).empty());
    CHECK(blurhash_encode(black.data(), 4, 4, 2).empty());
}

TEST_CASE("blurhash: a gradient's components decode back to the image's", "[unit][blurhash]") {
    // Red rises left to right, blue top to bottom: the AC terms must say so, in the right slots.
    const int width = 40, height = 30;
    std::vector<std::uint8_t> pixels;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            pixels.insert(pixels.end(), {static_cast<std::uint8_t>(x * 255 / (width - 1)), 64,
                                         static_cast<std::uint8_t>(y * 255 / (height - 1))});
    auto hash = blurhash_encode(pixels.data(), width, height, 3);
    auto d = decode(hash);

    // The same components computed directly from the description, without the encoder's tables.
    auto component = [&](int i, int j, int channel) {
        double sum = 0;
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x)
                sum += std::cos(std::numbers::pi * i * x / width) *
                       std::cos(std::numbers::pi * j * y / height) *
                       srgb_to_linear(pixels[(y * width + x) * 3 + channel]);
        return sum * ((i == 0 && j == 0) ? 1.0 : 2.0) / (width * height);
    };
    CHECK(d.dc_r == linear_to_srgb(component(0, 0, 0)));
    CHECK(d.dc_g == linear_to_srgb(component(0, 0, 1)));
    CHECK(d.dc_b == linear_to_srgb(component(0, 0, 2)));
    double largest = 0;
    for (int k = 1; k < 12; ++k)
        for (int c = 0; c < 3; ++c)
            largest = std::max(largest, std::abs(component(k % 4, k / 4, c)));
    for (int k = 1; k < 12; ++k) {
        int i = k % 4, j = k / 4; // x varies fastest
        for (int c = 0; c < 3; ++c) {
            double expected = component(i, j, c);
            INFO("component " << i << "," << j << " channel " << c);
            // 19 levels after a square root: the error is at most about a tenth of the range.
            CHECK(std::abs(d.ac[k - 1][c] - expected) <= 0.12 * largest);
        }
    }
    CHECK(d.ac[0][0] < -0.05); // (1,0) red: brighter on the right means a negative cosine weight
    CHECK(std::abs(d.ac[0][2]) < 0.02);
    CHECK(d.ac[3][2] < -0.05); // (0,1) blue: brighter at the bottom
    CHECK(std::abs(d.ac[3][0]) < 0.02);
}

TEST_CASE("blurhash: sRGB conversions round-trip", "[unit][blurhash]") {
    for (int v = 0; v < 256; ++v)
        CHECK(linear_to_srgb(srgb_to_linear(v)) == v);
    CHECK(linear_to_srgb(-1) == 0);
    CHECK(linear_to_srgb(2) == 255);
}

// BlurHash encoding: a few cosine components of the image in linear light, quantised and written
// in base 83.
#include "media/blurhash.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace agora::media {

namespace {
constexpr std::string_view base83_digits =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

void append_base83(std::string& out, long value, int length) {
    for (int i = 1; i <= length; ++i) {
        long divisor = 1;
        for (int j = 0; j < length - i; ++j)
            divisor *= 83;
        out.push_back(base83_digits[(value / divisor) % 83]);
    }
}

// Raises the magnitude to `exponent`, keeping the sign.
double sign_pow(double value, double exponent) {
    return std::copysign(std::pow(std::abs(value), exponent), value);
}

struct Factor {
    double r = 0, g = 0, b = 0;
};
} // namespace

double srgb_to_linear(int value) {
    double v = value / 255.0;
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

int linear_to_srgb(double value) {
    double v = std::clamp(value, 0.0, 1.0);
    double srgb = v <= 0.0031308 ? v * 12.92 : 1.055 * std::pow(v, 1 / 2.4) - 0.055;
    return static_cast<int>(std::floor(srgb * 255 + 0.5));
}

std::string blurhash_encode(const std::uint8_t* pixels, int width, int height, int channels,
                            int x_components, int y_components) {
    if (!pixels || width < 1 || height < 1 || (channels != 3 && channels != 4) ||
        x_components < 1 || x_components > 9 || y_components < 1 || y_components > 9)
        return "";

    // The image in linear light, once, and the cosine tables of each axis.
    std::vector<double> linear(static_cast<std::size_t>(width) * height * 3);
    for (std::size_t i = 0, n = static_cast<std::size_t>(width) * height; i < n; ++i)
        for (int c = 0; c < 3; ++c)
            linear[i * 3 + c] = srgb_to_linear(pixels[i * channels + c]);
    auto cosines = [](int components, int size) {
        std::vector<double> table(static_cast<std::size_t>(components) * size);
        for (int k = 0; k < components; ++k)
            for (int p = 0; p < size; ++p)
                table[static_cast<std::size_t>(k) * size + p] =
                    std::cos(std::numbers::pi * k * p / size);
        return table;
    };
    auto cos_x = cosines(x_components, width);
    auto cos_y = cosines(y_components, height);

    // factor(i, j) = normalisation / (w h) * sum over pixels of basis(i, j) * colour.
    std::vector<Factor> factors;
    for (int j = 0; j < y_components; ++j) {
        for (int i = 0; i < x_components; ++i) {
            Factor f;
            double normalisation = (i == 0 && j == 0) ? 1.0 : 2.0;
            for (int y = 0; y < height; ++y) {
                double cy = cos_y[static_cast<std::size_t>(j) * height + y];
                const double* row = &linear[static_cast<std::size_t>(y) * width * 3];
                for (int x = 0; x < width; ++x) {
                    double basis = cos_x[static_cast<std::size_t>(i) * width + x] * cy;
                    f.r += basis * row[x * 3];
                    f.g += basis * row[x * 3 + 1];
                    f.b += basis * row[x * 3 + 2];
                }
            }
            double scale = normalisation / (static_cast<double>(width) * height);
            factors.push_back({f.r * scale, f.g * scale, f.b * scale});
        }
    }

    std::string hash;
    append_base83(hash, (x_components - 1) + (y_components - 1) * 9, 1);

    // The largest AC magnitude, quantised, sets the scale of every AC component.
    double maximum_value = 1;
    if (factors.size() > 1) {
        double actual_max = 0;
        for (std::size_t k = 1; k < factors.size(); ++k)
            actual_max = std::max({actual_max, std::abs(factors[k].r), std::abs(factors[k].g),
                                   std::abs(factors[k].b)});
        int quantised_max =
            static_cast<int>(std::clamp(std::floor(actual_max * 166 - 0.5), 0.0, 82.0));
        maximum_value = (quantised_max + 1) / 166.0;
        append_base83(hash, quantised_max, 1);
    } else {
        append_base83(hash, 0, 1);
    }

    // DC: the average colour, back in sRGB, 8 bits per channel.
    const Factor& dc = factors[0];
    long dc_value = (static_cast<long>(linear_to_srgb(dc.r)) << 16) +
                    (static_cast<long>(linear_to_srgb(dc.g)) << 8) + linear_to_srgb(dc.b);
    append_base83(hash, dc_value, 4);

    // AC: each channel on 19 levels, after a square-root companding.
    auto quantise = [&](double v) {
        return static_cast<long>(
            std::clamp(std::floor(sign_pow(v / maximum_value, 0.5) * 9 + 9.5), 0.0, 18.0));
    };
    for (std::size_t k = 1; k < factors.size(); ++k) {
        const Factor& f = factors[k];
        append_base83(hash, quantise(f.r) * 19 * 19 + quantise(f.g) * 19 + quantise(f.b), 2);
    }
    return hash;
}

} // namespace agora::media

// Small images made on the spot with libvips (loaded as the node loads it) for the media tests, and
// a decoder to inspect them.
#include "rig/test_images.hpp"

#include "media/vips_library.hpp"

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace agora::testing {

namespace {
// Through the node's own loader (nothing in the tests links libvips either), started as the node
// starts it; media::vips() answers from then on.
void start_vips() {
    auto api = media::vips_api();
    if (!api) throw std::runtime_error("libvips is unavailable: " + api.error());
}

struct Owned {
    VipsImage* image = nullptr;
    ~Owned() {
        if (image) media::vips().g_object_unref(image);
    }
};

std::string saved(VipsImage* image, const std::string& format) {
    void* data = nullptr;
    std::size_t size = 0;
    int failed = 1;
    if (format == "jpg")
        failed = media::vips().vips_jpegsave_buffer(image, &data, &size, "Q", 90, nullptr);
    else if (format == "png")
        failed = media::vips().vips_pngsave_buffer(image, &data, &size, nullptr);
    else if (format == "webp")
        failed = media::vips().vips_webpsave_buffer(image, &data, &size, nullptr);
    else if (format == "gif")
        failed = media::vips().vips_gifsave_buffer(image, &data, &size, nullptr);
    if (failed) throw std::runtime_error("libvips could not save a test " + format);
    std::string out(static_cast<const char*>(data), size);
    media::vips().g_free(data);
    return out;
}

// A gradient image (frames stacked vertically, as libvips represents animations).
VipsImage* gradient(int width, int height, int frames) {
    std::vector<std::uint8_t> pixels(std::size_t(width) * height * frames * 3);
    for (int f = 0; f < frames; ++f)
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) {
                auto* p = &pixels[((std::size_t(f) * height + y) * width + x) * 3];
                p[0] = static_cast<std::uint8_t>(255 * x / std::max(1, width - 1));
                p[1] = static_cast<std::uint8_t>(255 * y / std::max(1, height - 1));
                p[2] = static_cast<std::uint8_t>((f * 60) % 256);
            }
    VipsImage* image = media::vips().vips_image_new_from_memory_copy(
        pixels.data(), pixels.size(), width, height * frames, 3, VIPS_FORMAT_UCHAR);
    if (!image) throw std::runtime_error("libvips could not make a test image");
    if (frames > 1) {
        media::vips().vips_image_set_int(image, "page-height", height);
        std::vector<int> delays(frames, 100);
        media::vips().vips_image_set_array_int(image, "delay", delays.data(), frames);
        media::vips().vips_image_set_int(image, "loop", 0);
    }
    return image;
}

void put16(std::string& out, unsigned v) {
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>((v >> 8) & 0xFF));
}
void put32(std::string& out, std::uint32_t v) {
    put16(out, v & 0xFFFF);
    put16(out, v >> 16);
}
void put32_be(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

// A JPEG segment: marker, big-endian length (including itself), payload.
std::string jpeg_segment(unsigned marker, const std::string& payload) {
    std::string out;
    out.push_back(static_cast<char>(0xFF));
    out.push_back(static_cast<char>(marker));
    std::size_t length = payload.size() + 2;
    out.push_back(static_cast<char>(length >> 8));
    out.push_back(static_cast<char>(length & 0xFF));
    return out + payload;
}

std::string xmp_packet(const std::string& marker) {
    return "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
           "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description "
           "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:creator=\"" +
           marker + "\"/></rdf:RDF></x:xmpmeta>";
}

std::uint32_t crc32(std::string_view bytes) {
    std::uint32_t crc = 0xFFFFFFFF;
    for (unsigned char c : bytes) {
        crc ^= c;
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

std::string png_chunk(const std::string& type, const std::string& data) {
    std::string out;
    put32_be(out, static_cast<std::uint32_t>(data.size()));
    std::string body = type + data;
    out += body;
    put32_be(out, crc32(body));
    return out;
}
} // namespace

std::string make_image(const std::string& format, int width, int height, int frames) {
    start_vips();
    Owned image{gradient(width, height, frames)};
    return saved(image.image, format);
}

std::string make_variant(const std::string& format, const std::string& variant) {
    start_vips();
    Owned rgb{gradient(48, 32, 1)};
    Owned converted;
    int failed = 0;
    if (variant == "grey") {
        failed = media::vips().vips_colourspace(rgb.image, &converted.image,
                                                VIPS_INTERPRETATION_B_W, nullptr);
    } else if (variant == "alpha") {
        failed = media::vips().vips_bandjoin_const1(rgb.image, &converted.image, 128, nullptr);
    } else if (variant == "16bit") {
        failed = media::vips().vips_colourspace(rgb.image, &converted.image,
                                                VIPS_INTERPRETATION_RGB16, nullptr);
    } else if (variant == "cmyk") {
        failed = media::vips().vips_icc_export(rgb.image, &converted.image, "output_profile",
                                               "cmyk", nullptr);
    }
    if (failed || !converted.image) throw std::runtime_error("libvips could not make " + variant);
    return saved(converted.image, format);
}

std::string exif_block(int orientation) {
    // Little-endian TIFF: IFD0 (orientation, pointer to the GPS IFD), then the GPS IFD
    // (latitude reference and latitude as three rationals).
    std::string tiff = "II";
    put16(tiff, 42);
    put32(tiff, 8);
    put16(tiff, 2); // IFD0 at 8: two entries
    put16(tiff, 0x0112);
    put16(tiff, 3); // SHORT
    put32(tiff, 1);
    put16(tiff, static_cast<unsigned>(orientation));
    put16(tiff, 0);
    put16(tiff, 0x8825);
    put16(tiff, 4); // LONG
    put32(tiff, 1);
    put32(tiff, 38); // the GPS IFD follows IFD0 (8 + 2 + 24 + 4)
    put32(tiff, 0);
    put16(tiff, 2); // GPS IFD at 38: two entries
    put16(tiff, 0x0001);
    put16(tiff, 2); // ASCII
    put32(tiff, 2);
    tiff += std::string("N\0\0\0", 4);
    put16(tiff, 0x0002);
    put16(tiff, 5); // RATIONAL
    put32(tiff, 3);
    put32(tiff, 68); // its values follow the GPS IFD (38 + 2 + 24 + 4)
    put32(tiff, 0);
    for (std::uint32_t v : {48u, 1u, 51u, 1u, 2958u, 100u})
        put32(tiff, v);
    return std::string("Exif\0\0", 6) + tiff;
}

std::string jpeg_with_metadata(int width, int height, int orientation, const std::string& marker) {
    std::string jpeg = make_image("jpg", width, height);
    std::size_t at = 2; // after SOI, and after the JFIF APP0 when there is one
    if (static_cast<unsigned char>(jpeg[2]) == 0xFF && static_cast<unsigned char>(jpeg[3]) == 0xE0)
        at = 4 + ((static_cast<unsigned char>(jpeg[4]) << 8) | static_cast<unsigned char>(jpeg[5]));
    std::string segments =
        jpeg_segment(0xE1, exif_block(orientation)) +
        jpeg_segment(0xE1, std::string("http://ns.adobe.com/xap/1.0/\0", 29) + xmp_packet(marker)) +
        jpeg_segment(0xFE, "comment " + marker);
    jpeg.insert(at, segments);
    return jpeg;
}

std::string png_with_metadata(int width, int height, const std::string& marker) {
    // Uncompressed chunks after IHDR (8 + 25 bytes), so the marker shows in the bytes.
    std::string png = make_image("png", width, height);
    std::string chunks =
        png_chunk("tEXt", std::string("Comment\0", 8) + marker) +
        png_chunk("iTXt", std::string("XML:com.adobe.xmp\0\0\0\0\0", 22) + xmp_packet(marker)) +
        png_chunk("eXIf", exif_block(1).substr(6));
    png.insert(33, chunks);
    return png;
}

std::string webp_with_metadata(int width, int height, const std::string& marker) {
    start_vips();
    Owned image{gradient(width, height, 1)};
    std::string exif = exif_block(1);
    media::vips().vips_image_set_blob_copy(image.image, "exif-data", exif.data(), exif.size());
    std::string xmp = xmp_packet(marker);
    media::vips().vips_image_set_blob_copy(image.image, "xmp-data", xmp.data(), xmp.size());
    return saved(image.image, "webp");
}

std::string gif_with_comment(int width, int height, int frames, const std::string& marker) {
    std::string gif = make_image("gif", width, height, frames);
    std::string comment = "\x21\xFE";
    comment.push_back(static_cast<char>(marker.size()));
    comment += marker;
    comment.push_back('\0');
    gif.insert(gif.size() - 1, comment); // before the trailer
    return gif;
}

std::string png_header_only(int width, int height) {
    std::string ihdr;
    put32_be(ihdr, static_cast<std::uint32_t>(width));
    put32_be(ihdr, static_cast<std::uint32_t>(height));
    ihdr += std::string("\x08\x02\x00\x00\x00", 5); // 8-bit RGB
    return std::string("\x89PNG\r\n\x1A\n", 8) + png_chunk("IHDR", ihdr) +
           png_chunk("IDAT", std::string("\x78\x9C\x03\x00\x00\x00\x00\x01", 8)) +
           png_chunk("IEND", "");
}

std::optional<DecodedImage> decode_image(std::string_view bytes) {
    start_vips();
    Owned image;
    image.image = media::vips().vips_image_new_from_buffer(bytes.data(), bytes.size(), "",
                                                           "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
    if (!image.image) {
        media::vips().vips_error_clear();
        return std::nullopt;
    }
    const char* first_loader = nullptr;
    if (media::vips().vips_image_get_string(image.image, "vips-loader", &first_loader) == 0 &&
        first_loader &&
        (std::string_view(first_loader).starts_with("gif") ||
         std::string_view(first_loader).starts_with("webp"))) {
        Owned all; // every frame of an animation
        all.image = media::vips().vips_image_new_from_buffer(
            bytes.data(), bytes.size(), "", "n", -1, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
        if (!all.image) {
            media::vips().vips_error_clear();
            return std::nullopt;
        }
        std::swap(image.image, all.image);
    }
    double average = 0;
    if (media::vips().vips_avg(image.image, &average, nullptr)) { // reads every pixel
        media::vips().vips_error_clear();
        return std::nullopt;
    }
    DecodedImage out;
    const char* loader = nullptr;
    if (media::vips().vips_image_get_string(image.image, "vips-loader", &loader) == 0 && loader)
        out.loader = loader;
    out.width = image.image->Xsize;
    out.height = media::vips().vips_image_get_page_height(image.image);
    out.pages = media::vips().vips_image_get_n_pages(image.image);
    out.has_exif = media::vips().vips_image_get_typeof(image.image, "exif-data") != 0;
    out.has_gps = media::vips().vips_image_get_typeof(image.image, "exif-ifd3-GPSLatitude") != 0;
    out.has_xmp = media::vips().vips_image_get_typeof(image.image, "xmp-data") != 0;
    out.has_icc = media::vips().vips_image_get_typeof(image.image, "icc-profile-data") != 0;
    out.orientation = media::vips().vips_image_get_orientation(image.image);
    return out;
}

} // namespace agora::testing

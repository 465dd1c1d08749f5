// Rewrites a GIF block by block (GIF89a's structure), keeping only what draws it.
#include "media/gif_sanitizer.hpp"

#include <algorithm>

namespace agora::media {

namespace {
using Error = std::unexpected<std::string>;

class Reader {
public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}
    bool has(std::size_t n) const { return bytes_.size() - at_ >= n; }
    unsigned byte(std::size_t offset = 0) const {
        return static_cast<unsigned char>(bytes_[at_ + offset]);
    }
    unsigned u16(std::size_t offset) const { return byte(offset) | (byte(offset + 1) << 8); }
    std::string_view take(std::size_t n) {
        auto out = bytes_.substr(at_, n);
        at_ += n;
        return out;
    }
    std::size_t position() const { return at_; }

private:
    std::string_view bytes_;
    std::size_t at_ = 0;
};

// The size in bytes of a colour table announced by a packed field (0 when its flag is unset).
std::size_t colour_table_bytes(unsigned packed) {
    return (packed & 0x80) ? 3u * (1u << ((packed & 0x07) + 1)) : 0;
}

// A chain of data sub-blocks ending with a zero-length block; returns it whole, or an error.
std::expected<std::string_view, std::string> sub_blocks(Reader& in, std::string_view whole) {
    std::size_t start = in.position();
    for (;;) {
        if (!in.has(1)) return Error("the GIF is truncated");
        unsigned size = in.byte();
        in.take(1);
        if (size == 0) break;
        if (!in.has(size)) return Error("the GIF is truncated");
        in.take(size);
    }
    return whole.substr(start, in.position() - start);
}
} // namespace

std::expected<SanitizedGif, std::string> sanitize_gif(std::string_view bytes, int max_frames) {
    Reader in(bytes);
    SanitizedGif out;
    if (!in.has(13)) return Error("the GIF is truncated");
    auto header = in.take(6);
    if (header != "GIF87a" && header != "GIF89a") return Error("not a GIF");
    out.info.width = static_cast<int>(in.u16(0));
    out.info.height = static_cast<int>(in.u16(2));
    std::size_t global_table = colour_table_bytes(in.byte(4));
    auto screen = in.take(7);
    if (!in.has(global_table)) return Error("the GIF is truncated");
    out.bytes.reserve(bytes.size());
    out.bytes.append(header).append(screen).append(in.take(global_table));

    for (;;) {
        if (!in.has(1)) return Error("the GIF is truncated (no trailer)");
        unsigned introducer = in.byte();
        if (introducer == 0x3B) { // trailer: whatever follows is dropped
            out.bytes.push_back(';');
            break;
        }
        if (introducer == 0x2C) { // image descriptor, optional local table, LZW data
            if (!in.has(11)) return Error("the GIF is truncated");
            unsigned right = in.u16(1) + in.u16(5), bottom = in.u16(3) + in.u16(7);
            if (in.u16(5) == 0 || in.u16(7) == 0) return Error("a GIF frame has no size");
            std::size_t local_table = colour_table_bytes(in.byte(9));
            auto descriptor = in.take(10);
            if (!in.has(local_table + 1)) return Error("the GIF is truncated");
            auto table = in.take(local_table);
            unsigned code_size = in.byte();
            if (code_size < 1 || code_size > 11) return Error("a GIF frame is malformed");
            auto code = in.take(1);
            auto data = sub_blocks(in, bytes);
            if (!data) return std::unexpected(data.error());
            if (++out.info.frames > max_frames)
                return Error("the GIF has more than " + std::to_string(max_frames) + " frames");
            out.info.width = std::max(out.info.width, static_cast<int>(right));
            out.info.height = std::max(out.info.height, static_cast<int>(bottom));
            out.bytes.append(descriptor).append(table).append(code).append(*data);
            continue;
        }
        if (introducer != 0x21) return Error("the GIF is malformed");
        if (!in.has(2)) return Error("the GIF is truncated");
        unsigned label = in.byte(1);
        bool keep = label == 0xF9; // graphic control: delays, disposal, transparency
        if (label == 0xFF && in.has(14) && in.byte(2) == 11) {
            auto application = bytes.substr(in.position() + 3, 11);
            keep = application == "NETSCAPE2.0" || application == "ANIMEXTS1.0"; // looping
        }
        auto intro = in.take(2);
        auto data = sub_blocks(in, bytes);
        if (!data) return std::unexpected(data.error());
        if (keep) out.bytes.append(intro).append(*data);
    }
    if (out.info.frames == 0) return Error("the GIF has no image");
    if (out.info.width == 0 || out.info.height == 0) return Error("the GIF has no size");
    return out;
}

} // namespace agora::media

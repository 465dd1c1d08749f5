// A minimal WebSocket client for tests (RFC 6455: handshake, masked text frames out, text frames
// in).
#include "rig/websocket_client.hpp"

#include <chrono>

namespace agora::testing {

WebSocketClient::WebSocketClient(std::uint16_t port, const std::string& target,
                                 const std::string& protocol)
    : conn_(port) {
    std::string request =
        "GET " + target +
        " HTTP/1.1\r\nHost: agora.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
    if (!protocol.empty()) request += "Sec-WebSocket-Protocol: " + protocol + "\r\n";
    conn_.send(request + "\r\n");
    handshake_ = conn_.read_response(3000);
}

void WebSocketClient::send_text(const std::string& text) {
    std::string frame;
    frame.push_back(char(0x81)); // FIN + text
    const unsigned char mask[4] = {0x12, 0x34, 0x56, 0x78};
    if (text.size() < 126) {
        frame.push_back(char(0x80 | text.size()));
    } else {
        frame.push_back(char(0x80 | 126));
        frame.push_back(char((text.size() >> 8) & 0xff));
        frame.push_back(char(text.size() & 0xff));
    }
    frame.append(reinterpret_cast<const char*>(mask), 4);
    for (std::size_t i = 0; i < text.size(); ++i)
        frame.push_back(char(text[i] ^ mask[i % 4]));
    conn_.send(frame);
}

bool WebSocketClient::read_exact(std::string& out, std::size_t n, int timeout_ms) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (buffer_.size() < n) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        auto more = conn_.read_all(int(std::min<long>(left.count(), 50)));
        if (more.empty() && conn_.closed_within(0)) return false;
        buffer_ += more;
    }
    out = buffer_.substr(0, n);
    buffer_.erase(0, n);
    return true;
}

std::optional<std::string> WebSocketClient::receive(int timeout_ms) {
    for (;;) {
        std::string head;
        if (!read_exact(head, 2, timeout_ms)) return std::nullopt;
        unsigned opcode = static_cast<unsigned char>(head[0]) & 0x0f;
        std::size_t length = static_cast<unsigned char>(head[1]) & 0x7f;
        if (length == 126 || length == 127) {
            std::string ext;
            std::size_t bytes = length == 126 ? 2 : 8;
            if (!read_exact(ext, bytes, timeout_ms)) return std::nullopt;
            length = 0;
            for (unsigned char c : ext)
                length = (length << 8) | c;
        }
        std::string payload;
        if (!read_exact(payload, length, timeout_ms)) return std::nullopt;
        if (opcode == 0x1) return payload;
        if (opcode == 0x8) return std::nullopt; // close
        // pings, pongs: skip
    }
}

} // namespace agora::testing

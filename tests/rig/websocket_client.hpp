// A minimal WebSocket client for tests (RFC 6455: handshake, masked text frames out, text frames
// in).
#pragma once

#include "rig/raw_connection.hpp"

#include <optional>
#include <string>

namespace agora::testing {

class WebSocketClient {
public:
    // Connects and upgrades `target` (e.g. "/api/v1/streaming?stream=user&access_token=..."); the
    // handshake answer is kept in handshake(). `protocol` is sent as Sec-WebSocket-Protocol.
    WebSocketClient(std::uint16_t port, const std::string& target,
                    const std::string& protocol = "");
    const std::string& handshake() const { return handshake_; }
    bool upgraded() const { return status_of(handshake_) == 101; }

    void send_text(const std::string& text);
    // The next text frame, or nullopt after `timeout_ms` (pings are answered and skipped).
    std::optional<std::string> receive(int timeout_ms);

private:
    bool read_exact(std::string& out, std::size_t n, int timeout_ms);
    RawConnection conn_;
    std::string handshake_;
    std::string buffer_;
};

} // namespace agora::testing

// A raw TCP connection to a test node, for what an HTTP library will not send: partial requests,
// slow clients, oversized headers, malformed request lines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace agora::testing {

class RawConnection {
public:
    explicit RawConnection(std::uint16_t port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;

    bool send(std::string_view data);
    // Reads until the peer closes or `timeout_ms` passes; returns what arrived.
    std::string read_all(int timeout_ms);
    // Reads one HTTP response (headers and Content-Length body), waiting up to `timeout_ms`.
    std::string read_response(int timeout_ms);
    // True when the server closed the connection within `timeout_ms`.
    bool closed_within(int timeout_ms);

private:
    int fd_ = -1;
    std::string pending_;
};

// The status code of a raw HTTP response ("HTTP/1.1 200 OK" -> 200), or 0.
int status_of(std::string_view response);

} // namespace agora::testing

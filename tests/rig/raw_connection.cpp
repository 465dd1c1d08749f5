// A raw TCP connection to a test node, for what an HTTP library will not send.
#include "rig/raw_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>

namespace agora::testing {

RawConnection::RawConnection(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        throw std::runtime_error("cannot connect to the test node");
}

RawConnection::~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send(std::string_view data) {
    while (!data.empty()) {
        auto n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        data.remove_prefix(std::size_t(n));
    }
    return true;
}

namespace {
// Waits for readability; returns bytes read (0 on close, -1 on timeout or error).
long read_some(int fd, std::string& out, int timeout_ms) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return -1;
    char buf[8192];
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) out.append(buf, std::size_t(n));
    return n;
}
} // namespace

std::string RawConnection::read_all(int timeout_ms) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::string out = std::move(pending_);
    pending_.clear();
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        if (read_some(fd_, out, int(left.count())) <= 0) break;
    }
    return out;
}

std::string RawConnection::read_response(int timeout_ms) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::string& buf = pending_;
    for (;;) {
        auto end = buf.find("\r\n\r\n");
        if (end != std::string::npos) {
            std::size_t length = 0;
            auto pos = buf.find("Content-Length: ");
            if (pos == std::string::npos) pos = buf.find("content-length: ");
            if (pos != std::string::npos && pos < end)
                length = std::strtoul(buf.c_str() + pos + 16, nullptr, 10);
            if (buf.size() >= end + 4 + length) {
                std::string response = buf.substr(0, end + 4 + length);
                buf.erase(0, end + 4 + length);
                return response;
            }
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || read_some(fd_, buf, int(left.count())) <= 0) {
            std::string partial = std::move(buf);
            buf.clear();
            return partial;
        }
    }
}

bool RawConnection::closed_within(int timeout_ms) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        std::string ignored;
        long n = read_some(fd_, ignored, int(left.count()));
        if (n == 0) return true;
        if (n < 0) {
            if (std::chrono::steady_clock::now() >= deadline) return false;
            return true; // a reset counts as closed
        }
    }
}

int status_of(std::string_view response) {
    if (response.size() < 12 || !response.starts_with("HTTP/1.")) return 0;
    return std::atoi(std::string(response.substr(9, 3)).c_str());
}

} // namespace agora::testing

// The HTTP/1.1 server: Beast sessions as C++20 coroutines on an io_context run by N threads.
// This header stays free of Boost so that only server.cpp pays for Beast's compile time.
#pragma once

#include "http/router.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace agora::http {

struct ServerLimits {
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_body_bytes = 1024 * 1024; // default per route; routes may raise or lower it
    unsigned request_timeout_seconds = 30;    // to receive a whole request once it has started
    unsigned idle_timeout_seconds = 75;       // keep-alive wait for the next request
    unsigned shutdown_timeout_seconds = 10;   // in-flight requests get this long after SIGTERM
};

class Server {
public:
    Server(const Router& router, ServerLimits limits, bool access_log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and listens; returns the bound port (useful when asked for port 0). Throws on failure.
    std::uint16_t listen(const std::string& host, std::uint16_t port);

    // Runs the accept loop and sessions on `threads` threads (the caller's included) until stop()
    // or, when `handle_signals`, SIGINT/SIGTERM. Returns once every connection has closed.
    void run(unsigned threads, bool handle_signals);

    // Graceful stop, callable from any thread: stop accepting, close idle keep-alive connections,
    // let in-flight requests finish (up to the shutdown timeout), then return from run().
    void stop();

    // Called (from a server thread) when a stop begins, e.g. so readiness can report 503.
    void on_stopping(std::function<void()> callback);

    bool stopping() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace agora::http

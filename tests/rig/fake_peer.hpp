// A remote server on loopback for federation tests: a cpp-httplib server in its own thread that
// answers each path with what the test says (delays, redirects, huge bodies included) and records
// every request it received, headers and all, so that tests can check signatures.
#pragma once

#include "http/message.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace agora::testing {

struct PeerRequest {
    std::string method;
    std::string target; // path and query as sent
    std::string path;
    std::vector<http::Header> headers;
    std::string body;

    std::string header(std::string_view name) const; // empty when absent
};

struct PeerResponse {
    int status = 200;
    std::string content_type = "application/activity+json";
    std::string body;
    std::vector<http::Header> headers;
    std::chrono::milliseconds delay{0}; // before answering
    // When set, the body is sent in `drip_chunks` chunks of one byte, one every `drip_every`.
    int drip_chunks = 0;
    std::chrono::milliseconds drip_every{0};
};

using PeerHandler = std::function<PeerResponse(const PeerRequest&)>;

class FakePeer {
public:
    FakePeer();
    ~FakePeer();

    std::uint16_t port() const { return port_; }
    std::string authority() const { return "127.0.0.1:" + std::to_string(port_); }
    std::string origin() const { return "http://" + authority(); }
    std::string url(std::string_view path) const { return origin() + std::string(path); }

    // Answers GET and POST of `path` (without query); other paths get 404.
    void on(const std::string& path, PeerHandler handler);
    // Answers `path` with this JSON document (application/activity+json).
    void serve_json(const std::string& path, std::string body,
                    std::string content_type = "application/activity+json");

    std::vector<PeerRequest> requests() const;
    std::size_t count(std::string_view path) const;
    void stop();

private:
    PeerResponse answer(const PeerRequest& request);

    std::unique_ptr<httplib::Server> server_;
    std::uint16_t port_ = 0;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::map<std::string, PeerHandler> handlers_;
    std::vector<PeerRequest> requests_;
};

} // namespace agora::testing

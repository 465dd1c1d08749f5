// A remote server on loopback for federation tests.
#include "rig/fake_peer.hpp"

#include <httplib.h>

#include <stdexcept>

namespace agora::testing {

std::string PeerRequest::header(std::string_view name) const {
    for (const auto& [key, value] : headers)
        if (http::iequals(key, name)) return value;
    return {};
}

FakePeer::FakePeer() : server_(std::make_unique<httplib::Server>()) {
    auto handle = [this](const httplib::Request& req, httplib::Response& res) {
        PeerRequest request{req.method, req.target, req.path, {}, req.body};
        for (const auto& [name, value] : req.headers)
            request.headers.emplace_back(name, value);
        auto answer = this->answer(request);
        if (answer.delay.count() > 0) std::this_thread::sleep_for(answer.delay);
        res.status = answer.status;
        for (const auto& [name, value] : answer.headers)
            res.set_header(name, value);
        if (answer.drip_chunks > 0) {
            auto sent = std::make_shared<int>(0);
            auto chunks = answer.drip_chunks;
            auto every = answer.drip_every;
            res.set_chunked_content_provider(
                answer.content_type, [sent, chunks, every](size_t, httplib::DataSink& sink) {
                    std::this_thread::sleep_for(every);
                    if (!sink.write("x", 1)) return false;
                    if (++*sent == chunks) sink.done();
                    return true;
                });
        } else {
            res.set_content(answer.body, answer.content_type);
        }
    };
    server_->Get(".*", handle);
    server_->Post(".*", handle);
    server_->new_task_queue = [] { return new httplib::ThreadPool(8); };
    int port = server_->bind_to_any_port("127.0.0.1");
    if (port <= 0) throw std::runtime_error("fake peer: cannot bind");
    port_ = std::uint16_t(port);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running())
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakePeer::~FakePeer() {
    stop();
}

void FakePeer::stop() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
}

void FakePeer::on(const std::string& path, PeerHandler handler) {
    std::lock_guard lock(mutex_);
    handlers_[path] = std::move(handler);
}

void FakePeer::serve_json(const std::string& path, std::string body, std::string content_type) {
    on(path, [body = std::move(body), content_type = std::move(content_type)](const PeerRequest&) {
        PeerResponse r;
        r.content_type = content_type;
        r.body = body;
        return r;
    });
}

PeerResponse FakePeer::answer(const PeerRequest& request) {
    PeerHandler handler;
    {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
        if (auto it = handlers_.find(request.path); it != handlers_.end()) handler = it->second;
    }
    if (!handler) return PeerResponse{404, "application/json", "{\"error\":\"not found\"}"};
    return handler(request);
}

std::vector<PeerRequest> FakePeer::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::size_t FakePeer::count(std::string_view path) const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& r : requests_)
        if (r.path == path) ++n;
    return n;
}

} // namespace agora::testing

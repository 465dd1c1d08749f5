// The HTTP/1.1 server: Beast sessions as C++20 coroutines on an io_context run by N threads.
// The only translation unit of the node that includes Beast and Asio.
#include "http/server.hpp"

#include "util/log.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <deque>

#include <chrono>
#include <csignal>
#include <ctime>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace agora::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

struct Connection;

// The server's end of a live stream: a queue drained by the connection's own coroutine. send() and
// close() may come from any thread; everything else runs on the connection's executor.
class Sink : public StreamSink, public std::enable_shared_from_this<Sink> {
public:
    static constexpr std::size_t max_queued = 1000; // past this the reader is too slow: disconnect

    explicit Sink(asio::any_io_executor executor) : executor_(executor), wake_(executor) {
        wake_.expires_at(asio::steady_timer::time_point::max());
    }

    void send(std::string message) override {
        if (closed_) return;
        asio::post(executor_, [self = shared_from_this(), message = std::move(message)]() mutable {
            if (self->queue_.size() >= max_queued) {
                log::warn("stream: a client did not keep up; disconnecting it");
                self->closed_ = true;
            } else {
                self->queue_.push_back(std::move(message));
            }
            self->wake_.cancel();
        });
    }

    void close() override {
        closed_ = true;
        asio::post(executor_, [self = shared_from_this()] { self->wake_.cancel(); });
    }

    bool closed() const override { return closed_; }

    // Waits for messages (or `heartbeat`, then returns none); on the connection's executor.
    asio::awaitable<std::deque<std::string>> next(std::chrono::seconds heartbeat) {
        if (queue_.empty() && !closed_) {
            wake_.expires_after(heartbeat);
            co_await wake_.async_wait(use_tuple);
        }
        std::deque<std::string> out;
        out.swap(queue_);
        co_return out;
    }

private:
    asio::any_io_executor executor_;
    asio::steady_timer wake_;
    std::deque<std::string> queue_;
    std::atomic<bool> closed_{false};
};

// The peer's address in the node's own form (kept in memory for rate limiting, never logged).
IpAddress peer_of(const tcp::socket& socket) {
    beast::error_code ec;
    auto endpoint = socket.remote_endpoint(ec);
    if (ec) return {};
    auto address = endpoint.address();
    if (address.is_v4()) return IpAddress::v4(address.to_v4().to_bytes());
    return IpAddress::v6(address.to_v6().to_bytes());
}

struct Connection {
    explicit Connection(tcp::socket socket) : peer(peer_of(socket)), stream(std::move(socket)) {}
    IpAddress peer; // read once: every request on the connection comes from it
    beast::tcp_stream stream;
    std::atomic<bool> idle{true};
    std::shared_ptr<Sink> sink; // set while the connection carries a live stream
};

// "Sun, 22 Nov 2026 18:02:15 GMT", recomputed at most once a second per thread.
const std::string& http_date() {
    thread_local std::time_t cached_at = 0;
    thread_local std::string cached;
    std::time_t now = std::time(nullptr);
    if (now != cached_at) {
        std::tm tm{};
        gmtime_r(&now, &tm);
        char out[40];
        std::strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        cached = out;
        cached_at = now;
    }
    return cached;
}

} // namespace

struct Server::Impl {
    Impl(const Router& r, ServerLimits l, bool log_access)
        : router(r), limits(l), access_log(log_access) {}

    const Router& router;
    ServerLimits limits;
    bool access_log;
    unsigned threads = 1;
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc};
    asio::signal_set signals{ioc};
    std::atomic<bool> stopping{false};
    std::function<void()> stopping_callback;
    std::mutex connections_mutex;
    std::unordered_map<Connection*, std::weak_ptr<Connection>> connections;

    asio::awaitable<void> accept_loop() {
        for (;;) {
            // A strand serialises a connection's handlers across threads; with one thread it would
            // only add locking to every request.
            auto executor_for_connection = threads > 1
                                               ? asio::any_io_executor(asio::make_strand(ioc))
                                               : asio::any_io_executor(ioc.get_executor());
            auto [ec, socket] = co_await acceptor.async_accept(executor_for_connection, use_tuple);
            if (ec) {
                if (!acceptor.is_open() || stopping) co_return;
                log::warn("accept failed: " + ec.message());
                continue;
            }
            socket.set_option(tcp::no_delay(true), ec);
            auto conn = std::make_shared<Connection>(std::move(socket));
            {
                std::lock_guard lock(connections_mutex);
                connections.emplace(conn.get(), conn);
            }
            auto executor = conn->stream.get_executor();
            asio::co_spawn(executor, session(conn), asio::detached);
        }
    }

    void forget(Connection* conn) {
        std::lock_guard lock(connections_mutex);
        connections.erase(conn);
    }

    std::size_t open_connections() {
        std::lock_guard lock(connections_mutex);
        return connections.size();
    }

    asio::awaitable<void> write_simple(Connection& conn, unsigned version, int status,
                                       std::string_view message) {
        Response r = error_response(status, message);
        bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(status), version};
        res.set(bhttp::field::content_type, r.content_type);
        res.set(bhttp::field::date, http_date());
        res.keep_alive(false);
        res.body() = std::move(r.body);
        res.prepare_payload();
        conn.stream.expires_after(std::chrono::seconds(limits.request_timeout_seconds));
        co_await bhttp::async_write(conn.stream, res, use_tuple);
        if (access_log) log::info("- - " + std::to_string(status) + " " + std::string(message));
    }

    // 413, then a lingering close: the client may still be sending the body, and closing at once
    // would make its send fail (EPIPE) before it reads the answer. Discard what comes for a while.
    asio::awaitable<void> refuse_body(Connection& conn, unsigned version) {
        co_await write_simple(conn, version, 413, "Request body too large");
        beast::error_code ec;
        conn.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        std::vector<char> discard(64 * 1024);
        while (std::chrono::steady_clock::now() < until) {
            conn.stream.expires_after(std::chrono::seconds(2));
            auto [rec, n] = co_await conn.stream.async_read_some(asio::buffer(discard), use_tuple);
            if (rec) break;
        }
    }

    static bool to_request(const bhttp::request<bhttp::string_body>& in, Request& out) {
        out.method = std::string(in.method_string());
        out.target = std::string(in.target());
        if (out.target.empty() || out.target.front() != '/') return false;
        auto q = out.target.find('?');
        auto decoded = percent_decode(std::string_view(out.target).substr(0, q));
        if (!decoded) return false;
        out.path = std::move(*decoded);
        if (q != std::string::npos) out.query = out.target.substr(q + 1);
        out.headers.reserve(16);
        for (const auto& field : in)
            out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        return true;
    }

    asio::awaitable<void> session(std::shared_ptr<Connection> conn) {
        try {
            co_await serve(*conn);
        } catch (const std::exception& e) {
            log::error(std::string("connection failed: ") + e.what());
        }
        beast::error_code ec;
        conn->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        conn->stream.socket().close(ec);
        forget(conn.get());
    }

    asio::awaitable<void> serve(Connection& conn) {
        beast::flat_buffer buffer;
        for (;;) {
            if (buffer.size() == 0) {
                // Idle keep-alive wait: the only state a graceful stop may interrupt.
                conn.idle = true;
                if (stopping) co_return;
                conn.stream.expires_after(std::chrono::seconds(limits.idle_timeout_seconds));
                auto [ec, n] =
                    co_await conn.stream.async_read_some(buffer.prepare(4096), use_tuple);
                if (ec) co_return;
                buffer.commit(n);
            }
            conn.idle = false;
            auto started = std::chrono::steady_clock::now();

            bhttp::request_parser<bhttp::string_body> parser;
            parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
            parser.body_limit(boost::none); // the route's limit is applied once the target is known
            conn.stream.expires_after(std::chrono::seconds(limits.request_timeout_seconds));
            auto [hec, hn] =
                co_await bhttp::async_read_header(conn.stream, buffer, parser, use_tuple);
            if (hec == bhttp::error::header_limit) {
                co_await write_simple(conn, 11, 431, "Request header fields too large");
                co_return;
            }
            if (hec == bhttp::error::body_limit) {
                co_await refuse_body(conn, 11);
                co_return;
            }
            if (hec == beast::error::timeout || hec == asio::error::eof ||
                hec == asio::error::connection_reset || hec == asio::error::operation_aborted ||
                hec == bhttp::error::end_of_stream)
                co_return;
            if (hec) {
                co_await write_simple(conn, 11, 400, "Bad request");
                co_return;
            }

            auto& head = parser.get();
            unsigned version = head.version();
            bool has_body = parser.chunked() || parser.content_length().value_or(0) > 0;
            if (has_body) {
                // Routing twice is only worth it when a body is coming: most requests are GETs.
                auto target = head.target();
                std::size_t limit =
                    router.body_limit(head.method_string(), target.substr(0, target.find('?')));
                if (limit == 0) limit = limits.max_body_bytes;
                if (auto length = parser.content_length(); length && *length > limit) {
                    co_await refuse_body(conn, version);
                    co_return;
                }
                parser.body_limit(limit);
            }
            if (!parser.is_done()) {
                if (beast::iequals(head[bhttp::field::expect], "100-continue")) {
                    bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
                    co_await bhttp::async_write(conn.stream, cont, use_tuple);
                }
                auto [bec, bn] = co_await bhttp::async_read(conn.stream, buffer, parser, use_tuple);
                if (bec == bhttp::error::body_limit) {
                    co_await refuse_body(conn, version);
                    co_return;
                }
                if (bec) co_return; // timeout or a client that went away: nothing to answer
            }

            auto in = parser.release();
            Request request;
            Response response;
            if (!to_request(in, request)) {
                response = error_response(400, "Bad request target");
            } else {
                request.body = std::move(in.body());
                request.peer = conn.peer;
                try {
                    if (const auto* opener = router.find_stream(request)) {
                        // A live stream: the connection is handed over and ends with it.
                        co_await stream(conn, *opener, request, in);
                        co_return;
                    }
                    response = router.dispatch(request);

                } catch (const std::exception& e) {
                    log::error(request.method + " " + request.path + " failed: " + e.what());
                    response = error_response(500, "Internal server error");
                }
            }

            bool keep_alive = in.keep_alive() && !stopping;
            bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(response.status),
                                                    version};
            res.set(bhttp::field::date, http_date());
            res.set(bhttp::field::content_type, response.content_type);
            // Links in statuses carry no noreferrer: the policy keeps our URLs from leaking
            // instead.
            res.set("Referrer-Policy", "same-origin");
            for (auto& [name, value] : response.headers)
                res.insert(name, value);
            std::size_t body_size = response.body.size();
            if (in.method() == bhttp::verb::head) {
                res.content_length(body_size);
            } else {
                res.body() = std::move(response.body);
                res.prepare_payload();
            }
            res.keep_alive(keep_alive);
            // The deadline set when the request began also bounds this write (slow readers).
            auto [wec, wn] = co_await bhttp::async_write(conn.stream, res, use_tuple);
            if (access_log) {
                auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::steady_clock::now() - started)
                                  .count();
                log::info(request.method + " " + request.path + " " +
                          std::to_string(response.status) + " " + std::to_string(body_size) + "B " +
                          std::to_string(micros) + "us");
            }
            if (wec || !keep_alive) co_return;
        }
    }

    // Runs a live stream on this connection: a WebSocket when the client asked for an upgrade,
    // otherwise server-sent events (the response has no length and ends when the stream does).
    asio::awaitable<void> stream(Connection& conn, const StreamOpener& opener, Request& request,
                                 bhttp::request<bhttp::string_body>& in) {
        bool websocket = beast::websocket::is_upgrade(in);
        auto sink = std::make_shared<Sink>(conn.stream.get_executor());
        auto start = opener(
            request, websocket ? StreamKind::websocket : StreamKind::server_sent_events, sink);
        if (!start.session) {
            auto& refusal = start.refusal;
            bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(refusal.status),
                                                    in.version()};
            res.set(bhttp::field::date, http_date());
            res.set(bhttp::field::content_type, refusal.content_type);
            for (auto& [name, value] : refusal.headers)
                res.insert(name, value);
            res.body() = std::move(refusal.body);
            res.prepare_payload();
            res.keep_alive(false);
            co_await bhttp::async_write(conn.stream, res, use_tuple);
            co_return;
        }
        conn.sink = sink;
        conn.stream.expires_never();
        if (stopping) sink->close();
        if (websocket)
            co_await run_websocket(conn, *sink, start.session, in, start.subprotocol);
        else
            co_await run_event_stream(conn, *sink, in.version());
        sink->close();
        start.session->on_close();
        conn.sink.reset();
    }

    asio::awaitable<void> run_event_stream(Connection& conn, Sink& sink, unsigned version) {
        std::string head = version == 10 ? "HTTP/1.0 200 OK\r\n" : "HTTP/1.1 200 OK\r\n";
        head +=
            "Date: " + http_date() +
            "\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
            "Access-Control-Allow-Origin: *\r\nX-Accel-Buffering: no\r\nConnection: close\r\n\r\n";
        auto [hec, hn] = co_await asio::async_write(conn.stream, asio::buffer(head), use_tuple);
        if (hec) co_return;
        while (!sink.closed() && !stopping) {
            auto messages = co_await sink.next(std::chrono::seconds(15));
            std::string chunk;
            for (auto& m : messages)
                chunk += m;
            if (chunk.empty()) chunk = ":thump\n\n"; // a heartbeat keeps proxies from timing out
            conn.stream.expires_after(std::chrono::seconds(limits.request_timeout_seconds));
            auto [ec, n] = co_await asio::async_write(conn.stream, asio::buffer(chunk), use_tuple);
            conn.stream.expires_never();
            if (ec) co_return;
        }
    }

    asio::awaitable<void> run_websocket(Connection& conn, Sink& sink,
                                        std::shared_ptr<StreamSession> session,
                                        bhttp::request<bhttp::string_body>& in,
                                        const std::string& subprotocol) {
        // Shared with the reader, which must be done before the connection (borrowed here) goes.
        struct State {
            explicit State(beast::tcp_stream& s) : ws(s) {}
            beast::websocket::stream<beast::tcp_stream&> ws;
            bool reader_done = false;
        };
        auto state = std::make_shared<State>(conn.stream);
        auto& ws = state->ws;
        ws.set_option(beast::websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws.read_message_max(64 * 1024);
        ws.set_option(beast::websocket::stream_base::decorator(
            [subprotocol](beast::websocket::response_type& res) {
                if (!subprotocol.empty())
                    res.set(bhttp::field::sec_websocket_protocol, subprotocol);
            }));
        auto [aec] = co_await ws.async_accept(in, use_tuple);
        if (aec) co_return;
        auto sink_ptr = sink.shared_from_this();
        // Reading runs beside writing: client frames (subscribe, unsubscribe) go to the session.
        auto reader = [](std::shared_ptr<State> state, std::shared_ptr<StreamSession> session,
                         std::shared_ptr<Sink> sink) -> asio::awaitable<void> {
            beast::flat_buffer buffer;
            for (;;) {
                auto [ec, n] = co_await state->ws.async_read(buffer, use_tuple);
                if (ec) break;
                if (state->ws.got_text())
                    session->on_message(beast::buffers_to_string(buffer.data()));
                buffer.consume(buffer.size());
            }
            state->reader_done = true;
            sink->close();
        };
        asio::co_spawn(conn.stream.get_executor(), reader(state, session, sink_ptr),
                       asio::detached);
        while (!sink.closed() && !stopping) {
            auto messages = co_await sink.next(std::chrono::seconds(30));
            for (auto& m : messages) {
                ws.text(true);
                auto [ec, n] = co_await ws.async_write(asio::buffer(m), use_tuple);
                if (ec) {
                    sink.close();
                    break;
                }
            }
        }
        if (!state->reader_done) {
            // Say goodbye, but do not wait long for a client that does not answer the close.
            beast::websocket::stream_base::timeout quick;
            ws.get_option(quick);
            quick.handshake_timeout = std::chrono::seconds(1);
            ws.set_option(quick);
            co_await ws.async_close(beast::websocket::close_code::going_away, use_tuple);
            conn.stream.cancel();
        }

        asio::steady_timer wait(conn.stream.get_executor());
        for (int i = 0; i < 100 && !state->reader_done; ++i) {
            wait.expires_after(std::chrono::milliseconds(10));
            co_await wait.async_wait(use_tuple);
        }
    }

    // After a stop began: wait for connections to finish, force the end after the timeout.

    asio::awaitable<void> drain() {
        auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::seconds(limits.shutdown_timeout_seconds);
        asio::steady_timer timer(ioc);
        while (open_connections() > 0) {
            if (std::chrono::steady_clock::now() >= deadline) {
                log::warn("shutdown timeout: closing " + std::to_string(open_connections()) +
                          " connection(s) still in flight");
                ioc.stop();
                co_return;
            }
            timer.expires_after(20ms);
            co_await timer.async_wait(use_tuple);
        }
    }

    void begin_stop() {
        if (stopping.exchange(true)) return;
        if (stopping_callback) stopping_callback();
        beast::error_code ec;
        acceptor.close(ec);
        signals.cancel(ec);
        std::vector<std::shared_ptr<Connection>> live;
        {
            std::lock_guard lock(connections_mutex);
            for (auto& [ptr, weak] : connections)
                if (auto c = weak.lock()) live.push_back(std::move(c));
        }
        for (auto& c : live) {
            asio::post(c->stream.get_executor(), [c] {
                if (c->idle) c->stream.cancel();
                if (c->sink) c->sink->close(); // live streams end at a stop
            });
        }
        asio::co_spawn(ioc, drain(), asio::detached);
    }
};

Server::Server(const Router& router, ServerLimits limits, bool access_log)
    : impl_(std::make_unique<Impl>(router, limits, access_log)) {}

Server::~Server() = default;

std::uint16_t Server::listen(const std::string& host, std::uint16_t port) {
    beast::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    tcp::endpoint endpoint(address, port);
    auto& acceptor = impl_->acceptor;
    if (!ec) acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        std::string where = host.find(':') != std::string::npos ? "[" + host + "]" : host;
        throw std::runtime_error("cannot listen on " + where + ":" + std::to_string(port) + ": " +
                                 ec.message());
    }
    return acceptor.local_endpoint().port();
}

void Server::run(unsigned threads, bool handle_signals) {
    auto& impl = *impl_;
    impl.threads = threads;
    asio::co_spawn(impl.ioc, impl.accept_loop(), asio::detached);
    if (handle_signals) {
        impl.signals.add(SIGINT);
        impl.signals.add(SIGTERM);
        impl.signals.async_wait([&impl](const beast::error_code& ec, int signal) {
            if (ec) return;
            log::info(std::string("received ") + (signal == SIGTERM ? "SIGTERM" : "SIGINT") +
                      ": finishing in-flight requests");
            impl.begin_stop();
        });
    }
    std::vector<std::thread> workers;
    for (unsigned i = 1; i < threads; ++i)
        workers.emplace_back([&impl] { impl.ioc.run(); });
    impl.ioc.run();
    for (auto& t : workers)
        t.join();
}

void Server::stop() {
    asio::post(impl_->ioc, [impl = impl_.get()] { impl->begin_stop(); });
}

void Server::on_stopping(std::function<void()> callback) {
    impl_->stopping_callback = std::move(callback);
}

bool Server::stopping() const {
    return impl_->stopping;
}

} // namespace agora::http

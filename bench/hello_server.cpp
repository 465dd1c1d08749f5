// The baseline: a bare Boost.Beast HTTP/1.1 "hello" server (C++20 coroutines, keep-alive, 1
// thread). Usage: hello_server PORT [--timeouts]   (listens on 127.0.0.1:PORT; PORT 0 picks a free
// one and prints it)
// --timeouts wraps each socket in a beast::tcp_stream re-armed before every read and write, as the
// node does; without it the socket is bare, as the baseline of LIMITS.md was measured.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view hello_body = "Hello, world!\n";

http::response<http::string_body> answer(const http::request<http::string_body>& req) {
    bool get = req.method() == http::verb::get || req.method() == http::verb::head;
    http::response<http::string_body> res{get ? http::status::ok : http::status::method_not_allowed,
                                          req.version()};
    res.set(http::field::server, "hello_server");
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.keep_alive(req.keep_alive());
    if (!get) {
        res.set(http::field::allow, "GET, HEAD");
        res.prepare_payload();
        return res;
    }
    if (req.method() == http::verb::head) {
        res.content_length(hello_body.size());
        return res;
    }
    res.body() = std::string(hello_body);
    res.prepare_payload();
    return res;
}

// One coroutine per connection: read a request, answer it, repeat while keep-alive holds.
template <bool Timeouts>
asio::awaitable<void> session(tcp::socket socket) {
    using Stream = std::conditional_t<Timeouts, beast::tcp_stream, tcp::socket>;
    Stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        http::request<http::string_body> req;
        if constexpr (Timeouts) stream.expires_after(std::chrono::seconds(60));
        auto [rec, rn] = co_await http::async_read(stream, buffer, req, use_tuple);
        if (rec) break;
        auto res = answer(req);
        bool keep_alive = res.keep_alive();
        if constexpr (Timeouts) stream.expires_after(std::chrono::seconds(60));
        auto [wec, wn] = co_await http::async_write(stream, res, use_tuple);
        if (wec || !keep_alive) break;
    }
    beast::error_code ec;
    if constexpr (Timeouts)
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    else
        stream.shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, bool timeouts) {
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
        if (ec) {
            if (!acceptor.is_open()) co_return;
            continue;
        }
        socket.set_option(tcp::no_delay(true), ec);
        auto executor = socket.get_executor();
        if (timeouts)
            asio::co_spawn(executor, session<true>(std::move(socket)), asio::detached);
        else
            asio::co_spawn(executor, session<false>(std::move(socket)), asio::detached);
    }
}

} // namespace

int main(int argc, char** argv) {
    unsigned port = 0;
    bool timeouts = argc == 3 && std::string_view(argv[2]) == "--timeouts";
    if (argc < 2 || argc > 3 || (argc == 3 && !timeouts) ||
        std::from_chars(argv[1], argv[1] + std::strlen(argv[1]), port).ec != std::errc() ||
        port > 65535) {
        std::fprintf(stderr, "usage: %s PORT [--timeouts]\n", argv[0]);
        return 2;
    }
    try {
        asio::io_context ioc{1};
        tcp::acceptor acceptor(ioc);
        tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"),
                               static_cast<unsigned short>(port));
        acceptor.open(endpoint.protocol());
        acceptor.set_option(asio::socket_base::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(asio::socket_base::max_listen_connections);
        std::printf("hello_server listening on 127.0.0.1:%u\n",
                    unsigned(acceptor.local_endpoint().port()));
        std::fflush(stdout);

        asio::signal_set signals(ioc, SIGINT, SIGTERM);
        signals.async_wait([&](const beast::error_code&, int) {
            beast::error_code ec;
            acceptor.close(ec);
            ioc.stop();
        });
        asio::co_spawn(ioc, accept_loop(acceptor, timeouts), asio::detached);
        ioc.run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hello_server: %s\n", e.what());
        return 1;
    }
    return 0;
}

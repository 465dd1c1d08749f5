// The outbound HTTP client: Beast over Asio (and OpenSSL for https) as C++20 coroutines on the
// client's own io_context. The only translation unit of federation/ that includes Beast.
#include "federation/http_client.hpp"

#include "config/config.hpp"
#include "federation/address_policy.hpp"
#include "federation/http_date.hpp"
#include "federation/remote_url.hpp"
#include "store/write_batch.hpp"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>

#include <atomic>
#include <ctime>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace agora::federation {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {
constexpr std::size_t max_header_bytes = 32 * 1024;

std::unexpected<FetchError> fail(FetchFailure failure, std::string message) {
    return std::unexpected(FetchError{failure, std::move(message)});
}

bool is_redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

IpAddress to_ip_address(const asio::ip::address& address) {
    if (address.is_v4()) return IpAddress::v4(address.to_v4().to_bytes());
    return IpAddress::v6(address.to_v6().to_bytes());
}

// The headers a hop starts from: the caller's, without those recomputed for each hop.
std::vector<http::Header> hop_headers(const std::vector<http::Header>& headers) {
    std::vector<http::Header> out;
    for (const auto& h : headers) {
        bool recomputed = http::iequals(h.first, "host") || http::iequals(h.first, "date") ||
                          http::iequals(h.first, "signature") ||
                          http::iequals(h.first, "signature-input");
        if (!recomputed) out.push_back(h);
    }
    return out;
}

bool has_header(const std::vector<http::Header>& headers, std::string_view name) {
    for (const auto& h : headers)
        if (http::iequals(h.first, name)) return true;
    return false;
}
} // namespace

std::string_view failure_name(FetchFailure failure) {
    switch (failure) {
    case FetchFailure::bad_url:
        return "bad_url";
    case FetchFailure::scheme_refused:
        return "scheme_refused";
    case FetchFailure::method_refused:
        return "method_refused";
    case FetchFailure::address_refused:
        return "address_refused";
    case FetchFailure::resolve_failed:
        return "resolve_failed";
    case FetchFailure::connect_failed:
        return "connect_failed";
    case FetchFailure::tls_failed:
        return "tls_failed";
    case FetchFailure::timeout:
        return "timeout";
    case FetchFailure::too_large:
        return "too_large";
    case FetchFailure::too_many_redirects:
        return "too_many_redirects";
    case FetchFailure::protocol_error:
        return "protocol_error";
    case FetchFailure::signing_failed:
        return "signing_failed";
    case FetchFailure::cancelled:
        return "cancelled";
    }
    return "unknown";
}

std::string_view HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers)
        if (http::iequals(key, name)) return value;
    return {};
}

HttpClientOptions HttpClientOptions::from_config(const Config& config) {
    HttpClientOptions o;
    o.allow_http = config.federation.allow_http;
    o.allow_private_addresses = config.federation.allow_private_addresses;
    o.connect_timeout = std::chrono::seconds(config.federation.connect_timeout_seconds);
    o.request_timeout = std::chrono::seconds(config.federation.request_timeout_seconds);
    o.max_response_bytes = config.federation.max_document_bytes;
    o.user_agent = std::string("Agora/") + AGORA_VERSION + " (+" + config.base_url() + "/)";
    return o;
}

struct HttpClient::Impl {
    explicit Impl(HttpClientOptions o) : options(std::move(o)), work(asio::make_work_guard(io)) {
        tls.set_default_verify_paths();
        tls.set_verify_mode(ssl::verify_peer);
        SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
        if (!options.extra_ca_pem.empty())
            tls.add_certificate_authority(asio::buffer(options.extra_ca_pem));
        for (unsigned i = 0; i < std::max(1u, options.threads); ++i)
            threads.emplace_back([this] { io.run(); });
    }

    ~Impl() { shutdown(); }

    void shutdown() {
        std::lock_guard lock(shutdown_mutex);
        stopped = true;
        work.reset();
        io.stop();
        for (auto& t : threads)
            if (t.joinable()) t.join();
    }

    asio::awaitable<HttpResult> exchange(OutgoingRequest request, RequestSigner sign);
    asio::awaitable<HttpResult> one_hop(const RemoteUrl& url, OutgoingRequest request,
                                        Clock::time_point deadline);
    asio::awaitable<std::expected<std::vector<tcp::endpoint>, FetchError>>
    resolve(const RemoteUrl& url, Clock::time_point deadline);
    template <typename Stream>
    asio::awaitable<HttpResult> talk(Stream& stream, const RemoteUrl& url,
                                     const OutgoingRequest& request, Clock::time_point deadline);

    HttpClientOptions options;
    ssl::context tls{ssl::context::tls_client}; // outlives the io_context and its streams
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work;
    std::vector<std::thread> threads;
    std::mutex shutdown_mutex;
    std::atomic<bool> stopped{false};
};

// Name resolution bounded by the deadline: getaddrinfo cannot be interrupted, so the coroutine
// stops waiting for it instead (the lookup finishes in the background and is dropped).
asio::awaitable<std::expected<std::vector<tcp::endpoint>, FetchError>>
HttpClient::Impl::resolve(const RemoteUrl& url, Clock::time_point deadline) {
    std::vector<tcp::endpoint> endpoints;
    if (auto literal = parse_ip_address(url.host)) {
        boost::system::error_code ec;
        auto address = asio::ip::make_address(url.host, ec);
        if (ec) co_return fail(FetchFailure::bad_url, "bad address in " + url.str());
        endpoints.emplace_back(address, url.port);
    } else {
        struct Lookup {
            explicit Lookup(asio::any_io_executor ex) : resolver(ex), timer(ex) {}
            tcp::resolver resolver;
            asio::steady_timer timer;
            bool done = false;
            boost::system::error_code ec;
            tcp::resolver::results_type results;
        };
        auto lookup = std::make_shared<Lookup>(co_await asio::this_coro::executor);
        lookup->timer.expires_at(deadline);
        lookup->resolver.async_resolve(
            url.host, std::to_string(url.port),
            [lookup](boost::system::error_code ec, tcp::resolver::results_type results) {
                lookup->done = true;
                lookup->ec = ec;
                lookup->results = std::move(results);
                lookup->timer.cancel();
            });
        co_await lookup->timer.async_wait(use_tuple);
        if (!lookup->done) {
            lookup->resolver.cancel();
            co_return fail(FetchFailure::timeout, "timed out resolving " + url.host);
        }
        if (lookup->ec)
            co_return fail(FetchFailure::resolve_failed,
                           "cannot resolve " + url.host + ": " + lookup->ec.message());
        for (const auto& entry : lookup->results)
            endpoints.push_back(entry.endpoint());
    }
    if (!options.allow_private_addresses) {
        std::erase_if(endpoints, [](const tcp::endpoint& e) {
            return !is_public_address(to_ip_address(e.address()));
        });
        if (endpoints.empty())
            co_return fail(FetchFailure::address_refused,
                           url.host +
                               " is not on the public internet (federation.allow_private_addresses "
                               "is off)");
    }
    co_return endpoints;
}

template <typename Stream>
asio::awaitable<HttpResult> HttpClient::Impl::talk(Stream& stream, const RemoteUrl& url,
                                                   const OutgoingRequest& request,
                                                   Clock::time_point deadline) {
    bhttp::request<bhttp::string_body> req{
        request.method == "POST" ? bhttp::verb::post : bhttp::verb::get, url.target, 11};
    for (const auto& [name, value] : request.headers)
        req.insert(name, value);
    req.set(bhttp::field::connection, "close");
    if (request.method == "POST" || !request.body.empty()) {
        req.body() = request.body;
        req.prepare_payload();
    }
    beast::get_lowest_layer(stream).expires_at(deadline);
    auto [write_ec, written] = co_await bhttp::async_write(stream, req, use_tuple);
    if (write_ec == beast::error::timeout)
        co_return fail(FetchFailure::timeout, "timed out sending to " + url.origin());
    if (write_ec)
        co_return fail(FetchFailure::connect_failed,
                       "cannot send to " + url.origin() + ": " + write_ec.message());

    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.header_limit(max_header_bytes);
    parser.body_limit(options.max_response_bytes);
    auto [read_ec, read] = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
    if (read_ec == ssl::error::stream_truncated && parser.is_header_done() && !parser.chunked() &&
        !parser.content_length()) {
        // A body that runs to the end of the connection, closed without TLS close_notify (many
        // servers do): what was read is the body.
        boost::system::error_code eof;
        parser.put_eof(eof);
        if (!eof) read_ec = {};
    }
    if (read_ec == beast::error::timeout)
        co_return fail(FetchFailure::timeout, "timed out waiting for " + url.str());
    if (read_ec == bhttp::error::body_limit || read_ec == bhttp::error::header_limit ||
        read_ec == bhttp::error::buffer_overflow)
        co_return fail(FetchFailure::too_large, url.str() + " answered more than " +
                                                    std::to_string(options.max_response_bytes) +
                                                    " bytes");
    if (read_ec)
        co_return fail(FetchFailure::protocol_error,
                       "cannot read the answer of " + url.str() + ": " + read_ec.message());
    auto& res = parser.get();
    HttpResponse out;
    out.status = int(res.result_int());
    for (const auto& field : res)
        out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    out.body = std::move(res.body());
    out.url = url.str();
    co_return out;
}

asio::awaitable<HttpResult> HttpClient::Impl::one_hop(const RemoteUrl& url, OutgoingRequest request,
                                                      Clock::time_point deadline) {
    auto endpoints = co_await resolve(url, deadline);
    if (!endpoints) co_return std::unexpected(endpoints.error());

    auto executor = co_await asio::this_coro::executor;
    beast::tcp_stream tcp_stream(executor);
    tcp_stream.expires_at(std::min(deadline, Clock::now() + options.connect_timeout));
    auto [connect_ec, endpoint] = co_await tcp_stream.async_connect(*endpoints, use_tuple);
    if (connect_ec == beast::error::timeout)
        co_return fail(FetchFailure::timeout, "timed out connecting to " + url.origin());
    if (connect_ec)
        co_return fail(FetchFailure::connect_failed,
                       "cannot connect to " + url.origin() + ": " + connect_ec.message());

    if (url.scheme == "http") {
        auto result = co_await talk(tcp_stream, url, request, deadline);
        boost::system::error_code ignored;
        tcp_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        co_return result;
    }
    beast::ssl_stream<beast::tcp_stream> tls_stream(std::move(tcp_stream), tls);
    if (!url.ipv6_literal() && !parse_ip_address(url.host))
        SSL_set_tlsext_host_name(tls_stream.native_handle(), url.host.c_str()); // SNI
    tls_stream.set_verify_mode(ssl::verify_peer);
    tls_stream.set_verify_callback(ssl::host_name_verification(url.host));
    beast::get_lowest_layer(tls_stream).expires_at(deadline);
    auto [handshake_ec] = co_await tls_stream.async_handshake(ssl::stream_base::client, use_tuple);
    if (handshake_ec == beast::error::timeout)
        co_return fail(FetchFailure::timeout,
                       "timed out in the TLS handshake with " + url.origin());
    if (handshake_ec)
        co_return fail(FetchFailure::tls_failed,
                       "TLS with " + url.origin() + " failed: " + handshake_ec.message());
    co_return co_await talk(tls_stream, url, request, deadline);
}

asio::awaitable<HttpResult> HttpClient::Impl::exchange(OutgoingRequest request,
                                                       RequestSigner sign) {
    auto deadline = Clock::now() + options.request_timeout;
    if (request.method != "GET" && request.method != "POST")
        co_return fail(FetchFailure::method_refused,
                       "only GET and POST are sent, not " + request.method);
    auto url = parse_remote_url(request.url);
    if (!url) co_return fail(FetchFailure::bad_url, "not an http(s) URL: " + request.url);
    auto base_headers = hop_headers(request.headers);
    for (int redirects = 0;; ++redirects) {
        if (url->scheme == "http" && !options.allow_http)
            co_return fail(FetchFailure::scheme_refused,
                           "plain http is refused (federation.allow_http is off): " + url->str());
        OutgoingRequest hop{request.method, url->str(), base_headers, request.body};
        hop.headers.emplace_back("Host", url->authority());
        hop.headers.emplace_back("Date", format_http_date(std::time(nullptr)));
        if (!has_header(hop.headers, "user-agent"))
            hop.headers.emplace_back("User-Agent", options.user_agent);
        if (sign) {
            if (auto signed_ = sign(hop); !signed_)
                co_return fail(FetchFailure::signing_failed,
                               "cannot sign the request to " + url->str() + ": " + signed_.error());
        }
        auto result = co_await one_hop(*url, std::move(hop), deadline);
        if (!result || request.method != "GET" || !is_redirect(result->status)) co_return result;
        auto location = result->header("location");
        if (location.empty()) co_return result;
        if (redirects == options.max_redirects)
            co_return fail(FetchFailure::too_many_redirects,
                           request.url + " redirects more than " +
                               std::to_string(options.max_redirects) + " times");
        auto next = resolve_location(*url, location);
        if (!next)
            co_return fail(FetchFailure::too_many_redirects,
                           url->str() + " redirects to an unusable location: " +
                               std::string(location.substr(0, 200)));
        url = std::move(next);
    }
}

HttpClient::HttpClient(HttpClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpClient::~HttpClient() = default;

void HttpClient::shutdown() {
    impl_->shutdown();
}

const HttpClientOptions& HttpClient::options() const {
    return impl_->options;
}

void HttpClient::send_async(OutgoingRequest request, RequestSigner sign, HttpCallback done) {
    if (impl_->stopped) {
        done(fail(FetchFailure::cancelled, "the HTTP client stopped"));
        return;
    }
    auto shared_done = std::make_shared<HttpCallback>(std::move(done));
    asio::co_spawn(asio::make_strand(impl_->io),
                   impl_->exchange(std::move(request), std::move(sign)),
                   [shared_done](std::exception_ptr error, HttpResult result) {
                       if (error) {
                           try {
                               std::rethrow_exception(error);
                           } catch (const std::exception& e) {
                               result = fail(FetchFailure::protocol_error, e.what());
                           } catch (...) {
                               result = fail(FetchFailure::protocol_error, "unexpected error");
                           }
                       }
                       (*shared_done)(std::move(result));
                   });
}

HttpResult HttpClient::send(OutgoingRequest request, RequestSigner sign) {
    if (impl_->io.get_executor().running_in_this_thread())
        throw std::logic_error("HttpClient::send called from the client's own thread");
    // A worker's open write batch is committed first: other writers never wait on the network.
    store::yield_write_batch();
    auto promise = std::make_shared<std::promise<HttpResult>>();
    auto future = promise->get_future();
    send_async(std::move(request), std::move(sign),
               [promise](HttpResult result) { promise->set_value(std::move(result)); });
    try {
        return future.get();
    } catch (const std::future_error&) {
        return fail(FetchFailure::cancelled, "the HTTP client stopped");
    }
}

} // namespace agora::federation

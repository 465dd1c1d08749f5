// The outbound HTTP client every request to another server goes through: https with certificate
// verification and SNI (plain http only when allowed), the SSRF guard on the addresses actually
// connected to, connect and total timeouts, a response size cap, at most a few redirects (GET
// only, each one checked again), GET and POST only. Beast and Asio stay inside http_client.cpp:
// requests run on the client's own small thread pool, and callers wait for them (send) or are
// called back (send_async; http_client_coro.hpp turns that into an awaitable).
#pragma once

#include "federation/http_signature.hpp"
#include "http/message.hpp"

#include <chrono>
#include <cstddef>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace agora {
struct Config;
}

namespace agora::federation {

struct HttpClientOptions {
    bool allow_http = false;              // plain http:// URLs (tests)
    bool allow_private_addresses = false; // loopback, private, link-local... (tests)
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds request_timeout{20000}; // the whole exchange, redirects included
    std::size_t max_response_bytes = 1024 * 1024;
    int max_redirects = 3;
    std::string user_agent = "Agora";
    unsigned threads = 2;
    std::string extra_ca_pem; // certificates trusted besides the system's (tests)

    // From federation.* and the instance's version and domain:
    // "Agora/<version> (+https://<domain>/)".
    static HttpClientOptions from_config(const Config& config);
};

struct HttpResponse {
    int status = 0;
    std::vector<http::Header> headers;
    std::string body;
    std::string url; // the URL that answered, after redirects

    // The first value of a header (case-insensitive); empty when absent.
    std::string_view header(std::string_view name) const;
};

enum class FetchFailure {
    bad_url,            // not an absolute http(s) URL we can parse
    scheme_refused,     // http:// while federation.allow_http is off
    method_refused,     // neither GET nor POST
    address_refused,    // resolves only to non-public addresses (SSRF guard)
    resolve_failed,     // the host name does not resolve
    connect_failed,     // no address accepted the connection
    tls_failed,         // handshake or certificate verification failed
    timeout,            // connect or total timeout
    too_large,          // the response (headers or body) is over the limit
    too_many_redirects, // more redirects than allowed, or a redirect to a bad Location
    protocol_error,     // the answer is not HTTP/1.1 we can read
    signing_failed,     // the request signer refused
    cancelled,          // the client stopped before the request ended
};
std::string_view failure_name(FetchFailure failure);

struct FetchError {
    FetchFailure failure;
    std::string message; // for logs; names the URL
};

using HttpResult = std::expected<HttpResponse, FetchError>;
// Called for each request about to be sent (each redirect included), after Host and Date are
// known: adds signature headers. An error stops the request (signing_failed).
using RequestSigner = std::function<std::expected<void, std::string>(OutgoingRequest&)>;
using HttpCallback = std::move_only_function<void(HttpResult)>;

class HttpClient {
public:
    explicit HttpClient(HttpClientOptions options);
    // Stops the threads (see shutdown).
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Starts the request; `done` is called once, on one of the client's threads. The request's
    // headers are sent as given, plus Host, Date, User-Agent and Content-Length when absent.
    void send_async(OutgoingRequest request, RequestSigner sign, HttpCallback done);
    // Waits for the result. Must not be called from one of the client's own threads.
    HttpResult send(OutgoingRequest request, RequestSigner sign = {});

    // Stops the threads and waits for them; requests still running end with `cancelled`, and
    // later ones at once. Owners call it before destroying what callbacks refer to.
    void shutdown();

    const HttpClientOptions& options() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace agora::federation

// What the draft-cavage and RFC 9421 code share: reading headers, the host and clock checks,
// splitting a URL to sign, and building errors. Internal to the signature files.
#include "federation/signature_support.hpp"
#include "util/blanks.hpp"

#include "federation/http_date.hpp"

#include <algorithm>
#include <ctime>

namespace agora::federation::signature_support {

namespace {

std::string lowercase(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

} // namespace

int header_count(std::span<const http::Header> headers, std::string_view name) {
    return int(std::count_if(headers.begin(), headers.end(),
                             [&](const http::Header& h) { return http::iequals(h.first, name); }));
}

std::optional<std::string> combined_header(std::span<const http::Header> headers,
                                           std::string_view name) {
    std::optional<std::string> out;
    for (const auto& [header_name, value] : headers) {
        if (!http::iequals(header_name, name)) continue;
        if (out)
            *out += ", ";
        else
            out.emplace();
        *out += trim_blanks(value);
    }
    return out;
}

bool safe_line(std::string_view value) {
    return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::string normalized_authority(std::string_view scheme, std::string_view authority) {
    std::string out = lowercase(trim_blanks(authority));
    if (out.empty()) return out;
    std::string_view default_port = scheme == "http" ? ":80" : scheme == "https" ? ":443" : "";
    // "[::1]:443" and "host:443" lose the port; a bare IPv6 literal has no port to lose.
    if (default_port.empty() || !out.ends_with(default_port)) return out;
    std::size_t host_length = out.size() - default_port.size();
    if (out.front() == '[' && out[host_length - 1] != ']') return out;
    return out.substr(0, host_length);
}

std::int64_t now_seconds(const VerifyOptions& options) {
    return options.now != 0 ? options.now : std::int64_t(std::time(nullptr));
}

std::unexpected<SignatureError> fail(SignatureFailure failure, std::string message,
                                     std::string key_id) {
    return std::unexpected(SignatureError{failure, std::move(message), std::move(key_id)});
}

std::expected<void, SignatureError> check_host(const ReceivedRequest& request,
                                               const VerifyOptions& options,
                                               const std::string& key_id) {
    int hosts = header_count(request.headers, "host");
    if (hosts > 1) return fail(SignatureFailure::malformed, "more than one Host header", key_id);
    if (options.expected_authority.empty()) return {};
    auto host = combined_header(request.headers, "host");
    if (!host || normalized_authority(options.scheme, *host) !=
                     normalized_authority(options.scheme, options.expected_authority))
        return fail(SignatureFailure::host_mismatch,
                    "the request is addressed to " + (host ? "\"" + *host + "\"" : "no host") +
                        ", not to " + options.expected_authority,
                    key_id);
    return {};
}

std::expected<void, SignatureError> check_times(std::optional<std::int64_t> created,
                                                std::optional<std::int64_t> expires,
                                                const VerifyOptions& options,
                                                const std::string& key_id) {
    std::int64_t now = now_seconds(options);
    if (created && *created > now + options.clock_skew_seconds)
        return fail(SignatureFailure::not_yet_valid,
                    "the signature was made " + std::to_string(*created - now) +
                        " s in the future (clock skew allowed: " +
                        std::to_string(options.clock_skew_seconds) + " s)",
                    key_id);
    if (created && *created < now - options.max_age_seconds)
        return fail(SignatureFailure::expired,
                    "the signature was made " + std::to_string(now - *created) +
                        " s ago (at most " + std::to_string(options.max_age_seconds) +
                        " s accepted)",
                    key_id);
    if (expires && *expires < now - options.clock_skew_seconds)
        return fail(SignatureFailure::expired,
                    "the signature expired " + std::to_string(now - *expires) + " s ago", key_id);
    return {};
}

bool has_content(const ReceivedRequest& request) {
    return !request.body.empty() || http::iequals(request.method, "POST");
}

std::optional<UrlParts> split_url(std::string_view url) {
    auto colon = url.find("://");
    if (colon == std::string_view::npos) return std::nullopt;
    std::string scheme = lowercase(url.substr(0, colon));
    if (scheme != "https" && scheme != "http") return std::nullopt;
    auto rest = url.substr(colon + 3);
    auto authority_end = rest.find_first_of("/?#");
    auto authority = rest.substr(0, authority_end);
    if (authority.empty() || authority.find_first_of("@ \t\r\n") != std::string_view::npos)
        return std::nullopt;
    auto path_and_query =
        authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
    path_and_query = path_and_query.substr(0, path_and_query.find('#'));
    std::string target;
    if (path_and_query.empty() || path_and_query.front() == '?') target = "/"; // an empty path
    target += path_and_query;
    if (!safe_line(target) || target.find(' ') != std::string::npos) return std::nullopt;
    return UrlParts{scheme, normalized_authority(scheme, authority), std::move(target)};
}

const std::string* find_header(const std::vector<http::Header>& headers, std::string_view name) {
    for (const auto& [header_name, value] : headers)
        if (http::iequals(header_name, name)) return &value;
    return nullptr;
}

std::expected<UrlParts, std::string> prepare_outgoing(OutgoingRequest& request, std::int64_t now) {
    auto url = split_url(request.url);
    if (!url) return std::unexpected("not an absolute http(s) URL: " + request.url);
    std::erase_if(request.headers, [](const http::Header& h) {
        return http::iequals(h.first, "signature") || http::iequals(h.first, "signature-input");
    });
    if (auto* host = find_header(request.headers, "host")) {
        if (normalized_authority(url->scheme, *host) != url->authority)
            return std::unexpected("the Host header \"" + *host + "\" is not the URL's host");
    } else {
        request.headers.emplace_back("Host", url->authority);
    }
    if (!find_header(request.headers, "date"))
        request.headers.emplace_back("Date", format_http_date(now));
    for (const auto& [name, value] : request.headers)
        if (!safe_line(name) || !safe_line(value))
            return std::unexpected("header " + name + " spans several lines");
    return *url;
}

} // namespace agora::federation::signature_support

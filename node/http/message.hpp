// The node's own HTTP request and response types: what handlers see, free of Beast and Asio.
#pragma once

#include "util/ip_address.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agora::http {

using Header = std::pair<std::string, std::string>;

bool iequals(std::string_view a, std::string_view b);
// Decodes %XX escapes (and '+' as space when `plus_is_space`); nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);
std::string percent_encode(std::string_view text);

struct Request {
    std::string method; // "GET", "POST"...
    std::string target; // as received: path and query
    std::string path;   // percent-decoded path, no query
    std::string query;  // raw query string, without '?'
    std::vector<Header> headers;
    std::string body;
    std::map<std::string, std::string> params; // filled by the router from {name} segments
    // The TCP peer (often a reverse proxy: see http/client_address.hpp). Kept in memory for rate
    // limiting only: never logged, never stored.
    IpAddress peer;

    std::string_view header(std::string_view name) const;
    // First value of a query parameter, percent-decoded; nullopt when absent or malformed.
    std::optional<std::string> query_param(std::string_view name) const;
    const std::string& param(const std::string& name) const { return params.at(name); }
};

struct Response {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
    std::vector<Header> headers;

    Response& header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

Response text_response(int status, std::string body);
// A Mastodon-style error: {"error": "..."} with the given status.
Response error_response(int status, std::string_view message);

} // namespace agora::http

// Maps a method and a path pattern to a handler, with per-route body limits and content
// negotiation.
#include "http/router.hpp"
#include "util/blanks.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace agora::http {

namespace {
// The q-value of one Accept item ("text/html;q=0.8" -> 0.8), 1 when absent, 0 when unreadable.
double quality(std::string_view params) {
    auto q = params.find("q=");
    if (q == std::string_view::npos) return 1.0;
    std::string text(trim_blanks(params.substr(q + 2, params.find(';', q) - q - 2)));
    char* end = nullptr;
    double value = std::strtod(text.c_str(), &end);
    return end == text.c_str() ? 0.0 : value;
}

void add_cors(Response& response) {
    response.header("Access-Control-Allow-Origin", "*");
    // Scripts may read only the headers the answer itself (not the preflight) exposes: Link for
    // paging, X-RateLimit-* for pacing. Said only when there are such headers: each header costs.
    bool readable = std::any_of(response.headers.begin(), response.headers.end(), [](auto& h) {
        return iequals(h.first, "Link") || iequals(h.first, "X-RateLimit-Limit");
    });
    if (readable)
        response.header(
            "Access-Control-Expose-Headers",
            "Link, X-RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining, X-Request-Id");
}
} // namespace

bool wants_activity_json(std::string_view accept) {
    double activity = 0, html = 0;
    int activity_pos = -1, html_pos = -1, position = 0;
    while (!accept.empty()) {
        auto comma = accept.find(',');
        auto item = accept.substr(0, comma);
        accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);
        auto semi = item.find(';');
        auto type = trim_blanks(item.substr(0, semi));
        double q = semi == std::string_view::npos ? 1.0 : quality(item.substr(semi + 1));
        bool is_activity = iequals(type, "application/activity+json") ||
                           iequals(type, "application/ld+json") ||
                           iequals(type, "application/json");
        bool is_html = iequals(type, "text/html") || iequals(type, "application/xhtml+xml") ||
                       iequals(type, "text/*");
        if (is_activity && q > activity) activity = q, activity_pos = position;
        if (is_html && q > html) html = q, html_pos = position;
        ++position;
    }
    if (activity <= 0) return false;
    if (activity != html) return activity > html;
    return activity_pos < html_pos;
}

std::vector<std::string_view> Router::split(std::string_view path) {
    // Rails tolerates a trailing slash ("/api/v1/apps/") and clients rely on it.
    if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    std::vector<std::string_view> parts;
    std::size_t start = 1;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        if (slash == std::string_view::npos) slash = path.size();
        parts.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return parts;
}

std::vector<Router::Segment> Router::parse_pattern(std::string_view pattern) {
    if (pattern.empty() || pattern.front() != '/')
        throw std::invalid_argument("route pattern must start with '/'");
    std::vector<Segment> segments;
    for (auto part : split(pattern)) {
        Segment seg;
        auto open = part.find('{');
        if (open != std::string_view::npos && part.back() == '}') {
            seg.literal = std::string(part.substr(0, open));
            seg.param = std::string(part.substr(open + 1, part.size() - open - 2));
        } else {
            seg.literal = std::string(part);
        }
        segments.push_back(std::move(seg));
    }
    return segments;
}

void Router::add_stream(std::string_view pattern, StreamOpener opener) {
    streams_.emplace_back(parse_pattern(pattern), std::move(opener));
    auto prefix = pattern.substr(0, pattern.find('{'));
    if (stream_prefix_.empty() || !prefix.starts_with(stream_prefix_)) {
        // The longest prefix all stream paths share: most requests are ruled out by it alone.
        std::size_t common = 0;
        while (common < prefix.size() && common < stream_prefix_.size() &&
               prefix[common] == stream_prefix_[common])
            ++common;
        stream_prefix_ =
            streams_.size() == 1 ? std::string(prefix) : stream_prefix_.substr(0, common);
    }
}

const StreamOpener* Router::find_stream(Request& request) const {
    if (request.method != "GET" || streams_.empty() || !request.path.starts_with(stream_prefix_))
        return nullptr;

    auto parts = split(request.path);
    for (const auto& [segments, opener] : streams_) {
        if (match(segments, parts, &request.params)) return &opener;
    }
    return nullptr;
}

void Router::add(std::string_view method, std::string_view pattern, Handler handler,
                 RouteOptions options) {
    Route route{std::string(method), parse_pattern(pattern), std::move(handler), options};

    for (auto& other : routes_) {
        bool same =
            other.method == route.method && other.segments.size() == route.segments.size() &&
            std::equal(other.segments.begin(), other.segments.end(), route.segments.begin(),
                       [](const Segment& a, const Segment& b) {
                           return a.literal == b.literal && a.param.empty() == b.param.empty();
                       });
        if (same) other.negotiated = route.negotiated = true;
    }
    routes_.push_back(std::move(route));
}

bool Router::match(const std::vector<Segment>& segments, const std::vector<std::string_view>& parts,
                   std::map<std::string, std::string>* params) {
    if (segments.size() != parts.size()) return false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto& seg = segments[i];
        if (seg.param.empty()) {
            if (parts[i] != seg.literal) return false;
            continue;
        }
        if (!parts[i].starts_with(seg.literal) || parts[i].size() == seg.literal.size())
            return false;
        if (params) (*params)[seg.param] = std::string(parts[i].substr(seg.literal.size()));
    }
    return true;
}

const Router::Route* Router::find(std::string_view method,
                                  const std::vector<std::string_view>& parts,
                                  std::string_view accept,
                                  std::map<std::string, std::string>* params) const {
    const Route* fallback = nullptr;
    bool activity = wants_activity_json(accept);
    for (const auto& route : routes_) {
        if (route.method != method || !match(route.segments, parts, nullptr)) continue;
        bool is_activity = route.options.representation == Representation::activity_json;
        if (is_activity == activity) {
            fallback = &route;
            break;
        }
        if (!fallback || (!is_activity && fallback->options.representation != Representation::any))
            fallback = &route;
    }
    if (fallback && params) match(fallback->segments, parts, params);
    return fallback;
}

std::size_t Router::body_limit(std::string_view method, std::string_view path) const {
    auto parts = split(path);
    std::size_t limit = 0;
    for (const auto& route : routes_)
        if (route.method == method && match(route.segments, parts, nullptr))
            limit = std::max(limit, route.options.max_body_bytes);
    return limit;
}

Response Router::dispatch(Request& request) const {
    auto parts = split(request.path);
    std::string_view method = request.method == "HEAD" ? std::string_view("GET") : request.method;
    if (const Route* route = find(method, parts, request.header("Accept"), &request.params)) {
        Response response = route->handler(request);
        if (route->negotiated) response.header("Vary", "Accept");
        if (route->options.cors) add_cors(response);
        return response;
    }
    std::vector<std::string> allowed;
    bool cors = false;
    for (const auto& route : routes_) {
        if (!match(route.segments, parts, nullptr)) continue;
        cors |= route.options.cors;
        if (std::find(allowed.begin(), allowed.end(), route.method) == allowed.end())
            allowed.push_back(route.method);
        if (route.method == "GET" &&
            std::find(allowed.begin(), allowed.end(), "HEAD") == allowed.end())
            allowed.push_back("HEAD");
    }
    if (allowed.empty()) return error_response(404, "Not found");
    std::string allow;
    for (const auto& m : allowed)
        allow += (allow.empty() ? "" : ", ") + m;
    if (cors && request.method == "OPTIONS") {
        Response preflight = text_response(204, "");
        add_cors(preflight);
        preflight.header("Access-Control-Allow-Methods", allow);
        preflight.header("Access-Control-Allow-Headers",
                         "Authorization, Content-Type, Idempotency-Key, Accept, Accept-Language");
        preflight.header("Access-Control-Max-Age", "86400");
        return preflight;
    }
    auto response = error_response(405, "Method not allowed");
    response.header("Allow", allow);
    if (cors) add_cors(response);
    return response;
}

} // namespace agora::http

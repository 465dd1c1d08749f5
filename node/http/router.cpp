// Maps a method and a path pattern to a handler, with per-route body limits and content
// negotiation.
#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace agora::http {

bool wants_activity_json(std::string_view accept) {
    return accept.find("application/activity+json") != std::string_view::npos ||
           accept.find("application/ld+json") != std::string_view::npos ||
           accept.find("application/json") != std::string_view::npos;
}

std::vector<std::string_view> Router::split(std::string_view path) {
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

void Router::add(std::string_view method, std::string_view pattern, Handler handler,
                 RouteOptions options) {
    if (pattern.empty() || pattern.front() != '/')
        throw std::invalid_argument("route pattern must start with '/'");
    Route route{std::string(method), {}, std::move(handler), options};
    for (auto part : split(pattern)) {
        Segment seg;
        auto open = part.find('{');
        if (open != std::string_view::npos && part.back() == '}') {
            seg.literal = std::string(part.substr(0, open));
            seg.param = std::string(part.substr(open + 1, part.size() - open - 2));
        } else {
            seg.literal = std::string(part);
        }
        route.segments.push_back(std::move(seg));
    }
    routes_.push_back(std::move(route));
}

bool Router::match(const Route& route, const std::vector<std::string_view>& parts,
                   std::map<std::string, std::string>* params) {
    if (route.segments.size() != parts.size()) return false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto& seg = route.segments[i];
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
        if (route.method != method || !match(route, parts, nullptr)) continue;
        bool is_activity = route.options.representation == Representation::activity_json;
        if (is_activity == activity) {
            fallback = &route;
            break;
        }
        if (!fallback || (!is_activity && fallback->options.representation != Representation::any))
            fallback = &route;
    }
    if (fallback && params) match(*fallback, parts, params);
    return fallback;
}

std::size_t Router::body_limit(std::string_view method, std::string_view path) const {
    auto parts = split(path);
    std::size_t limit = 0;
    for (const auto& route : routes_)
        if (route.method == method && match(route, parts, nullptr))
            limit = std::max(limit, route.options.max_body_bytes);
    return limit;
}

Response Router::dispatch(Request& request) const {
    auto parts = split(request.path);
    std::string_view method = request.method == "HEAD" ? std::string_view("GET") : request.method;
    if (const Route* route = find(method, parts, request.header("Accept"), &request.params)) {
        Response response = route->handler(request);
        bool negotiated = std::any_of(routes_.begin(), routes_.end(), [&](const Route& other) {
            return &other != route && other.method == route->method && match(other, parts, nullptr);
        });
        if (negotiated) response.header("Vary", "Accept");
        return response;
    }
    std::vector<std::string> allowed;
    for (const auto& route : routes_) {
        if (!match(route, parts, nullptr)) continue;
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
    auto response = error_response(405, "Method not allowed");
    response.header("Allow", allow);
    return response;
}

} // namespace agora::http

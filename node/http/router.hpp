// Maps a method and a path pattern ("/users/{name}/outbox", "/@{name}") to a handler, with
// per-route body limits and content negotiation between an ActivityPub and an HTML twin of the same
// path.
#pragma once

#include "http/message.hpp"
#include "http/stream.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace agora::http {

using Handler = std::function<Response(Request&)>;

// Which representation a route serves when two routes share a method and a path.
enum class Representation {
    any,           // the default: HTML pages, plain APIs
    activity_json, // chosen when the Accept header asks for ActivityStreams JSON
};

// True when Accept prefers ActivityStreams JSON (application/activity+json, application/ld+json or
// application/json) to HTML: by q-value, then by order; a bare */* does not count for HTML.
bool wants_activity_json(std::string_view accept);

struct RouteOptions {
    std::size_t max_body_bytes = 0; // 0: the server's http.max_body_bytes
    Representation representation = Representation::any;
    // Cross-origin reads allowed (Access-Control-Allow-Origin: * on every answer, errors included,
    // and OPTIONS preflights), as Mastodon does for its API, OAuth and well-known endpoints.
    bool cors = false;
};

class Router {
public:
    void add(std::string_view method, std::string_view pattern, Handler handler,
             RouteOptions options = {});

    // A GET path answered by a live stream (WebSocket upgrade or server-sent events).
    void add_stream(std::string_view pattern, StreamOpener opener);
    // The stream opener for a GET of this path, with its parameters filled in; null when none.
    const StreamOpener* find_stream(Request& request) const;

    // The body limit for the route this method and path reach (0: the server default).
    std::size_t body_limit(std::string_view method, std::string_view path) const;

    // Runs the matching handler; 404 when no route has this path, 405 (with Allow) when the path
    // exists for other methods. HEAD is answered by the GET route; OPTIONS by a CORS preflight
    // when a route of the path allows cross-origin use.
    Response dispatch(Request& request) const;

private:
    struct Segment {
        std::string literal; // the fixed part (for "@{name}", "@")
        std::string param;   // empty when the segment is entirely literal
    };
    struct Route {
        std::string method;
        std::vector<Segment> segments;
        Handler handler;
        RouteOptions options;
        bool negotiated =
            false; // another route has the same method and pattern: answer Vary: Accept
    };

    static std::vector<std::string_view> split(std::string_view path);
    static bool match(const std::vector<Segment>& segments,
                      const std::vector<std::string_view>& parts,
                      std::map<std::string, std::string>* params);
    const Route* find(std::string_view method, const std::vector<std::string_view>& parts,
                      std::string_view accept, std::map<std::string, std::string>* params) const;

    std::vector<Route> routes_;
    std::vector<std::pair<std::vector<Segment>, StreamOpener>> streams_;
    std::string stream_prefix_;

    static std::vector<Segment> parse_pattern(std::string_view pattern);
};

} // namespace agora::http

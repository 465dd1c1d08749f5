// Local statuses served as ActivityStreams objects: the Note (or Question) at its id, the Create
// (or a boost's Announce) at its id followed by /activity.
#include "federation/status_routes.hpp"

#include "federation/activitypub.hpp"
#include "federation/ap_context.hpp"
#include "federation/ap_status.hpp"
#include "node.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

#include <charconv>

namespace agora::federation {

namespace {
// The records of status `{id}` by local account `{username}`, when anyone may read it: public and
// unlisted statuses only. Followers-only and direct ones need a signed request from an actor
// allowed to see them, and signatures are not checked on GETs yet: they are not found.
std::optional<StatusRecords> readable_status(Node& node, const http::Request& req) {
    const auto& text = req.param("id");
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
    auto conn = node.database().acquire();
    store::Snapshot snapshot(*conn);
    auto account = store::find_local_account(*conn, req.param("username"));
    if (!account) return std::nullopt;
    auto records = load_status_records(*conn, node.config(), id, now_unix_ms());
    if (!records || records->status.account_id != account->id) return std::nullopt;
    auto visibility = records->status.visibility;
    if (visibility != Visibility::public_ && visibility != Visibility::unlisted)
        return std::nullopt;
    return records;
}

http::Response not_found() {
    return http::error_response(404, "Record not found");
}

http::Response document(const nlohmann::json& body) {
    return json_document(body, activity_json);
}
} // namespace

void install_status_routes(Node& node) {
    const http::RouteOptions activity_route{.representation = http::Representation::activity_json,
                                            .cors = true};
    // A boost has no object of its own: its id is its Announce's, at .../activity.
    node.router().add(
        "GET", "/users/{username}/statuses/{id}",
        [&node](http::Request& req) {
            auto records = readable_status(node, req);
            if (!records || records->reblog_uri) return not_found();
            return document(with_context(status_object(*records, node.config())));
        },
        activity_route);
    // Browsers are sent to the status's web address, as Mastodon sends them.
    node.router().add("GET", "/users/{username}/statuses/{id}", [&node](http::Request& req) {
        auto records = readable_status(node, req);
        if (!records || records->reblog_uri) return not_found();
        http::Response r;
        r.status = 302;
        r.header("Location", status_object(*records, node.config()).at("url").get<std::string>());
        return r;
    });
    node.router().add(
        "GET", "/users/{username}/statuses/{id}/activity",
        [&node](http::Request& req) {
            auto records = readable_status(node, req);
            if (!records) return not_found();
            return document(with_context(status_activity(*records, node.config())));
        },
        activity_route);
}

} // namespace agora::federation
